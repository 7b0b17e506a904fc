#!/usr/bin/env bash
# The project's test command (the README's, and what CI runs), on a fresh machine:
# setup; the ShellCheck lint of every script; compile + API docs + unit/nag/schema tests + eslint
# + cfn-lint (projen build); the metastore image's entrypoint and jars on a real PostgreSQL; then the
# npm, Python, Java and Go packages (projen package-all).
set -euo pipefail
cd "$(dirname "$0")/.."

stage() {
  local name="$1"; shift
  local start=$SECONDS
  printf '\n==> %s\n' "$name"
  "$@"
  printf '==> %s: done in %ss\n' "$name" "$((SECONDS - start))"
}

stage "setup" bash scripts/setup.sh
stage "shellcheck" bash -c 'git ls-files -z -- "*.sh" .ci/run | xargs -0 shellcheck'
# CI=true makes projen's build package only the npm target; package-all then builds them all.
stage "build (compile, docs, tests, eslint, cfn-lint)" env CI=true npx projen build
stage "metastore on real engines (PostgreSQL, entrypoint, Thrift)" bash scripts/metastore-local-test.sh
stage "package-all (npm, Python, Java, Go)" npx projen package-all
find dist -maxdepth 2 -type f \( -name '*.tgz' -o -name '*.whl' -o -name '*.jar' \) -printf '    %p (%s bytes)\n'
# One plain closing line over the Jest suites (from its JUnit report).
tests=$(grep -o '<testsuites [^>]*' test-reports/junit.xml | grep -o ' tests="[0-9]*"' | grep -o '[0-9]*')
failures=$(grep -o '<testsuites [^>]*' test-reports/junit.xml | grep -o ' failures="[0-9]*"' | grep -o '[0-9]*')
printf '\nall stages passed in %ss\n' "$SECONDS"
printf 'unit: %s passed, %s failed\n' "$((tests - failures))" "$failures"
