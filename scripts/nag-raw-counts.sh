#!/usr/bin/env bash
# Raw cdk-nag counts of the TypeScript examples (quickstart, existing-cluster) and of the tests' every-option
# deployment (full-deployment), built from src/: per configuration and pack (AwsSolutions, NIST 800-53 R5, HIPAA
# Security, PCI DSS 3.2.1), the findings with no acknowledgement, with the example's own only (none of the
# library's), and with all of them (what would fail a synth), plus the acknowledgements no finding there uses
# (test/nag-counts/nag-raw-counts.ts). Numbers only, no assertion.
# The Python and Java examples build the quickstart's stack through the packaged library; scripts/examples-synth.sh
# checks those.
#
#   scripts/nag-raw-counts.sh                       # all three
#   scripts/nag-raw-counts.sh quickstart --list     # one, with every finding and what acknowledges it
set -euo pipefail
cd "$(dirname "$0")/.."
# JSII_DEPRECATED=quiet: aws-eks-v2 prints a deprecation notice (OpenIdConnectProvider) on every synthesis.
JSII_DEPRECATED=quiet exec node_modules/.bin/ts-node --transpile-only test/nag-counts/nag-raw-counts.ts "$@"
