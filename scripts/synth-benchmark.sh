#!/usr/bin/env bash
# Synth benchmark: synthesizes a full TrinoOnEks deployment (every option on) and prints the synth time with and
# without the four cdk-nag packs, the template's resource count and its size (test/benchmark/synth-benchmark.ts).
# Numbers only, no timed assertion.
#
#   scripts/synth-benchmark.sh [runs]     (default 3; the median is printed)
set -euo pipefail
cd "$(dirname "$0")/.."
# JSII_DEPRECATED=quiet: aws-eks-v2 prints a deprecation notice (OpenIdConnectProvider) on every synthesis.
JSII_DEPRECATED=quiet exec node_modules/.bin/ts-node --transpile-only test/benchmark/synth-benchmark.ts "${1:-3}"
