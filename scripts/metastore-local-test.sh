#!/usr/bin/env bash
# Real-engine proof of the metastore image, without Docker: PostgreSQL from Debian on 127.0.0.1,
# the jars the image uses (scripts/metastore-jars.sh), the image's own entrypoint, the
# metastore-site.xml rendered by the library's renderer (src/metastore/metastore-site.ts), and
# Secrets Manager served by moto on loopback (PyPI moto[server], installed into .local/venv).
# Checks: schema created on first start; left as it is on the second; two concurrent starts on an
# empty database serialize and leave one valid schema; a real Thrift client creates and reads a
# database and a table; an unreachable database ends in a clear, bounded failure; Hive's own
# always-on task list minus HiveProtoEventsCleanerTask; the AWS JDBC wrapper reads the password
# from Secrets Manager (the configuration the construct renders on AWS, only the endpoint pointed
# at moto) and picks up a rotated one without a restart; the bootstrap-iam-user mode creates the
# IAM database user idempotently, with the master secret read from Secrets Manager, on a new
# database and on one whose schema the master created; a Hive 3.1.0 schema is upgraded at start.
# Not testable here: the IAM token itself (a local PostgreSQL cannot verify RDS tokens, so the IAM
# user is given a password to stand in for it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# shellcheck source=scripts/versions.sh
source scripts/versions.sh
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
pg_bin=$(dirname "$(compgen -G '/usr/lib/postgresql/*/bin/postgres' | sort -V | tail -1)")
work=$(mktemp -d /tmp/metastore-test.XXXXXX)
chmod 755 "$work"
mkdir "$work/pgdata"
chown postgres "$work/pgdata"
passed=0
failed=0
pids=()
suite_start=$SECONDS

log() { printf '[metastore-test] %s\n' "$*"; }
check() { # check NAME COMMAND...: records PASS/FAIL
  local name="$1"; shift
  if "$@"; then log "PASS $name"; passed=$((passed + 1)); else log "FAIL $name"; failed=$((failed + 1)); fi
}
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pgdata" -m immediate stop >/dev/null 2>&1 || true
  if [ "$failed" -eq 0 ]; then rm -rf "$work"; else log "logs kept in $work"; fi
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# PostgreSQL, owned by the postgres system user (initdb refuses root).
pg_port=$(free_port)
superpass=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
hivepass=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
printf '%s\n' "$superpass" > "$work/superpass"
chown postgres "$work/superpass"
runuser -u postgres -- "$pg_bin/initdb" -D "$work/pgdata" -U postgres -A scram-sha-256 --pwfile="$work/superpass" >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pgdata" -l "$work/pgdata/postgres.log" -w \
  -o "-p $pg_port -k $work/pgdata -c listen_addresses=127.0.0.1" start >/dev/null
sql() { PGPASSWORD="$superpass" psql -h 127.0.0.1 -p "$pg_port" -U postgres -tAq "$@"; }
for db in metastore metastore_concurrent; do
  sql -c "CREATE DATABASE $db" >/dev/null
done
sql -c "CREATE USER hive PASSWORD '$hivepass'" -c "ALTER DATABASE metastore OWNER TO hive" \
  -c "ALTER DATABASE metastore_concurrent OWNER TO hive" >/dev/null
for db in metastore metastore_concurrent; do sql -d "$db" -c "ALTER SCHEMA public OWNER TO hive" >/dev/null; done
log "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"

bash scripts/metastore-jars.sh .local/hive-metastore
export METASTORE_HOME="$root/.local/hive-metastore"

