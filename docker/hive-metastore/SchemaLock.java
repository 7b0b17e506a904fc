import java.sql.Connection;
import java.sql.Statement;

/**
 * Waits for the metastore database (bounded retries), takes a PostgreSQL advisory lock, runs the
 * command given as arguments (schematool) while holding it, and releases it. Two replicas that start
 * at once therefore create or upgrade the schema one after the other, never concurrently.
 *
 * The connection comes from metastore-site.xml (see MetastoreDatabase).
 */
public class SchemaLock {
  private static final long LOCK_KEY = 4_201_903_083L;

  public static void main(String[] args) throws Exception {
    String confDir = env("METASTORE_CONF_DIR", "/etc/hive-metastore");
    Connection connection = MetastoreDatabase.connectWithRetries(confDir);
    try (Statement statement = connection.createStatement()) {
      log("waiting for the schema lock");
      statement.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
      log("holding the schema lock; running: " + String.join(" ", args).replaceAll(" -cp \\S+", " -cp …"));
      int exit = new ProcessBuilder(args).inheritIO().start().waitFor();
      statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
      log("schema lock released; schematool exited " + exit);
      System.exit(exit);
    } finally {
      connection.close();
    }
  }

  private static String env(String name, String fallback) {
    return MetastoreDatabase.env(name, fallback);
  }

  private static void log(String message) {
    MetastoreDatabase.log(message);
  }
}
