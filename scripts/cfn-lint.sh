#!/usr/bin/env bash
# Lints every CloudFormation template the unit tests synthesized (test-reports/templates).
set -euo pipefail
dir="test-reports/templates"
shopt -s nullglob
templates=("$dir"/*.template.json)
if [ "${#templates[@]}" -eq 0 ]; then
  echo "cfn-lint: no templates in $dir; run the unit tests first" >&2
  exit 1
fi
CFN_LINT=".local/venv/bin/cfn-lint"
if [ ! -x "$CFN_LINT" ]; then
  echo "cfn-lint: not installed; run scripts/setup.sh" >&2
  exit 1
fi
echo "cfn-lint $("$CFN_LINT" --version 2>&1 | tail -1) over ${#templates[@]} templates"
"$CFN_LINT" --format parseable --non-zero-exit-code error -- "${templates[@]}"
echo "cfn-lint: 0 errors in ${#templates[@]} templates"