# render_conf DIR DATABASE PORT [CONNECTION-JSON]: metastore-site.xml from the library's renderer
# (its TypeScript source, so no compiled lib/ is needed); CONNECTION-JSON overrides the defaults.
render_conf() {
  local overrides="${4:-}"
  [ -n "$overrides" ] || overrides='{}'
  mkdir -p "$1"
  node -r ts-node/register/transpile-only -e '
    const site = require(process.argv[1] + "/src/metastore/metastore-site.ts");
    process.stdout.write(site.renderHadoopConfiguration(site.metastoreSiteProperties(
      { host: "127.0.0.1", port: Number(process.argv[3]), databaseName: process.argv[2], username: "hive",
        passwordEnvironmentVariable: "METASTORE_DB_PASSWORD", tls: false, ...JSON.parse(process.argv[5]) },
      { warehouseDir: "file://" + process.argv[4] + "/warehouse", region: "us-east-1" })));
  ' "$root" "$2" "$3" "$work" "$overrides" > "$1/metastore-site.xml"
}
render_conf "$work/conf" metastore "$pg_port"
render_conf "$work/conf-concurrent" metastore_concurrent "$pg_port"
render_conf "$work/conf-unreachable" metastore "$(free_port)"
check "the rendered configuration holds no password" bash -c "! grep -q '$hivepass' '$work/conf/metastore-site.xml'"

export METASTORE_DB_PASSWORD="$hivepass"
start_metastore() { # start_metastore CONF PORT LOG: background entrypoint; sets last_pid
  METASTORE_CONF_DIR="$1" bash "$METASTORE_HOME/entrypoint.sh" -p "$2" > "$3" 2>&1 &
  last_pid=$!
  pids+=("$last_pid")
}
wait_port() { # wait_port PORT PID: seconds until the port accepts connections, or fails
  # Bounded at ten minutes: a start takes 10 to 40 s on an idle 2-core machine, several times
  # that when the machine is shared; a metastore that died fails at once (kill -0).
  local started=$SECONDS
  for _ in $(seq 1 1200); do
    if (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null; then echo $((SECONDS - started)); return 0; fi
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}
stop_metastore() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
schema_version() { sql -d "$1" -c 'SELECT string_agg("SCHEMA_VERSION", $$,$$) FROM "VERSION"'; }
tbls_oid() { sql -d "$1" -c "SELECT 'public.\"TBLS\"'::regclass::oid"; }

# 1. First start: the schema is created.
port=$(free_port)
start_metastore "$work/conf" "$port" "$work/first.log"
first_seconds=$(wait_port "$port" "$last_pid") || { cat "$work/first.log"; exit 1; }
log "first start (schema creation included): Thrift open after ${first_seconds}s"
check "first start creates the schema" test "$(schema_version metastore)" = "4.0.0"
oid_before=$(tbls_oid metastore)

# 2. A real Thrift client creates and reads a database and a table.
check "a Thrift client creates and reads a database and a table" \
  "$JAVA" -cp "$METASTORE_HOME/conf:$METASTORE_HOME/lib/*" test/local/MetastoreThriftProbe.java \
  "thrift://127.0.0.1:$port" probe "file://$work/warehouse"
stop_metastore "$last_pid"

# 3. Second start: the schema is left as it is (same tables, same version, same data).
start_metastore "$work/conf" "$port" "$work/second.log"
second_seconds=$(wait_port "$port" "$last_pid") || { cat "$work/second.log"; exit 1; }
log "second start (schema present): Thrift open after ${second_seconds}s"
check "second start leaves the schema as it is" test "$(tbls_oid metastore)" = "$oid_before"
check "second start keeps one schema version" test "$(schema_version metastore)" = "4.0.0"
check "second start keeps the data" test "$(sql -d metastore -c "SELECT count(*) FROM \"DBS\" WHERE \"NAME\" = 'probe'")" = "1"
check "second start did not re-create the schema" bash -c "grep -q 'No schema upgrade required' '$work/second.log'"
stop_metastore "$last_pid"

