#!/usr/bin/env bash
# Installs what the project needs on a fresh machine, saying what it installs and how much; quick when it is
# already there.
#   bash scripts/setup.sh                everything the test command needs (scripts/test.sh's setup stage):
#     Debian: shellcheck (scripts), PostgreSQL (metastore tests, local stack), Graphviz (the README's architecture picture)
#     PyPI:   cfn-lint, in .local/venv
#     npm:    the project's packages (npm ci)
#   bash scripts/setup.sh --local-stack  only what the local stack needs (scripts/local-setup.sh runs this):
#     npm:    the project's packages;  Debian: PostgreSQL
# Debian packages need root, or sudo (it may ask for your password).
set -euo pipefail
cd "$(dirname "$0")/.."

CFN_LINT_VERSION="1.58.0"

scope=all
case "${1:-}" in
  "") ;;
  --local-stack) scope=local-stack ;;
  *) echo "usage: $0 [--local-stack]" >&2; exit 2 ;;
esac

log() { printf '[setup] %s\n' "$*"; }

apt_packages=()
if [ "$scope" = all ]; then
  command -v shellcheck >/dev/null 2>&1 || apt_packages+=(shellcheck)
  command -v dot >/dev/null 2>&1 || apt_packages+=(graphviz)
fi
# PostgreSQL: Debian's, or the one LOCAL_STACK_POSTGRES_BIN names (the local stack's override).
if [ ! -x "${LOCAL_STACK_POSTGRES_BIN:-/nonexistent}/postgres" ]; then
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || apt_packages+=(postgresql)
fi
if [ "${#apt_packages[@]}" -gt 0 ]; then
  as_root=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "[setup] ${apt_packages[*]} must be installed with apt-get, which needs root or sudo: apt-get install ${apt_packages[*]}" >&2; exit 1; }
    as_root=(sudo)
  fi
  log "apt-get install ${apt_packages[*]} (Debian packages; apt's download size follows)"
  "${as_root[@]}" apt-get update -qq
  # apt-get's summary (what it downloads and the disk it takes), not its per-package lines.
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${apt_packages[@]}" 2>&1 \
    | { grep -E '^(Need to get|After this operation)' || true; } | sed 's/^/[setup]   /'
  for package in "${apt_packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || { echo "[setup] apt-get did not install $package" >&2; exit 1; }
  done
fi

if [ "$scope" = all ]; then
  if [ ! -x .local/venv/bin/cfn-lint ] || ! .local/venv/bin/cfn-lint --version 2>/dev/null | grep -q "$CFN_LINT_VERSION"; then
    log "cfn-lint $CFN_LINT_VERSION into .local/venv (PyPI)"
    python3 -m venv .local/venv
    .local/venv/bin/pip install --quiet --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION"
    log "  .local/venv: $(du -sh .local/venv | cut -f1)"
  fi
fi

npm_install() {
  # npm ci can refuse a lock file that lacks the optional packages of other platforms (the registry
  # here does not serve them all); npm install then installs the same locked versions.
  npm ci --no-audit --no-fund --loglevel=error \
    || { log "npm ci refused the lock file; npm install instead"; npm install --no-audit --no-fund --loglevel=error; }
}
npm_installed() { log "  node_modules: $(du -sh node_modules 2>/dev/null | cut -f1)"; }

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci: the project's npm packages from the npm registry (about 720 packages, 440 MB in node_modules)"
  npm_install
  npm_installed
fi
# A known npm quirk can leave this nested package empty, which breaks every test.
if [ ! -f node_modules/aws-cdk-lib/node_modules/@aws-cdk/cloud-assembly-api/package.json ] \
  && [ -d node_modules/aws-cdk-lib/node_modules/@aws-cdk/cloud-assembly-api ]; then
  log "repairing node_modules (empty @aws-cdk/cloud-assembly-api): npm ci again"
  rm -rf node_modules
  npm_install
  npm_installed
fi
if [ "$scope" = all ]; then log "ready: everything the tests need"; else log "npm packages and PostgreSQL: ready"; fi
