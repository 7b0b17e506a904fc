#!/usr/bin/env bash
# Synthesizes the four examples (examples/quickstart, existing-cluster, python, java) against the packages
# `npx projen package-all` built into dist/, the way users consume them: the npm tarball installed next to
# aws-cdk-lib, the Python wheel in a virtualenv with aws-cdk-lib from PyPI, the jar in a Maven repository with
# aws-cdk-lib from Maven Central. Each app registers the four cdk-nag packs itself, so an unacknowledged finding
# fails its synth; the script also checks the validation report and runs cfn-lint on every template.
# Toolchains are set up once and cached under .local/examples (keyed by the package's checksum).
#
#   bash scripts/examples-synth.sh                 # all four
#   bash scripts/examples-synth.sh quickstart java # some
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE="$ROOT/.local/examples"
OUT="$ROOT/test-reports/examples"
CFN_LINT="$ROOT/.local/venv/bin/cfn-lint"
# aws-cdk-lib and constructs at the versions the library is built against: package.json's devDependencies
# (written by projen from .projenrc.ts), so the pin lives in one place.
CDK_VERSION=$(node -p "require('./package.json').devDependencies['aws-cdk-lib']")
CONSTRUCTS_VERSION=$(node -p "require('./package.json').devDependencies.constructs")
NAG_VERSION=3.0.2
KUBECTL_LAYER_VERSION=2.2.2
TYPESCRIPT_VERSION=6.0.3
JAVA_HOME_FOR_MAVEN="${EXAMPLES_JAVA_HOME:-}"

examples=("$@")
if [ "${#examples[@]}" -eq 0 ]; then examples=(quickstart existing-cluster python java); fi

export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=1

fail() { echo "examples-synth: $*" >&2; exit 1; }
one() {
  local matches=("$@")
  if [ "${#matches[@]}" -ne 1 ] || [ ! -e "${matches[0]}" ]; then
    fail "expected one file, found: ${matches[*]:-none} (run npx projen package-all first)"
  fi
  printf '%s' "${matches[0]}"
}
checksum() { sha256sum "$@" | sha256sum | cut -c1-16; }
[ -x "$CFN_LINT" ] || fail "cfn-lint not installed; run scripts/setup.sh"
mkdir -p "$CACHE" "$OUT"

# The context in cdk.json, as the CDK CLI would pass it to the app.
# The quickstart-shaped apps (quickstart, python, java) are synthesized in their full shape: with a certificate,
# so that their internal TLS endpoint is on (a user passes -c quickstart:certificateArn=...).
EXAMPLE_CERTIFICATE_ARN="arn:aws:acm:us-east-1:111122223333:certificate/00000000-0000-0000-0000-000000000000"
context_of() {
  local certificate=""
  case "$(basename "$1")" in quickstart|python|java) certificate="$EXAMPLE_CERTIFICATE_ARN" ;; esac
  node -e 'const c = require(process.argv[1]).context || {};
    if (process.argv[2]) c["quickstart:certificateArn"] = process.argv[2];
    console.log(JSON.stringify(c));' "$1/cdk.json" "$certificate"
}