# 4. Two concurrent starts against an empty database.
port_a=$(free_port)
port_b=$(free_port)
start_metastore "$work/conf-concurrent" "$port_a" "$work/concurrent-a.log"
pid_a=$last_pid
start_metastore "$work/conf-concurrent" "$port_b" "$work/concurrent-b.log"
pid_b=$last_pid
check "concurrent start A reaches ready" wait_port "$port_a" "$pid_a"
check "concurrent start B reaches ready" wait_port "$port_b" "$pid_b"
check "concurrent starts leave exactly one schema version row" test "$(schema_version metastore_concurrent)" = "4.0.0"
check "exactly one of the concurrent starts created the schema" \
  test "$(cat "$work"/concurrent-*.log | grep -c 'Initialization script completed')" = "1"
check "the concurrently created schema validates" env METASTORE_CONF_DIR="$work/conf-concurrent" \
  "$JAVA" -cp "$work/conf-concurrent:$METASTORE_HOME/conf:$METASTORE_HOME/lib/*" \
  org.apache.hadoop.hive.metastore.tools.schematool.MetastoreSchemaTool -dbType postgres -validate
stop_metastore "$pid_a"
stop_metastore "$pid_b"

# 5. An unreachable database: bounded retries, a clear message, a non-zero exit.
unreachable_exit=0
METASTORE_DB_WAIT_ATTEMPTS=3 METASTORE_DB_WAIT_SECONDS=1 METASTORE_CONF_DIR="$work/conf-unreachable" \
  bash "$METASTORE_HOME/entrypoint.sh" > "$work/unreachable.log" 2>&1 || unreachable_exit=$?
check "an unreachable database fails the start (exit $unreachable_exit)" test "$unreachable_exit" -ne 0
check "after 3 attempts, with a clear message" grep -q 'database still unreachable after 3 attempts' "$work/unreachable.log"

# 6. The task list the renderer sets is Hive's own default without HiveProtoEventsCleanerTask.
cat > "$work/TaskDefaults.java" <<'JAVA'
public class TaskDefaults {
  // No argument: prints Hive's default list. With a list: loads each class, fails on the first missing.
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.out.println(org.apache.hadoop.hive.metastore.conf.MetastoreConf.ConfVars.TASK_THREADS_ALWAYS.getDefaultVal());
      return;
    }
    for (String task : args[0].split(",")) Class.forName(task);
  }
}
JAVA
hive_tasks=$("$JAVA" -cp "$METASTORE_HOME/lib/*" "$work/TaskDefaults.java" 2>/dev/null | tr ',' '\n' | grep -v HiveProtoEventsCleanerTask | paste -sd,)
rendered_tasks=$(grep -A1 '<name>metastore.task.threads.always</name>' "$work/conf/metastore-site.xml" | sed -n 's:.*<value>\(.*\)</value>.*:\1:p')
check "metastore.task.threads.always is Hive's default minus HiveProtoEventsCleanerTask" test "$rendered_tasks" = "$hive_tasks"
check "every task of the rendered list loads from the image's jars" \
  "$JAVA" -cp "$METASTORE_HOME/lib/*" "$work/TaskDefaults.java" "$rendered_tasks"
check "no HiveProtoEventsCleanerTask in the metastore's log" bash -c "! grep -q HiveProtoEventsCleanerTask '$work/first.log'"

