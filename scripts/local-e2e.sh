#!/usr/bin/env bash
# End-to-end tests of the local stack (test/local/e2e.ts): starts the stack as scripts/local-stack.sh
# does, runs each case against it, stops it, prints "local-e2e: N passed, N failed" and exits non-zero
# when a case failed.
#   bash scripts/local-e2e.sh [CASE...]            the full suite on the default release (no CASE: all of them)
#   bash scripts/local-e2e.sh --matrix [CASE...]   the full suite on the default release, then the version matrix:
#                                                  a smaller set (Hive and Iceberg on S3, TPC-H, the refused
#                                                  configuration, password and OAuth 2.0 sign-in) on each release of
#                                                  LOCAL_E2E_MATRIX (default "476 481": the oldest supported, the first
#                                                  after the S3 switch rename), each against the files the library
#                                                  renders for it
#   LOCAL_STACK_TRINO_VERSION=476 bash scripts/local-e2e.sh --matrix-subset   that smaller set on one release
#   bash scripts/local-e2e.sh --matrix --setup-only   only sets up the matrix releases (downloads, assembly; cached),
#                                                  e.g. in the background while other work runs
# Each matrix release is assembled from Maven Central's jars into .local/trino/<release>/; a plugin Maven Central
# serves no jars for is left out (TRINO_ASSEMBLE_MISSING=skip), and the cases that need it are skipped, each with a
# SKIP line naming the missing artifact. With --matrix, TEST_REPORT gets the sum over the releases ({passed, failed,
# skipped}) and each release's own report under "releases".
set -euo pipefail

matrix=false
setup_only=false
args=()
for arg in "$@"; do
  case "$arg" in
    --matrix) matrix=true ;;
    --setup-only) setup_only=true ;;
    *) args+=("$arg") ;;
  esac
done
if [ "$setup_only" = true ] && [ "$matrix" = false ]; then
  echo "local-e2e: --setup-only goes with --matrix" >&2
  exit 2
fi

if [ "$matrix" = false ]; then
  # shellcheck source=scripts/local-setup.sh
  source "$(dirname "$0")/local-setup.sh"
  exec node "$LOCAL_STACK_BUILD/test/local/e2e.js" "${args[@]}"
fi

script_dir="$(cd "$(dirname "$0")" && pwd)"
if [ "$setup_only" = true ]; then
  for version in ${LOCAL_E2E_MATRIX:-476 481}; do
    LOCAL_STACK_TRINO_VERSION="$version" TRINO_ASSEMBLE_MISSING=skip bash "$script_dir/local-setup.sh"
  done
  exit 0
fi
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT

# run_release NAME [VERSION]: the full suite on the default release (no VERSION), or the matrix subset on VERSION, each
# through this script without --matrix (its setup, then the runner). Never fails: a release whose setup or cases fail
# is counted in its report.
run_release() {
  local name="$1" version="${2:-}" release_started=$SECONDS status
  printf '\n=== local-e2e: %s ===\n' "$name"
  set +e
  if [ -n "$version" ]; then
    LOCAL_STACK_TRINO_VERSION="$version" TRINO_ASSEMBLE_MISSING=skip TEST_REPORT="$reports/$name.json" \
      bash "$script_dir/local-e2e.sh" --matrix-subset "${args[@]}"
  else
    TEST_REPORT="$reports/$name.json" bash "$script_dir/local-e2e.sh" "${args[@]}"
  fi
  status=$?
  set -e
  if [ ! -s "$reports/$name.json" ]; then
    echo "FAIL $name: setup or the runner failed before any report (exit $status)"
    printf '{"passed":0,"failed":1,"skipped":0,"setupFailed":true,"version":"%s"}\n' "${version:-$name}" >"$reports/$name.json"
  fi
  node -e 'const fs = require("fs"); const [file, seconds] = process.argv.slice(1);
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, "utf8")), wallSeconds: Number(seconds) }));' \
    "$reports/$name.json" "$((SECONDS - release_started))"
}

# The default release (the quickstart's, or LOCAL_STACK_TRINO_VERSION): the full suite.
run_release default
default_version=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).version ?? "")' "$reports/default.json")
for version in ${LOCAL_E2E_MATRIX:-476 481}; do
  if [ "$version" = "$default_version" ]; then
    echo "local-e2e: $version is the default release, which ran the full suite"
    continue
  fi
  run_release "trino-$version" "$version"
done

# The summary, per release, and the sum for the test command's tally.
node - "$reports" "${TEST_REPORT:-}" <<'EOF'
const fs = require('fs');
const [dir, out] = process.argv.slice(2);
const names = ['default', ...fs.readdirSync(dir).filter((f) => f.startsWith('trino-')).map((f) => f.replace(/\.json$/, '')).sort()];
const releases = {};
const total = { passed: 0, failed: 0, skipped: 0 };
console.log('\nlocal-e2e matrix:');
for (const name of names) {
  const r = JSON.parse(fs.readFileSync(`${dir}/${name}.json`, 'utf8'));
  releases[r.version ?? name] = r;
  for (const key of Object.keys(total)) total[key] += r[key] ?? 0;
  console.log(`  Trino ${r.version ?? name} (${name === 'default' ? 'full suite' : 'matrix subset'}): ${r.passed} passed, ${r.failed} failed, ` +
    `${r.skipped ?? 0} skipped in ${r.wallSeconds}s${r.trinoStart ? `; ${r.trinoStart}` : ''}${r.setupFailed ? '; setup failed' : ''}`);
}
console.log(`local-e2e: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
if (out) fs.writeFileSync(out, JSON.stringify({ ...total, releases }));
process.exit(total.failed === 0 && total.passed > 0 ? 0 : 1);
EOF
