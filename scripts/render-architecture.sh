#!/usr/bin/env bash
# Renders docs/architecture.dot (the README's architecture picture) into docs/architecture.svg with
# Graphviz. `--check` renders into a temporary file and fails when the committed SVG is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dot >/dev/null 2>&1 || { echo "render-architecture: Graphviz 'dot' is missing (apt-get install graphviz)" >&2; exit 2; }
if [ "${1:-}" = "--check" ]; then
  rendered=$(mktemp)
  trap 'rm -f "$rendered"' EXIT
  dot -Tsvg docs/architecture.dot -o "$rendered"
  if ! cmp -s "$rendered" docs/architecture.svg; then
    echo "render-architecture: docs/architecture.svg does not match docs/architecture.dot; run bash scripts/render-architecture.sh" >&2
    exit 1
  fi
  echo "render-architecture: docs/architecture.svg matches its source"
else
  dot -Tsvg docs/architecture.dot -o docs/architecture.svg
  echo "render-architecture: wrote docs/architecture.svg"
fi