# 7. Secrets Manager on loopback (moto): the AWS JDBC wrapper reads the password at connection time.
[ -x .local/venv/bin/moto_server ] || .local/venv/bin/pip install -q "moto[server]==$MOTO_VERSION"
sm_port=$(free_port)
.local/venv/bin/moto_server -H 127.0.0.1 -p "$sm_port" > "$work/moto.log" 2>&1 &
pids+=("$!")
export AWS_ACCESS_KEY_ID=moto AWS_SECRET_ACCESS_KEY=moto AWS_REGION=us-east-1
for _ in $(seq 1 60); do (echo > "/dev/tcp/127.0.0.1/$sm_port") 2>/dev/null && break; sleep 0.5; done
secrets() { # secrets ACTION NAME [USERNAME PASSWORD]: a Secrets Manager call against moto; prints the ARN
  .local/venv/bin/python - "$sm_port" "$@" <<'PY'
import json, sys, boto3
port, action, name = sys.argv[1:4]
client = boto3.client("secretsmanager", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1")
if action == "create":
    value = json.dumps({"username": sys.argv[4], "password": sys.argv[5]})
    print(client.create_secret(Name=name, SecretString=value)["ARN"])
elif action == "rotate":
    value = json.dumps({"username": sys.argv[4], "password": sys.argv[5]})
    print(client.put_secret_value(SecretId=name, SecretString=value)["ARN"])
PY
}
hive_secret=$(secrets create metastore/hive hive "$hivepass")
sm_connection() { # sm_connection SECRET-ARN USERNAME: the connection the construct renders on AWS, endpoint on moto
  printf '{"secretArn":"%s","secretRegion":"us-east-1","secretsManagerEndpoint":"http://127.0.0.1:%s","username":"%s","passwordEnvironmentVariable":null}' "$1" "$sm_port" "$2"
}
render_conf "$work/conf-secret" metastore "$pg_port" "$(sm_connection "$hive_secret" hive)"
check "the Secrets Manager configuration names the awsSecretsManager plugin and holds no password" \
  bash -c "grep -q 'wrapperPlugins=awsSecretsManager&amp;secretsManagerSecretId=$hive_secret' '$work/conf-secret/metastore-site.xml' && ! grep -qi 'ConnectionPassword\|$hivepass' '$work/conf-secret/metastore-site.xml'"
calls_before=$(grep -c 'POST / HTTP' "$work/moto.log" || true)
port=$(free_port)
# No password in the environment either: it can only come from the secret.
METASTORE_CONF_DIR="$work/conf-secret" env -u METASTORE_DB_PASSWORD bash "$METASTORE_HOME/entrypoint.sh" -p "$port" > "$work/secret.log" 2>&1 &
last_pid=$!
pids+=("$last_pid")
secret_seconds=$(wait_port "$port" "$last_pid") || { cat "$work/secret.log"; exit 1; }
log "start with the password from Secrets Manager: Thrift open after ${secret_seconds}s"
check "with the password read from Secrets Manager, a Thrift client creates and reads a database and a table" \
  "$JAVA" -cp "$METASTORE_HOME/conf:$METASTORE_HOME/lib/*" test/local/MetastoreThriftProbe.java \
  "thrift://127.0.0.1:$port" probe_secret "file://$work/warehouse"
check "the metastore called Secrets Manager" test "$(grep -c 'POST / HTTP' "$work/moto.log")" -gt "$calls_before"
# Rotation, as Secrets Manager's single-user rotation does it: new password in the database and the
# secret; then every open connection of hive is cut, so the running metastore must log in again.
newpass=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
sql -c "ALTER USER hive PASSWORD '$newpass'" >/dev/null
secrets rotate metastore/hive hive "$newpass" >/dev/null
sql -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'hive'" >/dev/null
check "after a rotation, the running metastore logs in with the new password (no restart)" \
  "$JAVA" -cp "$METASTORE_HOME/conf:$METASTORE_HOME/lib/*" test/local/MetastoreThriftProbe.java \
  "thrift://127.0.0.1:$port" probe_rotated "file://$work/warehouse"
check "the metastore that read the secret is still the one running" kill -0 "$last_pid"
stop_metastore "$last_pid"
sql -c "ALTER USER hive PASSWORD '$hivepass'" >/dev/null

# 8. IAM database authentication: bootstrap-iam-user, as on RDS. rds_iam exists and the master is
# not a superuser, only CREATEROLE (RDS's master is rds_superuser, never a superuser).
masterpass=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
sql -c "CREATE ROLE rds_iam NOLOGIN" -c "CREATE ROLE master LOGIN CREATEROLE PASSWORD '$masterpass'" >/dev/null
for db in metastore_iam metastore_switch; do sql -c "CREATE DATABASE $db OWNER master" >/dev/null; done
master_secret=$(secrets create metastore/master master "$masterpass")
render_conf "$work/conf-bootstrap" metastore_iam "$pg_port" "$(sm_connection "$master_secret" master)"
render_conf "$work/conf-bootstrap-switch" metastore_switch "$pg_port" "$(sm_connection "$master_secret" master)"
bootstrap() { # bootstrap CONF LOG: the image's bootstrap-iam-user mode, as the Kubernetes Job runs it
  METASTORE_CONF_DIR="$1" METASTORE_IAM_USER=hive_iam env -u METASTORE_DB_PASSWORD \
    bash "$METASTORE_HOME/entrypoint.sh" bootstrap-iam-user > "$2" 2>&1
}
check "bootstrap-iam-user creates the user (master password read from Secrets Manager)" bootstrap "$work/conf-bootstrap" "$work/bootstrap-1.log"
check "it created the role" grep -q 'created role hive_iam' "$work/bootstrap-1.log"
check "hive_iam logs in, has no password and is a member of rds_iam" test \
  "$(sql -c "SELECT rolcanlogin, rolpassword IS NULL, pg_has_role('hive_iam', 'rds_iam', 'member') FROM pg_authid WHERE rolname = 'hive_iam'")" = "t|t|t"
check "hive_iam may connect to metastore_iam and create in its schema public" test \
  "$(sql -d metastore_iam -c "SELECT has_database_privilege('hive_iam', 'metastore_iam', 'CONNECT'), has_schema_privilege('hive_iam', 'public', 'CREATE')")" = "t|t"
check "the master is not left a member of hive_iam (nor of rds_iam)" test \
  "$(sql -c "SELECT pg_has_role('master', 'hive_iam', 'member'), pg_has_role('master', 'rds_iam', 'member')")" = "f|f"
check "a second bootstrap succeeds and changes nothing" bootstrap "$work/conf-bootstrap" "$work/bootstrap-2.log"
check "it found the role" grep -q 'role hive_iam exists' "$work/bootstrap-2.log"
# The token stands in as a password: a local PostgreSQL cannot verify RDS IAM tokens.
iampass=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
sql -c "ALTER ROLE hive_iam PASSWORD '$iampass'" >/dev/null
render_conf "$work/conf-iam" metastore_iam "$pg_port" '{"username":"hive_iam","passwordEnvironmentVariable":"METASTORE_IAM_PASSWORD"}'
port=$(free_port)
METASTORE_CONF_DIR="$work/conf-iam" METASTORE_IAM_PASSWORD="$iampass" bash "$METASTORE_HOME/entrypoint.sh" -p "$port" > "$work/iam.log" 2>&1 &
last_pid=$!
pids+=("$last_pid")
iam_seconds=$(wait_port "$port" "$last_pid") || { cat "$work/iam.log"; exit 1; }
log "start as hive_iam on a new database (schema creation included): Thrift open after ${iam_seconds}s"
check "as hive_iam, the metastore created the schema" test "$(schema_version metastore_iam)" = "4.0.0"
check "the schema is owned by hive_iam" test \
  "$(sql -d metastore_iam -c "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")" = "hive_iam"
check "as hive_iam, a Thrift client creates and reads a database and a table" \
  "$JAVA" -cp "$METASTORE_HOME/conf:$METASTORE_HOME/lib/*" test/local/MetastoreThriftProbe.java \
  "thrift://127.0.0.1:$port" probe_iam "file://$work/warehouse"
stop_metastore "$last_pid"
# Switching a deployment from the master's password to IAM: the schema the master created moves to hive_iam.
render_conf "$work/conf-switch-master" metastore_switch "$pg_port" '{"username":"master","passwordEnvironmentVariable":"METASTORE_MASTER_PASSWORD"}'
METASTORE_CONF_DIR="$work/conf-switch-master" METASTORE_MASTER_PASSWORD="$masterpass" "$JAVA" \
  -cp "$work/conf-switch-master:$METASTORE_HOME/conf:$METASTORE_HOME/lib/*" \
  org.apache.hadoop.hive.metastore.tools.schematool.MetastoreSchemaTool -dbType postgres -initSchema > "$work/switch-init.log" 2>&1
check "bootstrap on a schema the master created moves it to hive_iam" bootstrap "$work/conf-bootstrap-switch" "$work/bootstrap-switch.log"
check "it reports what it moved" grep -q 'moved [1-9][0-9]* tables/views' "$work/bootstrap-switch.log"
check "nothing in schema public is owned by another user" test \
  "$(sql -d metastore_switch -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r','p','v','m','S') AND pg_get_userbyid(c.relowner) <> 'hive_iam'")" = "0"
