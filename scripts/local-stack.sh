#!/usr/bin/env bash
# The local stack: the quickstart's configuration, rendered by the library, run on real engines on
# 127.0.0.1 (no AWS account, no Docker):
#   bash scripts/local-stack.sh [--once] [--work-dir DIR]
# 1. sets up what it needs, cached under .local/ after the first run (scripts/local-setup.sh): the
#    project's npm packages and PostgreSQL, a JDK Trino accepts, the Trino server assembled from Maven
#    Central's jars (scripts/trino-assemble.sh) and the CLI, the Hive Metastore jars exactly as
#    docker/hive-metastore assembles them, moto's S3 server from PyPI;
# 2. runs local/main.ts: renders the files, starts PostgreSQL, the S3 emulator, the metastore (through
#    the image's entrypoint) and Trino (coordinator + 2 workers), loads TPC-H sample data as Parquet into
#    the warehouse bucket, runs a demo query and stays up until Ctrl-C (--once: stops after the demo).
#    Every process it started is stopped on exit.
# LOCAL_STACK_TRINO_VERSION=483 runs another release the library renders (the quickstart's by default).
set -euo pipefail
for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  esac
done
# --work-dir is relative to where the command was typed; setup works from the checkout.
export LOCAL_STACK_CALLER_DIR="$PWD"
# shellcheck source=scripts/local-setup.sh
source "$(dirname "$0")/local-setup.sh"
exec node "$LOCAL_STACK_BUILD/local/main.js" "$@"
