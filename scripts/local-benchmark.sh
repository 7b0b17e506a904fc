#!/usr/bin/env bash
# Benchmark of the local stack (prints numbers, not a test; local/benchmark.ts):
#   bash scripts/local-benchmark.sh [--schema tiny|sf1|...] [--work-dir DIR] [--s3-latency-ms N]
#     [--spill-only | --concurrency-only | --cache-only]
# Four runs of the stack: on a Parquet copy of TPC-H in the S3 emulator, the library's configuration with the
# file-system cache on (22 queries cold, then warm: the median of 3 passes; 4 and 8 concurrent streams of
# Q9/Q18/Q21), with the cache off (cold, then warm), and Trino's stock configuration (same heap; one pass, the
# streams); then the spill case on small workers (a join larger than a worker's memory pool, spill on and off;
# --spill-only runs only it). Each pass also prints the S3 requests it made, counted in the emulator's log.
# --concurrency-only runs only the concurrent streams, ours then stock (the memory rule under load; use --schema sf1).
# --cache-only runs only the scan-heavy queries 1, 6, 12 and 14, cold then warm, cache on then off (use --schema sf1).
# --s3-latency-ms N: the S3 emulator waits N ms before serving each request, a labelled model of Amazon S3's
# first-byte latency (moto on loopback answers in about a millisecond). Default 0.
set -euo pipefail
for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  esac
done
export LOCAL_STACK_CALLER_DIR="$PWD"
# shellcheck source=scripts/local-setup.sh
source "$(dirname "$0")/local-setup.sh"
exec node "$LOCAL_STACK_BUILD/local/benchmark.js" "$@"
