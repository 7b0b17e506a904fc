#!/usr/bin/env bash
# Drills on the local stack (test/drills/drills.ts): the configuration the library renders, on real Trino, Hive
# Metastore, PostgreSQL and the S3 emulator, under load and faults; prints one table (drill, result, figures).
#   bash scripts/local-drills.sh                 every drill (about 20 minutes, the soak 10 of them)
#   bash scripts/local-drills.sh --short         S3 errors at 5% and the metastore's database stopped for 30 s
#                                                (the test command's drills stage; about 4 minutes)
#   bash scripts/local-drills.sh DRILL...        some drills: s3-errors, metastore-db, coordinator, soak,
#                                                s3-errors-fte, spill-full-disk
#   DRILLS_SOAK_SECONDS=600 DRILLS_SOAK_CLIENTS=16 DRILLS_SOAK_SCHEMA=sf1   the soak's duration, clients and data
# TEST_REPORT=FILE writes {passed, failed, drills} there. spill-full-disk mounts a small tmpfs on the workers' spill
# path: it needs root.
set -euo pipefail
for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  esac
done
# shellcheck source=scripts/local-setup.sh
source "$(dirname "$0")/local-setup.sh"

# local-setup.sh compiled the drills with the local stack (local/tsconfig.json lists test/drills/drills.ts).
drills_js="$LOCAL_STACK_BUILD/test/drills/drills.js"
exec node "$drills_js" "$@"
