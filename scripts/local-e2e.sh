#!/usr/bin/env bash
# End-to-end tests of the local stack (test/local/e2e.ts): starts the stack as scripts/local-stack.sh
# does, runs each case against it, stops it, prints "local-e2e: N passed, N failed" and exits non-zero
# when a case failed.
#   bash scripts/local-e2e.sh [CASE...]   (no CASE: all of them)
set -euo pipefail
# shellcheck source=scripts/local-setup.sh
source "$(dirname "$0")/local-setup.sh"
exec node "$LOCAL_STACK_BUILD/test/local/e2e.js" "$@"
