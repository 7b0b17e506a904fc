#!/usr/bin/env bash
# Real-engine proof of the metastore image, without Docker: PostgreSQL from Debian on 127.0.0.1,
# the jars the image uses (scripts/metastore-jars.sh), the image's own entrypoint, and the
# metastore-site.xml rendered by the library's renderer (lib/metastore/metastore-site.js).
# Checks: schema created on first start; left as it is on the second; two concurrent starts on an
# empty database serialize and leave one valid schema; a real Thrift client creates and reads a
# database and a table; an unreachable database ends in a clear, bounded failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
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
[ -f lib/metastore/metastore-site.js ] || npx jsii --silence-warnings=reserved-word >/dev/null

render_conf() { # render_conf DIR DATABASE PORT: metastore-site.xml from the library's renderer
  mkdir -p "$1"
  node -e '
    const site = require(process.argv[1] + "/lib/metastore/metastore-site");
    process.stdout.write(site.renderHadoopConfiguration(site.metastoreSiteProperties(
      { host: "127.0.0.1", port: Number(process.argv[3]), databaseName: process.argv[2], username: "hive",
        passwordEnvironmentVariable: "METASTORE_DB_PASSWORD", tls: false },
      { warehouseDir: "file://" + process.argv[4] + "/warehouse", region: "us-east-1" })));
  ' "$root" "$2" "$3" "$work" > "$1/metastore-site.xml"
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
  local started=$SECONDS
  for _ in $(seq 1 240); do
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

log "metastore startup: ${first_seconds}s with schema creation, ${second_seconds}s with the schema present"
log "suite time: $((SECONDS - suite_start))s"
printf 'metastore: %s passed, %s failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
