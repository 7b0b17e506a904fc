#!/usr/bin/env bash
# Builds a real kube-apiserver and etcd from the Go module proxy with the ordinary `go` client, into
# .local/kube/bin; quick when they are already there. No kubelet: the API server alone evaluates what
# `kubectl apply` meets first (schemas, CRD CEL rules, defaulting, pruning, name rules, namespaces).
#   kube-apiserver: k8s.io/kubernetes with each of its staging modules (replaced by ./staging/... in its own
#                   go.mod) replaced by the published v0.x of the same release.
#   etcd:           go.etcd.io/etcd/server/v3 through a wrapper module, because `go install` refuses a module
#                   with replace directives.
# The version is linked in so that kubectl and helm can parse it.
#   bash scripts/kube-apiserver-setup.sh [--fetch-only]   (--fetch-only: download the modules, build nothing; the
#   test command runs that in the background while other stages work, the download being network-bound)
set -euo pipefail
cd "$(dirname "$0")/.."

KUBERNETES_VERSION="1.34.4"
ETCD_VERSION="3.6.17"
KUBE=".local/kube"
BIN="$KUBE/bin"

log() { printf '[kube-apiserver-setup] %s\n' "$*"; }
command -v go >/dev/null 2>&1 || { echo "kube-apiserver-setup: go not found (Debian: apt-get install golang; or https://go.dev/dl)" >&2; exit 2; }

version_of() { "$1" --version 2>/dev/null | head -1; }

write_apiserver_module() {
  local dir="$KUBE/src/apiserver" mod staging minor
  # Kept when written for this version already: the go command has added the requirements it resolved.
  grep -q "^require k8s.io/kubernetes v$KUBERNETES_VERSION$" "$dir/go.mod" 2>/dev/null && return 0
  mkdir -p "$dir"
  go mod download -json "k8s.io/kubernetes@v$KUBERNETES_VERSION" >"$dir/download.json"
  mod=$(sed -n 's/.*"GoMod": "\(.*\)".*/\1/p' "$dir/download.json")
  # Every staging module the release replaces by a local path: replaced here by its published v0 version.
  mapfile -t staging < <(sed -n 's|^[[:space:]]*\(k8s.io/[^ ]*\) => ./staging/.*|\1|p' "$mod")
  [ "${#staging[@]}" -gt 0 ] || { echo "kube-apiserver-setup: no staging modules found in $mod" >&2; exit 1; }
  minor="${KUBERNETES_VERSION#1.}"
  {
    echo "module local.test/kube-apiserver"
    echo
    echo "go 1.24"
    echo
    echo "require k8s.io/kubernetes v$KUBERNETES_VERSION"
    echo
    for module in "${staging[@]}"; do echo "replace $module => $module v0.$minor"; done
  } >"$dir/go.mod"
}

build_apiserver() {
  local dir="$KUBE/src/apiserver" pkg="k8s.io/component-base/version" minor="${KUBERNETES_VERSION#1.}"
  local minor_only="${minor%%.*}"
  log "kube-apiserver v$KUBERNETES_VERSION: go build (minutes on a cold cache)"
  (cd "$dir" && GOFLAGS=-mod=mod go build -o "$OLDPWD/$BIN/kube-apiserver" -ldflags "-s -w \
    -X $pkg.gitVersion=v$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor_only \
    -X k8s.io/client-go/pkg/version.gitVersion=v$KUBERNETES_VERSION" k8s.io/kubernetes/cmd/kube-apiserver)
}

write_etcd_module() {
  local dir="$KUBE/src/etcd"
  grep -q "^require go.etcd.io/etcd/server/v3 v$ETCD_VERSION$" "$dir/go.mod" 2>/dev/null && return 0
  mkdir -p "$dir"
  cat >"$dir/go.mod" <<EOF
module local.test/etcd

go 1.24

require go.etcd.io/etcd/server/v3 v$ETCD_VERSION

replace (
	go.etcd.io/etcd/api/v3 => go.etcd.io/etcd/api/v3 v$ETCD_VERSION
	go.etcd.io/etcd/client/pkg/v3 => go.etcd.io/etcd/client/pkg/v3 v$ETCD_VERSION
	go.etcd.io/etcd/client/v3 => go.etcd.io/etcd/client/v3 v$ETCD_VERSION
	go.etcd.io/etcd/pkg/v3 => go.etcd.io/etcd/pkg/v3 v$ETCD_VERSION
)
EOF
}

build_etcd() {
  local dir="$KUBE/src/etcd"
  log "etcd v$ETCD_VERSION: go build"
  (cd "$dir" && GOFLAGS=-mod=mod go build -o "$OLDPWD/$BIN/etcd" -ldflags "-s -w" go.etcd.io/etcd/server/v3)
}

# The packages' modules only (go list loads them without compiling).
fetch() {
  log "downloading the modules of kube-apiserver v$KUBERNETES_VERSION and etcd v$ETCD_VERSION"
  (cd "$KUBE/src/apiserver" && GOFLAGS=-mod=mod go list -deps k8s.io/kubernetes/cmd/kube-apiserver >/dev/null)
  (cd "$KUBE/src/etcd" && GOFLAGS=-mod=mod go list -deps go.etcd.io/etcd/server/v3 >/dev/null)
}

mkdir -p "$BIN"
start=$SECONDS
need_apiserver=false need_etcd=false
[[ "$(version_of "$BIN/kube-apiserver")" == *"v$KUBERNETES_VERSION"* ]] || need_apiserver=true
[[ "$(version_of "$BIN/etcd")" == *"$ETCD_VERSION"* ]] || need_etcd=true
if [ "${1:-}" = "--fetch-only" ]; then
  if $need_apiserver || $need_etcd; then write_apiserver_module && write_etcd_module && fetch; fi
  log "modules ready in $((SECONDS - start))s"
  exit 0
fi
if $need_apiserver; then write_apiserver_module && build_apiserver; fi
if $need_etcd; then write_etcd_module && build_etcd; fi
log "$(version_of "$BIN/kube-apiserver"); etcd $ETCD_VERSION; ready in $((SECONDS - start))s"