check "the master is still not a member of hive_iam" test "$(sql -c "SELECT pg_has_role('master', 'hive_iam', 'member')")" = "f"
render_conf "$work/conf-switch-iam" metastore_switch "$pg_port" '{"username":"hive_iam","passwordEnvironmentVariable":"METASTORE_IAM_PASSWORD"}'
check "as hive_iam, the moved schema validates" env METASTORE_CONF_DIR="$work/conf-switch-iam" METASTORE_IAM_PASSWORD="$iampass" \
  "$JAVA" -cp "$work/conf-switch-iam:$METASTORE_HOME/conf:$METASTORE_HOME/lib/*" \
  org.apache.hadoop.hive.metastore.tools.schematool.MetastoreSchemaTool -dbType postgres -validate

# 9. Hive moved on: a schema of an older Hive (3.1.0) is upgraded by the entrypoint at start.
sql -c "CREATE DATABASE metastore_upgrade OWNER hive" >/dev/null
sql -d metastore_upgrade -c "ALTER SCHEMA public OWNER TO hive" >/dev/null
render_conf "$work/conf-upgrade" metastore_upgrade "$pg_port"
METASTORE_CONF_DIR="$work/conf-upgrade" "$JAVA" -cp "$work/conf-upgrade:$METASTORE_HOME/conf:$METASTORE_HOME/lib/*" \
  org.apache.hadoop.hive.metastore.tools.schematool.MetastoreSchemaTool -dbType postgres -initSchemaTo 3.1.0 > "$work/upgrade-init.log" 2>&1
