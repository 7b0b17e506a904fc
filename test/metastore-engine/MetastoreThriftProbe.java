import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;

/**
 * A real Thrift client (Hive's own HiveMetaStoreClient) that creates a database and a table through
 * a running metastore, reads them back, and prints PASS or FAIL.
 * Usage (compiled by test/metastore-engine/metastore-engine.ts with javac against the metastore's lib/*):
 *   java -cp <classes>:<metastore conf>:<metastore lib/*> MetastoreThriftProbe thrift://127.0.0.1:9083 <name> <location>
 */
public class MetastoreThriftProbe {
  public static void main(String[] args) throws Exception {
    var conf = MetastoreConf.newMetastoreConf();
    MetastoreConf.setVar(conf, MetastoreConf.ConfVars.THRIFT_URIS, args[0]);
    String name = args[1];
    String location = args[2];
    var client = new HiveMetaStoreClient(conf);
    try {
      client.createDatabase(new Database(name, "probe", location + "/" + name, Map.of()));
      var sd = new StorageDescriptor(
          List.of(new FieldSchema("id", "bigint", null), new FieldSchema("name", "string", null)),
          location + "/" + name + "/items", "org.apache.hadoop.mapred.TextInputFormat",
          "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat", false, -1,
          new SerDeInfo("items", "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", Map.of()),
          List.of(), List.of(), Map.of());
      var table = new Table();
      table.setDbName(name);
      table.setTableName("items");
      table.setSd(sd);
      // A managed table, as Trino's Hive connector creates by default.
      table.setTableType("MANAGED_TABLE");
      table.setParameters(Map.of("transactional", "false"));
      client.createTable(table);
      Database database = client.getDatabase(name);
      Table read = client.getTable(name, "items");
      boolean ok = database.getName().equals(name) && read.getSd().getCols().size() == 2
          && client.getAllTables(name).contains("items");
      System.out.println((ok ? "PASS" : "FAIL") + " thrift: created and read database " + name + " and table items ("
          + read.getSd().getCols().size() + " columns)");
      System.exit(ok ? 0 : 1);
    } finally {
      client.close();
    }
  }
}
