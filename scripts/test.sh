#!/usr/bin/env bash
# The project's test command (the README's, and what CI runs), on a fresh machine:
# setup; the ShellCheck lint of every script; compile + API docs + unit/nag/schema tests + eslint
# + cfn-lint (projen build); every README and @example sample compiled, the architecture picture current;
# the metastore image's entrypoint and jars on a real PostgreSQL; the npm, Python, Java and Go packages
# (projen package-all); the four examples synthesized against those packages with the four nag packs and
# cfn-lint; the local stack's end-to-end cases on real engines (Trino, Hive Metastore, PostgreSQL, S3).
set -euo pipefail
cd "$(dirname "$0")/.."

stage() {
  local name="$1"; shift
  local start=$SECONDS
  printf '\n==> %s\n' "$name"
  "$@"
  printf '==> %s: done in %ss\n' "$name" "$((SECONDS - start))"
  timings+=("$(printf '%6ss  %s' "$((SECONDS - start))" "$name")")
}
timings=()
logs=test-reports/stages
mkdir -p "$logs"
# Runs a command with its output also kept in a file, for the closing count.
kept() { local file="$1"; shift; "$@" 2>&1 | tee "$logs/$file"; }

stage "setup" bash scripts/setup.sh
stage "shellcheck" bash -c 'git ls-files -z -- "*.sh" .ci/run | xargs -0 shellcheck'
# CI=true makes projen's build package only the npm target; package-all then builds them all.
stage "build (compile, docs, tests, eslint, cfn-lint)" env CI=true npx projen build
stage "README and @example samples compile; architecture picture current" \
  bash -c 'bash scripts/compile-samples.sh && bash scripts/render-architecture.sh --check'
stage "metastore on real engines (PostgreSQL, entrypoint, Thrift)" kept metastore.log bash scripts/metastore-local-test.sh
stage "package-all (npm, Python, Java, Go)" npx projen package-all
find dist -maxdepth 2 -type f \( -name '*.tgz' -o -name '*.whl' -o -name '*.jar' \) -printf '    %p (%s bytes)\n'
stage "examples synthesized against dist/ (four nag packs, cfn-lint)" bash scripts/examples-synth.sh
stage "local stack end-to-end on real engines" kept local-e2e.log bash scripts/local-e2e.sh

# One plain closing line over every suite: Jest (its JUnit report), the metastore and the local e2e cases.
attribute() { grep -o '<testsuites [^>]*' test-reports/junit.xml | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
count() { sed -n "s/^$1: \([0-9]*\) passed, \([0-9]*\) failed$/\\$2/p" "$logs/$3" | tail -1; }
unit_tests=$(attribute tests); unit_failed=$(attribute failures)
unit_passed=$((unit_tests - unit_failed))
metastore_passed=$(count metastore 1 metastore.log); metastore_failed=$(count metastore 2 metastore.log)
e2e_passed=$(count local-e2e 1 local-e2e.log); e2e_failed=$(count local-e2e 2 local-e2e.log)
printf '\nstage times:\n'
printf '%s\n' "${timings[@]}"
printf '\nall stages passed in %ss\n' "$SECONDS"
printf 'unit %s, metastore %s, local-e2e %s passed\n' "$unit_passed" "$metastore_passed" "$e2e_passed"
printf 'tests: %s passed, %s failed\n' "$((unit_passed + metastore_passed + e2e_passed))" "$((unit_failed + metastore_failed + e2e_failed))"
