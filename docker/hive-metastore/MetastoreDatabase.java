import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * What the entrypoint's helpers (SchemaLock, DatabaseUserBootstrap) share: the database connection of
 * metastore-site.xml, read with Hadoop's Configuration so that ${env.NAME} references resolve exactly as
 * in the metastore itself, opened with bounded retries (METASTORE_DB_WAIT_ATTEMPTS, default 30, every
 * METASTORE_DB_WAIT_SECONDS, default 5); on giving up the process exits with code 3.
 */
final class MetastoreDatabase {
  private MetastoreDatabase() {}

  static Connection connectWithRetries(String confDir) throws InterruptedException {
    int attempts = Integer.parseInt(env("METASTORE_DB_WAIT_ATTEMPTS", "30"));
    long intervalMillis = 1000L * Integer.parseInt(env("METASTORE_DB_WAIT_SECONDS", "5"));
    Configuration conf = new Configuration(false);
    conf.addResource(new Path(confDir, "metastore-site.xml"));
    String url = conf.get("javax.jdo.option.ConnectionURL");
    String user = conf.get("javax.jdo.option.ConnectionUserName", "");
    String password = conf.get("javax.jdo.option.ConnectionPassword", "");

    for (int attempt = 1; ; attempt++) {
      try {
        Connection connection = DriverManager.getConnection(url, user, password);
        log("database reachable (attempt " + attempt + "/" + attempts + ")");
        return connection;
      } catch (SQLException e) {
        if (attempt >= attempts) {
          log("database still unreachable after " + attempts + " attempts: " + e.getMessage() + "; giving up");
          System.exit(3);
        }
        log("waiting for the database (attempt " + attempt + "/" + attempts + "): " + e.getMessage());
        Thread.sleep(intervalMillis);
      }
    }
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  static void log(String message) {
    System.out.println("[metastore-entrypoint] " + message);
  }
}
