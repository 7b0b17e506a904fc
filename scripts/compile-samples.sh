#!/usr/bin/env bash
# Compiles every code sample a user reads: the README's TypeScript blocks and each construct's @example
# (both are in the jsii assembly), with jsii-rosetta against the compiled library, failing on any error.
# Samples are placed in rosetta/default.ts-fixture (imports, a Stack as `this`); a README block whose info
# string says `fixture=imports` brings its own imports and goes into rosetta/imports.ts-fixture instead.
#
# The samples import 'cdk-trino-on-eks' and '@aws-cdk/lambda-layer-kubectl-v35' as a user's app does, so
# they are compiled in a directory whose node_modules has exactly what a user installs.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f .jsii ] || { echo "compile-samples: no .jsii: run 'npx projen compile' first" >&2; exit 2; }
app=.local/rosetta-app
rm -rf "$app"
mkdir -p "$app/node_modules/@aws-cdk"
ln -s "$PWD" "$app/node_modules/cdk-trino-on-eks"
for dep in aws-cdk-lib constructs @aws-cdk/lambda-layer-kubectl-v35; do
  ln -s "$PWD/node_modules/$dep" "$app/node_modules/$dep"
done
npx jsii-rosetta extract --compile --fail --directory "$app" .jsii
echo "compile-samples: every README and @example sample compiles"
