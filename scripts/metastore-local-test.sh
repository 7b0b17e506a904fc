#!/usr/bin/env bash
# Real-engine proof of the metastore image, without Docker: test/metastore-engine/metastore-engine.ts (what it
# checks is written at its top), on the engines of local/engines/ (PostgreSQL from Debian, moto, the image's own
# entrypoint). This script sets up what it needs and runs the compiled suite:
#   the metastore's jars exactly as the image assembles them (scripts/metastore-jars.sh, cached);
#   moto[server] in .local/venv (Secrets Manager on loopback);
#   local/tsconfig.json compiled into .local/local-stack-build when a source is newer than the build.
# TEST_REPORT=FILE: where the suite writes {"passed": N, "failed": N} (the test command's tally reads it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# shellcheck source=scripts/versions.sh
source scripts/versions.sh

log() { printf '[metastore-test] %s\n' "$*"; }

bash scripts/metastore-jars.sh .local/hive-metastore

if ! .local/venv/bin/python -c "import importlib.metadata as m, sys; sys.exit(m.version('moto') != '$MOTO_VERSION')" 2>/dev/null \
  || [ ! -x .local/venv/bin/moto_server ]; then
  [ -x .local/venv/bin/python ] || python3 -m venv .local/venv
  log "moto[server] $MOTO_VERSION into .local/venv"
  .local/venv/bin/pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi

# Compiled as scripts/local-setup.sh compiles the local runtime (same config, same output, same stamp).
build=".local/local-stack-build"
suite="$build/out/test/metastore-engine/metastore-engine.js"
compile_needed() {
  [ -f "$build/out/local/main.js" ] && [ -f "$suite" ] || return 0
  [ -n "$(find src local test/local test/fixtures test/metastore-engine examples/quickstart -name '*.ts' \
    \( -newer "$build/out/local/main.js" -o -newer "$suite" \) -print -quit)" ]
}
if compile_needed; then
  started=$SECONDS
  npx tsc -p local/tsconfig.json
  # The quickstart's props (examples/quickstart) require the package by name: here, the compiled source tree.
  mkdir -p "$build/out/node_modules"
  ln -sfn ../src "$build/out/node_modules/cdk-trino-on-eks"
  touch "$build/out/local/main.js" "$suite"
  log "compiled local/tsconfig.json ($((SECONDS - started))s)"
fi

export METASTORE_TEST_ROOT="$root"
export LOCAL_STACK_METASTORE_HOME="$root/.local/hive-metastore"
export LOCAL_STACK_MOTO_SERVER="$root/.local/venv/bin/moto_server"
exec node "$suite"
