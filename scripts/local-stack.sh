#!/usr/bin/env bash
# The local stack: the quickstart's configuration, rendered by the library, run on real engines on
# 127.0.0.1 (no AWS account, no Docker):
#   bash scripts/local-stack.sh [--once] [--work-dir DIR] [--trino-version V]
# 1. checks what must already be on the machine (Node, mvn, a JDK 17 and a JDK 25, python3 with venv, root or
#    sudo when PostgreSQL is missing), naming each missing one with how to install it; then sets up the rest,
#    cached under .local/ after the first run, saying what it downloads (scripts/local-setup.sh): the project's
#    npm packages and PostgreSQL, the Trino server assembled from Maven Central's jars (scripts/trino-assemble.sh)
#    and the CLI, the Hive Metastore jars exactly as docker/hive-metastore assembles them, moto's S3 server;
# 2. runs local/main.ts: renders the files, starts PostgreSQL, the S3 emulator, the metastore (through the
#    image's entrypoint) and Trino (coordinator + 2 workers), loads the quickstart's sample data
#    (hive.samples.nation, iceberg.iceberg_samples.orders), runs a demo query, prints how to connect and stays
#    up until Ctrl-C (--once: stops after the demo). Every process it started is stopped on exit.
# --trino-version V runs another release the library renders (476 to 483; default: the quickstart's, 483).
set -euo pipefail
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --trino-version)
      [[ "${2:-}" =~ ^[0-9]+$ ]] || { echo "--trino-version needs a Trino release number, e.g. --trino-version 481" >&2; exit 2; }
      export LOCAL_STACK_TRINO_VERSION="$2"
      shift 2
      ;;
    --trino-version=*)
      [[ "${1#*=}" =~ ^[0-9]+$ ]] || { echo "--trino-version needs a Trino release number, e.g. --trino-version=481" >&2; exit 2; }
      export LOCAL_STACK_TRINO_VERSION="${1#*=}"
      shift
      ;;
    *) args+=("$1"); shift ;;
  esac
done
# Another release: Maven Central does not serve every plugin's jars at every release (scripts/trino-assemble.sh), so
# the server is assembled without those it lacks (TRINO_ASSEMBLE_MISSING=skip, as the e2e suite's version matrix
# does), and the run stops below if the quickstart needs one of them. A server already assembled keeps its mode.
if [ -n "${LOCAL_STACK_TRINO_VERSION:-}" ] && [ -z "${TRINO_ASSEMBLE_MISSING:-}" ]; then
  assembled=".local/trino/$LOCAL_STACK_TRINO_VERSION/trino-server-$LOCAL_STACK_TRINO_VERSION/.assembled"
  mode=$(sed -n 's/^missing=//p' "$(dirname "$0")/../$assembled" 2>/dev/null || true)
  export TRINO_ASSEMBLE_MISSING="${mode:-skip}"
fi
# --work-dir is relative to where the command was typed; setup works from the checkout.
export LOCAL_STACK_CALLER_DIR="$PWD"
# shellcheck source=scripts/local-setup.sh
source "$(dirname "$0")/local-setup.sh"
# The plugins of the quickstart's catalogs (hive, iceberg, tpch) must be there; the others (exchange-filesystem, for
# fault-tolerant execution, and password-authenticators) only serve e2e cases.
if [ -s "$LOCAL_STACK_TRINO_HOME/.missing" ]; then
  needed=$(awk -F'\t' '$1 == "hive" || $1 == "iceberg" || $1 == "tpch" { printf "%s%s", sep, $2; sep = ", " }' "$LOCAL_STACK_TRINO_HOME/.missing")
  if [ -n "$needed" ]; then
    echo "Trino $LOCAL_STACK_TRINO_VERSION cannot run the quickstart here: Maven Central serves no jars of $needed, which its" \
      "catalogs need (scripts/trino-assemble.sh says what it found). The e2e suite's version matrix runs the cases that" \
      "need none of them: LOCAL_STACK_TRINO_VERSION=$LOCAL_STACK_TRINO_VERSION bash scripts/local-e2e.sh --matrix-subset." >&2
    exit 1
  fi
fi
exec node "$LOCAL_STACK_BUILD/local/main.js" "${args[@]}"
