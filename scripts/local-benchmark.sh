#!/usr/bin/env bash
# Benchmark of the local stack (prints numbers, not a test; src/local/benchmark.ts):
#   bash scripts/local-benchmark.sh [--schema tiny|sf1|...] [--work-dir DIR]
# Cold and warm start times of the stack with the library's configuration, then the 22 TPC-H queries on the
# generator catalog and on a Parquet copy in S3 (Hive catalog), with the library's rendered configuration
# and with Trino's stock configuration (same heap), per query and in total, side by side with the ratio.
set -euo pipefail
for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  esac
done
export LOCAL_STACK_CALLER_DIR="$PWD"
# shellcheck source=scripts/local-setup.sh
source "$(dirname "$0")/local-setup.sh"
exec node "$LOCAL_STACK_BUILD/src/local/benchmark.js" "$@"
