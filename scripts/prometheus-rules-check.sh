#!/usr/bin/env bash
# Checks the managed collector's scrape configuration and the alert rules TrinoOnEks renders (monitoring.managedPrometheus)
# with Prometheus's own promtool:
#   • promtool check config   the scrape configuration, as the collector receives it
#   • promtool check rules    the rules file, as the workspace receives it
#   • promtool test rules     one unit-test file per alert: series that must fire it and series that must not
#   • a mutant                the rules with one alert's hold time doubled: its unit test must fail (the tests can fail)
# The files come from test/trino-on-eks/prometheus-rules-render.ts (the library's own renderers).
#
#   scripts/prometheus-rules-check.sh               TEST_REPORT=FILE: also write {"passed": N, "failed": M} there
#   scripts/prometheus-rules-check.sh --build-only  only build promtool (the test command starts it in the background)
#
# promtool: PROMTOOL if set, else .local/promtool/bin/promtool, built from the Go module github.com/prometheus/prometheus
# (PROMETHEUS_MODULE_VERSION, through the Go module proxy, cached). Debian's promtool (package prometheus) cannot be used
# for `check config`: Debian builds Prometheus without Kubernetes service discovery, so it refuses kubernetes_sd_configs.
set -euo pipefail
cd "$(dirname "$0")/.."

# Prometheus 3.8.0 (the Go module's versions are v0.<major><minor>.<patch>).
PROMETHEUS_VERSION="3.8.0"
PROMETHEUS_MODULE_VERSION="v0.308.0"

build_only=false
case "${1:-}" in
  "") ;;
  --build-only) build_only=true ;;
  *) echo "usage: $0 [--build-only]" >&2; exit 2 ;;
esac

log() { printf '[prometheus-rules] %s\n' "$*"; }

promtool="${PROMTOOL:-.local/promtool/bin/promtool}"
if [ -z "${PROMTOOL:-}" ] && { [ ! -x "$promtool" ] || [ ! -f ".local/promtool/$PROMETHEUS_MODULE_VERSION" ]; }; then
  command -v go >/dev/null 2>&1 || { echo "prometheus-rules-check: go is needed to build promtool (or set PROMTOOL)" >&2; exit 2; }
  log "promtool: building github.com/prometheus/prometheus@$PROMETHEUS_MODULE_VERSION cmd/promtool (Go module proxy; minutes on a cold cache)"
  module=".local/promtool/module"
  rm -rf .local/promtool && mkdir -p "$module"
  # A wrapper module: `go install module@version` refuses Prometheus's go.mod (it has exclude directives).
  printf 'module local/promtool\n\ngo 1.25\n' >"$module/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/prometheus/prometheus/cmd/promtool"\n' >"$module/tools.go"
  (cd "$module" && GOFLAGS=-mod=mod go get "github.com/prometheus/prometheus@$PROMETHEUS_MODULE_VERSION" >/dev/null 2>&1 \
    && GOFLAGS=-mod=mod go build -o ../bin/promtool \
      -ldflags "-s -w -X github.com/prometheus/common/version.Version=$PROMETHEUS_VERSION" github.com/prometheus/prometheus/cmd/promtool)
  touch ".local/promtool/$PROMETHEUS_MODULE_VERSION"
fi
if [ "$build_only" = true ]; then log "promtool ready: $promtool"; exit 0; fi
# Absolute: the checks run in the rendered files' directory.
promtool="$(realpath "$promtool")"
log "$("$promtool" --version 2>&1 | head -n 1)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mapfile -t alert_tests < <(node_modules/.bin/ts-node --transpile-only test/trino-on-eks/prometheus-rules-render.ts "$work")

passed=0
failed=0
# check NAME COMMAND...: one check, run in the rendered files' directory (rule_files are relative), its output indented.
check() {
  local name="$1"; shift
  local output status=0
  output="$(cd "$work" && "$@" 2>&1)" || status=$?
  if [ "$status" -eq 0 ]; then
    echo "  ok   $name"
    passed=$((passed + 1))
  else
    echo "  FAIL $name:"
    printf '%s\n' "$output" | sed 's/^/         /'
    failed=$((failed + 1))
  fi
}
check "promtool check config: the managed collector's scrape configuration" "$promtool" check config scrape-config.yml
check "promtool check rules: the workspace's alert rules" "$promtool" check rules rules.yml
for file in "${alert_tests[@]}"; do
  alert="${file#test-}"
  check "promtool test rules: $(grep -c '"name"' "$work/$file") cases of ${alert%.yml}" "$promtool" test rules "$file"
done
# shellcheck disable=SC2016 # the mutant check's script expands its own argument
check "promtool test rules rejects a mutant (TrinoQueriesQueuedWithoutWorkers held twice as long)" \
  bash -c '! "$1" test rules mutant-test-TrinoQueriesQueuedWithoutWorkers.yml >/dev/null 2>&1' mutant "$promtool"

echo
echo "prometheus-rules: $passed passed, $failed failed"
if [ -n "${TEST_REPORT:-}" ]; then printf '{"passed": %s, "failed": %s}\n' "$passed" "$failed" >"$TEST_REPORT"; fi
[ "$failed" -eq 0 ]
