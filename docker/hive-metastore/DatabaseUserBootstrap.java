import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The image's `bootstrap-iam-user` mode: as the master user (whose secret the JDBC wrapper reads),
 * creates the metastore's IAM database user and gives it what the metastore needs, idempotently:
 *   CREATE ROLE <user> LOGIN (no password), GRANT rds_iam, CONNECT on the database, USAGE and CREATE
 *   on schema public, and ownership of every table, view and sequence already in schema public (a
 *   metastore switched from password to IAM authentication keeps its schema and can upgrade it).
 * Everything runs in one transaction. To change an owner, PostgreSQL requires the master to be a
 * member of the new owner; that membership is granted and revoked inside the transaction, so it is
 * never committed (committed, it would make the master a member of rds_iam and lock it out of
 * password logins).
 *
 * Configuration: $METASTORE_CONF_DIR/metastore-site.xml (the master's connection) and
 * $METASTORE_IAM_USER (the user to create). Exit codes: 0 done, 2 bad input, 3 database unreachable,
 * 4 SQL failure.
 */
public class DatabaseUserBootstrap {
  private static final String RDS_IAM_ROLE = "rds_iam";

  public static void main(String[] args) throws Exception {
    String confDir = env("METASTORE_CONF_DIR", "/etc/hive-metastore");
    String user = env("METASTORE_IAM_USER", "");
    if (!user.matches("[a-z_][a-z0-9_]{0,62}")) {
      log("METASTORE_IAM_USER (\"" + user + "\") must be a lowercase PostgreSQL identifier");
      System.exit(2);
    }

    try (Connection master = MetastoreDatabase.connectWithRetries(confDir)) {
      master.setAutoCommit(false);
      bootstrap(master, user);
      master.commit();
      log("database user " + user + " is ready for IAM authentication");
    } catch (SQLException e) {
      log("bootstrap failed: " + e.getMessage());
      System.exit(4);
    }
  }

  private static void bootstrap(Connection connection, String user) throws SQLException {
    String role = quote(user);
    try (Statement sql = connection.createStatement()) {
      String database = single(connection, "SELECT current_database()", null);
      String self = single(connection, "SELECT current_user", null);
      if (single(connection, "SELECT rolname FROM pg_roles WHERE rolname = ?", user) == null) {
        sql.execute("CREATE ROLE " + role + " LOGIN");
        log("created role " + user);
      } else {
        log("role " + user + " exists");
      }
      sql.execute("GRANT " + RDS_IAM_ROLE + " TO " + role);
      sql.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + quote(database) + " TO " + role);
      sql.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + role);
      log("granted " + RDS_IAM_ROLE + ", CONNECT on database " + database + ", USAGE and CREATE on schema public");

      // Tables and views first: changing a table's owner also moves the sequences it owns.
      List<String> objects = notOwnedBy(connection, user, "'r', 'p', 'v', 'm'");
      if (!objects.isEmpty()) {
        sql.execute("GRANT " + role + " TO " + quote(self));
        for (String object : objects) sql.execute("ALTER TABLE " + object + " OWNER TO " + role);
        List<String> sequences = notOwnedBy(connection, user, "'S'");
        for (String sequence : sequences) sql.execute("ALTER SEQUENCE " + sequence + " OWNER TO " + role);
        sql.execute("REVOKE " + role + " FROM " + quote(self));
        log("moved " + objects.size() + " tables/views and " + sequences.size() + " sequences of schema public to " + user);
      } else {
        log("schema public holds nothing owned by another user");
      }
    }
  }

  /** Objects of schema public of the given relkinds whose owner is not `user`, as quoted names. */
  private static List<String> notOwnedBy(Connection connection, String user, String kinds) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname = 'public' AND c.relkind IN (" + kinds + ") AND pg_get_userbyid(c.relowner) <> ? "
            + "ORDER BY c.relname")) {
      query.setString(1, user);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) names.add("public." + rows.getString(1));
      }
    }
    return names;
  }

  private static String single(Connection connection, String query, String parameter) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      if (parameter != null) statement.setString(1, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String env(String name, String fallback) {
    return MetastoreDatabase.env(name, fallback);
  }

  private static void log(String message) {
    MetastoreDatabase.log(message);
  }
}
