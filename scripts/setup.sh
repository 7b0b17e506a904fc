#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine; quick when it is already there.
#   Debian: shellcheck (scripts), PostgreSQL (metastore tests), Graphviz (the README's architecture picture)
#   PyPI:   cfn-lint, in .local/venv
#   npm:    the project's packages (npm ci)
set -euo pipefail
cd "$(dirname "$0")/.."

CFN_LINT_VERSION="1.58.0"

log() { printf '[setup] %s\n' "$*"; }

apt_packages=()
command -v shellcheck >/dev/null 2>&1 || apt_packages+=(shellcheck)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || apt_packages+=(postgresql)
command -v dot >/dev/null 2>&1 || apt_packages+=(graphviz)
if [ "${#apt_packages[@]}" -gt 0 ]; then
  log "apt-get install ${apt_packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

if [ ! -x .local/venv/bin/cfn-lint ] || ! .local/venv/bin/cfn-lint --version 2>/dev/null | grep -q "$CFN_LINT_VERSION"; then
  log "cfn-lint $CFN_LINT_VERSION into .local/venv"
  python3 -m venv .local/venv
  .local/venv/bin/pip install --quiet --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION"
fi

npm_install() {
  # npm ci can refuse a lock file that lacks the optional packages of other platforms (the registry
  # here does not serve them all); npm install then installs the same locked versions.
  npm ci --no-audit --no-fund --loglevel=error \
    || { log "npm ci refused the lock file; npm install instead"; npm install --no-audit --no-fund --loglevel=error; }
}

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm_install
fi
# A known npm quirk can leave this nested package empty, which breaks every test.
if [ ! -f node_modules/aws-cdk-lib/node_modules/@aws-cdk/cloud-assembly-api/package.json ] \
  && [ -d node_modules/aws-cdk-lib/node_modules/@aws-cdk/cloud-assembly-api ]; then
  log "repairing node_modules (empty @aws-cdk/cloud-assembly-api)"
  rm -rf node_modules
  npm_install
fi
log "ready"
