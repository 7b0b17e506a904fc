/**
 * Hive's always-on metastore task list, from the metastore's own jars.
 * Without an argument: prints MetastoreConf's default of metastore.task.threads.always (comma-separated).
 * With a comma-separated list: loads each class, and fails on the first one missing.
 * Usage (compiled by test/metastore-engine/metastore-engine.ts with javac against the metastore's lib/*):
 *   java -cp <classes>:<metastore lib/*> TaskDefaults [TASK,TASK,...]
 */
public class TaskDefaults {
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.out.println(org.apache.hadoop.hive.metastore.conf.MetastoreConf.ConfVars.TASK_THREADS_ALWAYS.getDefaultVal());
      return;
    }
    for (String task : args[0].split(",")) Class.forName(task);
  }
}
