#!/usr/bin/env bash
# Applies every Kubernetes object the library deploys to a real kube-apiserver with etcd on 127.0.0.1
# (test/api-server/apply-check.ts says how): the examples synthesized by scripts/examples-synth.sh and the chart
# scenarios rendered by scripts/chart-render-check.sh. CRDs first: Karpenter, the Secrets Store CSI driver, KEDA
# (from the test data, see scripts/test-data.sh), the Prometheus Operator's ServiceMonitor (the chart renders one
# when metrics are on; from the operator's Go module, which carries its CRDs) and the two EKS Auto Mode kinds that
# have no public CRD (test/api-server/crds). The API server and etcd are stopped on every exit path.
#   bash scripts/api-server-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/test-data.sh
source scripts/test-data.sh

bash scripts/kube-apiserver-setup.sh
kube_clients
resolve_test_data .local/kube/bin/helm
python=".local/venv/bin/python"
"$python" -c 'import yaml' 2>/dev/null || { echo "api-server-check: $python with PyYAML not found; run scripts/setup.sh" >&2; exit 2; }

# The newest prometheus-operator release the Go module proxy here serves.
PROMETHEUS_OPERATOR_VERSION="0.85.0"
operator_dir=$(go mod download -json "github.com/prometheus-operator/prometheus-operator@v$PROMETHEUS_OPERATOR_VERSION" \
  | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
service_monitor_crd="$operator_dir/example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml"
[ -f "$service_monitor_crd" ] || { echo "api-server-check: no ServiceMonitor CRD in prometheus-operator v$PROMETHEUS_OPERATOR_VERSION ($operator_dir)" >&2; exit 2; }

work=".local/kube/run"
# The checker stops the API server and etcd on its own exits (normal, error, SIGINT, SIGTERM) and stops those a
# killed run left (their pids are recorded); this covers the checker itself dying.
trap 'pkill -KILL -f -- "$PWD/$work/server/" 2>/dev/null || true' EXIT

crds=()
for file in "$TEST_DATA_CRDS/karpenter-$KARPENTER_VERSION"/*.yaml "$TEST_DATA_CRDS/secrets-store-csi-driver-$SECRETS_STORE_CSI_VERSION"/*.yaml \
  "$service_monitor_crd" test/api-server/crds/*.yaml; do
  crds+=(--crd "$file")
done
node_modules/.bin/ts-node --transpile-only test/api-server/apply-check.ts \
  --bin .local/kube/bin \
  "${crds[@]}" \
  --chart "trino=$TEST_DATA_CHARTS/trino-$TRINO_CHART_VERSION.tgz" \
  --chart "keda=$TEST_DATA_CHARTS/keda-$KEDA_CHART_VERSION.tgz" \
  --examples test-reports/examples \
  --chart-renders test-reports/chart-render \
  --python "$python" \
  --report test-reports/api-server.json \
  --work-dir "$PWD/$work"