# --- TypeScript: the npm tarball installed as a dependency, next to the peer versions; tsc, then the app ---
setup_typescript() {
  local tgz stamp prefix="$CACHE/ts"
  tgz=$(one "$ROOT"/dist/js/*.tgz)
  stamp="$(checksum "$tgz")-$CDK_VERSION-$NAG_VERSION"
  if [ "$(cat "$prefix/.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "setting up TypeScript examples (npm: $(basename "$tgz"), aws-cdk-lib $CDK_VERSION, cdk-nag $NAG_VERSION)"
    rm -rf "$prefix" && mkdir -p "$prefix"
    echo '{ "name": "cdk-trino-on-eks-examples", "private": true }' > "$prefix/package.json"
    (cd "$prefix" && npm install --no-save --no-audit --no-fund --prefer-offline --loglevel=error "$tgz" \
      "aws-cdk-lib@$CDK_VERSION" "constructs@$CONSTRUCTS_VERSION" "cdk-nag@$NAG_VERSION" \
      "@aws-cdk/lambda-layer-kubectl-v35@$KUBECTL_LAYER_VERSION" "typescript@$TYPESCRIPT_VERSION" "@types/node@20")
    echo "$stamp" > "$prefix/.stamp"
  fi
}

# A fresh copy of an example to build in (the checkout stays free of build output).
copy_example() {
  rm -rf "$2" && mkdir -p "$2"
  cp -r "$ROOT/examples/$1/." "$2/"
}

synth_typescript() {
  local name="$1" app="$CACHE/ts/apps/$1"
  # Under the install prefix, so that `cdk-trino-on-eks` resolves from its node_modules as in a user's project.
  copy_example "$name" "$app"
  (cd "$app" && "$CACHE/ts/node_modules/.bin/tsc" -p tsconfig.json)
  (cd "$app" && CDK_CONTEXT_JSON="$(context_of "$app")" CDK_OUTDIR="$OUT/$name" node main.js)
}

# --- Python: the wheel in a virtualenv with aws-cdk-lib, constructs and cdk-nag from PyPI ---
setup_python() {
  local whl stamp venv="$CACHE/python-venv"
  whl=$(one "$ROOT"/dist/python/*.whl)
  stamp="$(checksum "$whl")-$CDK_VERSION-$NAG_VERSION"
  if [ "$(cat "$venv/.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "setting up the Python example ($(basename "$whl"), aws-cdk-lib $CDK_VERSION, cdk-nag $NAG_VERSION)"
    [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps "$whl"
    "$venv/bin/pip" install -q --disable-pip-version-check "$whl" "aws-cdk-lib==$CDK_VERSION" \
      "constructs==$CONSTRUCTS_VERSION" "cdk-nag==$NAG_VERSION" "aws-cdk.lambda-layer-kubectl-v35==$KUBECTL_LAYER_VERSION"
    echo "$stamp" > "$venv/.stamp"
  fi
}

synth_python() {
  local app="$CACHE/apps/python"
  copy_example python "$app"
  (cd "$app" && CDK_CONTEXT_JSON="$(context_of "$app")" CDK_OUTDIR="$OUT/python" "$CACHE/python-venv/bin/python" app.py)
}

# --- Java: the jar (with its pom) installed into a Maven repository under .local; Maven Central for the rest ---
java_version() { sed -n 's:.*/cdk-trino-on-eks/\([^/]*\)/cdk-trino-on-eks-[^/]*\.pom$:\1:p' <<<"$1"; }

# A jsii package's Java artifact: from Maven Central when it is there, else built from the npm package of the
# same version with jsii-pacmak (the tool that builds the published jars) and installed into the local repository.
ensure_java_artifact() {
  local group="$1" artifact="$2" version="$3" npm_dir="$4" repo="$CACHE/m2" dir
  if mvn -q -B -Dmaven.repo.local="$repo" dependency:get -Dartifact="$group:$artifact:$version" -Dtransitive=false >/dev/null 2>&1; then
    return
  fi
  echo "$group:$artifact:$version is not on Maven Central as this machine reaches it: building it from $(basename "$npm_dir") with jsii-pacmak"
  dir="$CACHE/pacmak/java/${group//.//}/$artifact/$version"
  if [ ! -f "$dir/$artifact-$version.jar" ]; then
    "$ROOT/node_modules/.bin/jsii-pacmak" --targets java --outdir "$CACHE/pacmak" "$npm_dir"
  fi
  mvn -q -B -Dmaven.repo.local="$repo" install:install-file -Dfile="$dir/$artifact-$version.jar" -DpomFile="$dir/$artifact-$version.pom"
}

setup_java() {
  local pom jar stamp repo="$CACHE/m2"
  pom=$(one "$ROOT"/dist/java/io/github/cdktrinoeks/cdk-trino-on-eks/*/cdk-trino-on-eks-*.pom)
  jar="${pom%.pom}.jar"
  [ -f "$jar" ] || fail "no jar next to $pom"
  stamp="$(checksum "$jar" "$pom")-$CDK_VERSION-$NAG_VERSION-$KUBECTL_LAYER_VERSION"
  if [ "$(cat "$repo/.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "setting up the Java example ($(basename "$jar"), aws-cdk-lib $CDK_VERSION, cdk-nag $NAG_VERSION)"
    mkdir -p "$repo"
    rm -rf "$repo/io/github/cdktrinoeks"
    mvn -q -B -Dmaven.repo.local="$repo" install:install-file -Dfile="$jar" -DpomFile="$pom"
    setup_typescript # the npm packages jsii-pacmak builds from, at the pinned versions
    ensure_java_artifact io.github.cdklabs cdknag "$NAG_VERSION" "$CACHE/ts/node_modules/cdk-nag"
    ensure_java_artifact software.amazon.awscdk cdk-lambda-layer-kubectl-v35 "$KUBECTL_LAYER_VERSION" \
      "$CACHE/ts/node_modules/@aws-cdk/lambda-layer-kubectl-v35"
    echo "$stamp" > "$repo/.stamp"
  fi
}

synth_java() {
  local app="$CACHE/apps/java" pom version
  copy_example java "$app"
  pom=$(one "$ROOT"/dist/java/io/github/cdktrinoeks/cdk-trino-on-eks/*/cdk-trino-on-eks-*.pom)
  version=$(java_version "$pom")
  (cd "$app" && ${JAVA_HOME_FOR_MAVEN:+env JAVA_HOME="$JAVA_HOME_FOR_MAVEN"} \
    env CDK_CONTEXT_JSON="$(context_of "$app")" CDK_OUTDIR="$OUT/java" \
    mvn -q -B -Dmaven.repo.local="$CACHE/m2" -Dcdk-trino-on-eks.version="$version" \
      compile exec:java)
}

# --- checks on a cloud assembly: the validation report has no violation, every template lints clean ---
TEMPLATE_COUNT=0
check_assembly() {
  local name="$1" dir="$OUT/$1" templates
  node - "$dir/validation-report.json" <<'EOF'
const fs = require('fs');
const file = process.argv[2];
if (!fs.existsSync(file)) process.exit(0); // no plugin report: nothing was found (cdk-nag fails the synth otherwise)
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
const violations = (report.pluginReports || []).flatMap((p) => (p.violations || []).map((v) => `${p.pluginName}: ${v.ruleName}`));
if (violations.length > 0) {
  console.error(`${violations.length} unacknowledged finding(s):\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
EOF
  mapfile -t templates < <(find "$dir" -maxdepth 1 -name '*.template.json' | sort)
  [ "${#templates[@]}" -gt 0 ] || fail "$name: no template in $dir"
  "$CFN_LINT" --format parseable --non-zero-exit-code error -- "${templates[@]}"
  TEMPLATE_COUNT=${#templates[@]}
}

summary=()
total_start=$SECONDS
for name in "${examples[@]}"; do
  [ -d "examples/$name" ] || fail "no example named $name (examples/$name)"
  case "$name" in
    python) setup_python ;;
    java) setup_java ;;
    *) setup_typescript ;;
  esac
  rm -rf "${OUT:?}/$name"
  printf '\n==> %s: synth with AwsSolutions, NIST 800-53 R5, HIPAA Security, PCI DSS 3.2.1\n' "$name"
  start=$SECONDS
  case "$name" in
    python) synth_python ;;
    java) synth_java ;;
    *) synth_typescript "$name" ;;
  esac
  synth_time=$((SECONDS - start))
  check_assembly "$name"
  line="$name: synth ${synth_time}s, 0 unacknowledged nag findings, cfn-lint 0 errors in $TEMPLATE_COUNT template(s)"
  echo "==> $line"
  summary+=("$line")
done
printf '\nexamples synthesized in %ss:\n' "$((SECONDS - total_start))"
printf '  %s\n' "${summary[@]}"