check "an old schema (Hive 3.1.0) to start from" test "$(schema_version metastore_upgrade)" = "3.1.0"
port=$(free_port)
start_metastore "$work/conf-upgrade" "$port" "$work/upgrade.log"
upgrade_seconds=$(wait_port "$port" "$last_pid") || { cat "$work/upgrade.log"; exit 1; }
log "start on a Hive 3.1.0 schema (upgrade included): Thrift open after ${upgrade_seconds}s"
check "the entrypoint upgraded the schema to 4.0.0" test "$(schema_version metastore_upgrade)" = "4.0.0"
check "through Hive's upgrade scripts" grep -q 'upgrade-3.1.0-to-3.2.0.postgres.sql' "$work/upgrade.log"
check "the upgraded schema validates" env METASTORE_CONF_DIR="$work/conf-upgrade" \
  "$JAVA" -cp "$work/conf-upgrade:$METASTORE_HOME/conf:$METASTORE_HOME/lib/*" \
  org.apache.hadoop.hive.metastore.tools.schematool.MetastoreSchemaTool -dbType postgres -validate
stop_metastore "$last_pid"

log "metastore startup (until Thrift accepts connections): ${first_seconds}s creating the schema, ${second_seconds}s with the schema present, ${upgrade_seconds}s upgrading a 3.1.0 schema, ${secret_seconds}s with the password from Secrets Manager, ${iam_seconds}s as the IAM user creating the schema"
log "suite time: $((SECONDS - suite_start))s"
printf 'metastore: %s passed, %s failed\n' "$passed" "$failed"
# The test command's tally reads this report (TEST_REPORT: where to write it).
if [ -n "${TEST_REPORT:-}" ]; then printf '{"passed": %s, "failed": %s}\n' "$passed" "$failed" >"$TEST_REPORT"; fi
[ "$failed" -eq 0 ]
