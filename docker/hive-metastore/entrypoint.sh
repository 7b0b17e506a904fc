#!/usr/bin/env bash
# Hive Metastore entrypoint, used by the image and by the local stack alike:
#   1. waits for the database (bounded retries, clear log lines),
#   2. creates the schema when absent or upgrades it when Hive moved on, under a PostgreSQL
#      advisory lock so that replicas starting together never run schematool concurrently,
#   3. runs the metastore in the foreground (Thrift on metastore.thrift.port, 9083 by default).
# With the single argument bootstrap-iam-user it does none of that: as the master user of the
# configuration, it creates the IAM database user $METASTORE_IAM_USER (DatabaseUserBootstrap.java)
# and exits; the one-shot Kubernetes Job of IAM database authentication runs it.
# Configuration: $METASTORE_CONF_DIR/metastore-site.xml (rendered by cdk-trino-on-eks). Secrets are
# never in that file: on AWS the JDBC wrapper reads them from Secrets Manager; locally the password
# comes from an environment variable referenced as ${env.NAME}.
set -euo pipefail

METASTORE_HOME="${METASTORE_HOME:-/opt/hive-metastore}"
export METASTORE_CONF_DIR="${METASTORE_CONF_DIR:-/etc/hive-metastore}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

log() { printf '[metastore-entrypoint] %s\n' "$*"; }

if [ ! -r "$METASTORE_CONF_DIR/metastore-site.xml" ]; then
  log "no metastore-site.xml in $METASTORE_CONF_DIR (set METASTORE_CONF_DIR)"
  exit 2
fi
classpath="$METASTORE_CONF_DIR:$METASTORE_HOME/conf:$METASTORE_HOME/classes:$METASTORE_HOME/lib/*"
# schematool finds its SQL under $METASTORE_HOME/scripts/metastore/upgrade/postgres.
export METASTORE_HOME

if [ "${1:-}" = "bootstrap-iam-user" ]; then
  log "bootstrap: IAM database user ${METASTORE_IAM_USER:-(METASTORE_IAM_USER is not set)}"
  exec "$JAVA" -cp "$classpath" DatabaseUserBootstrap
fi

log "schema: init or upgrade (Hive $(basename "$METASTORE_HOME"/lib/hive-standalone-metastore-server-*.jar .jar | sed 's/.*server-//'))"
"$JAVA" -cp "$classpath" SchemaLock \
  "$JAVA" -cp "$classpath" org.apache.hadoop.hive.metastore.tools.schematool.MetastoreSchemaTool \
  -dbType postgres -initOrUpgradeSchema

log "starting the metastore"
read -r -a java_opts <<< "${METASTORE_JAVA_OPTS:-}"
exec "$JAVA" "${java_opts[@]}" -cp "$classpath" org.apache.hadoop.hive.metastore.HiveMetaStore "$@"
