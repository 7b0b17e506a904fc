import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Waits for the metastore database (bounded retries), takes a PostgreSQL advisory lock, runs the
 * command given as arguments (schematool) while holding it, and releases it. Two replicas that start
 * at once therefore create or upgrade the schema one after the other, never concurrently.
 *
 * The connection settings come from metastore-site.xml, read with Hadoop's Configuration so that
 * ${env.NAME} references resolve exactly as they do in the metastore itself.
 */
public class SchemaLock {
  private static final long LOCK_KEY = 4_201_903_083L;

  public static void main(String[] args) throws Exception {
    String confDir = env("METASTORE_CONF_DIR", "/etc/hive-metastore");
    int attempts = Integer.parseInt(env("METASTORE_DB_WAIT_ATTEMPTS", "30"));
    long intervalMillis = 1000L * Integer.parseInt(env("METASTORE_DB_WAIT_SECONDS", "5"));

    Configuration conf = new Configuration(false);
    conf.addResource(new Path(confDir, "metastore-site.xml"));
    String url = conf.get("javax.jdo.option.ConnectionURL");
    String user = conf.get("javax.jdo.option.ConnectionUserName", "");
    String password = conf.get("javax.jdo.option.ConnectionPassword", "");

    Connection connection = null;
    for (int attempt = 1; connection == null; attempt++) {
      try {
        connection = DriverManager.getConnection(url, user, password);
        log("database reachable (attempt " + attempt + "/" + attempts + ")");
      } catch (SQLException e) {
        if (attempt >= attempts) {
          log("database still unreachable after " + attempts + " attempts: " + e.getMessage() + "; giving up");
          System.exit(3);
        }
        log("waiting for the database (attempt " + attempt + "/" + attempts + "): " + e.getMessage());
        Thread.sleep(intervalMillis);
      }
    }
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
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static void log(String message) {
    System.out.println("[metastore-entrypoint] " + message);
  }
}
