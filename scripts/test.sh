#!/usr/bin/env bash
# The project's test command (the README's, and what CI runs), on a fresh machine. Stages, in order:
#   • setup       npm packages, Debian and PyPI tools (scripts/setup.sh); the API server's Go modules start
#                 downloading in the background
#   • shellcheck  every script
#   • build       compile + API docs + unit/nag/schema tests + type check + eslint + cfn-lint (projen build)
#   • samples     every README and @example sample compiles; the architecture picture is current
#   • metastore   the metastore image's entrypoint and jars on a real PostgreSQL
#   • metastore-image  the metastore image's Dockerfile linted (hadolint), built (buildah) and its image checked
#   • package     the npm, Python, Java and Go packages (projen package-all)
#   • examples    the four examples synthesized against those packages (four nag packs, cfn-lint)
#   • charts      the real Trino chart rendered with the library's values, every scenario checked; the managed
#                 Prometheus scrape configuration and alert rules under promtool (check config, check rules, test rules)
#   • api-server  every object of the examples and the chart scenarios applied to a real kube-apiserver
#   • e2e         the local stack's end-to-end cases on real engines (Trino, Hive Metastore, PostgreSQL, S3): the
#                 full suite on the default release (483), then a smaller set on 476 and 481 (the version matrix)
#   • drills      the short drills on the local stack (scripts/local-drills.sh --short): S3 answering 5% of requests
#                 with errors during Hive and Iceberg writes and reads, the metastore's database stopped for 30 s
#
#   bash scripts/test.sh                     # everything (what CI runs)
#   bash scripts/test.sh --only e2e          # some stages, comma-separated (setup always runs); a stage reads
#                                            # what earlier stages left in test-reports/ (api-server: examples, charts)
set -euo pipefail
cd "$(dirname "$0")/.."

ALL_STAGES="setup shellcheck build samples metastore metastore-image package examples charts api-server e2e drills"
only=""
case "${1:-}" in
  "") ;;
  --only) only=" ${2:?--only needs a stage: $ALL_STAGES} "; only="${only//,/ }" ;;
  *) echo "usage: $0 [--only STAGE[,STAGE...]]   stages: $ALL_STAGES" >&2; exit 2 ;;
esac
for name in $only; do
  [[ " $ALL_STAGES " == *" $name "* ]] || { echo "no stage named $name; stages: $ALL_STAGES" >&2; exit 2; }
done
wanted() { [ -z "$only" ] || [ "$1" = setup ] || [[ "$only" == *" $1 "* ]]; }

reports=test-reports
logs=$reports/stages
mkdir -p "$logs"
timings=()
# stage NAME TITLE COMMAND...: runs a stage when wanted, with its time; its output also goes to a log.
stage() {
  local name="$1" title="$2"; shift 2
  wanted "$name" || return 0
  local start=$SECONDS
  printf '\n==> %s: %s\n' "$name" "$title"
  "$@" 2>&1 | tee "$logs/$name.log"
  printf '==> %s: done in %ss\n' "$name" "$((SECONDS - start))"
  timings+=("$(printf '%6ss  %s' "$((SECONDS - start))" "$name")")
}

# background NAME COMMAND...: a setup step that runs while the stages work, its output in $logs/NAME.log and
# its exit status in $logs/NAME.rc once it ends. await NAME: waits for it (a stage's output goes through a pipe,
# so stages run in subshells, which cannot `wait` for the test command's children), then prints its last line,
# or its log when it failed.
background_pids=()
background() {
  local name="$1"; shift
  rm -f "$logs/$name.rc"
  { local status=0; "$@" >"$logs/$name.log" 2>&1 || status=$?; echo "$status" >"$logs/$name.rc"; } &
  background_pids+=("$!")
}
# A failed stage ends the command: the background steps (a Go build, downloads) end with it.
kill_tree() {
  local child
  for child in $(pgrep -P "$1"); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
stop_background() {
  local pid
  for pid in "${background_pids[@]}"; do kill_tree "$pid"; done
}
trap stop_background EXIT
await() {
  until [ -f "$logs/$1.rc" ]; do sleep 1; done
  if [ "$(cat "$logs/$1.rc")" != 0 ]; then echo "$1 failed:"; cat "$logs/$1.log"; return 1; fi
  tail -1 "$logs/$1.log"
}

# The API server's modules (about 1 GB from the Go module proxy) download while the first stages work; its build
# (minutes of CPU on a cold cache) then runs beside the stages that wait most on the network and on JVMs
# (samples to examples), and the api-server stage waits for it.
if wanted api-server; then background kube-apiserver-fetch bash scripts/kube-apiserver-setup.sh --fetch-only; fi
build_api_server() {
  await kube-apiserver-fetch
  bash scripts/kube-apiserver-setup.sh
}
api_server() {
  await kube-apiserver-build
  bash scripts/api-server-check.sh
}

stage setup "npm packages, Debian and PyPI tools" bash scripts/setup.sh
# The engines of the metastore, e2e and drills stages (Trino from Maven Central, the metastore's jars, moto; about
# 1 GB, network-bound) download while the build stage works; those stages wait for it.
if wanted metastore || wanted e2e || wanted drills; then background engines-setup bash scripts/local-setup.sh; fi
# The e2e stage's version matrix (the oldest supported release and the first after the S3 rename, assembled from
# Maven Central's jars) is set up after the default's engines, on the same caches.
matrix_setup() {
  await engines-setup
  bash scripts/local-e2e.sh --matrix --setup-only
}
if wanted e2e; then background matrix-setup matrix_setup; fi
stage shellcheck "every script" bash -c 'git ls-files -z -- "*.sh" .ci/run | xargs -0 shellcheck'
# CI=true makes projen's build package only the npm target; the package stage then builds them all.
stage build "compile, API docs, unit/nag/schema tests, type check, eslint, cfn-lint" env CI=true npx projen build
if wanted api-server; then background kube-apiserver-build build_api_server; fi
# promtool, built from the Prometheus Go module (minutes of CPU on a cold cache), for the charts stage.
if wanted charts; then background promtool-build bash scripts/prometheus-rules-check.sh --build-only; fi
stage samples "README and @example samples compile; architecture picture current" \
  bash -c 'bash scripts/compile-samples.sh && bash scripts/render-architecture.sh --check'
metastore() {
  await engines-setup
  TEST_REPORT=$reports/metastore.json bash scripts/metastore-local-test.sh
}
stage metastore "entrypoint and jars on a real PostgreSQL, Thrift" metastore
stage metastore-image "the Dockerfile linted (hadolint), built (buildah) and the image started" \
  env TEST_REPORT="$reports/metastore-image.json" bash scripts/metastore-image-build.sh
stage package "npm, Python, Java, Go (projen package-all)" npx projen package-all
if wanted package; then find dist -maxdepth 2 -type f \( -name '*.tgz' -o -name '*.whl' -o -name '*.jar' \) -printf '    %p (%s bytes)\n'; fi
stage examples "synthesized against dist/ (four nag packs, cfn-lint)" bash scripts/examples-synth.sh
charts() {
  TEST_REPORT=$reports/chart-render.json bash scripts/chart-render-check.sh
  await promtool-build
  TEST_REPORT=$reports/prometheus-rules.json bash scripts/prometheus-rules-check.sh
}
stage charts "the real Trino chart rendered with the library's values; the alert rules and scrape configuration under promtool" charts
stage api-server "every object applied to a real kube-apiserver" api_server
e2e() {
  await matrix-setup
  TEST_REPORT=$reports/local-e2e.json bash scripts/local-e2e.sh --matrix
}
stage e2e "the local stack on real engines: the default release, then the version matrix" e2e
drills() {
  await engines-setup
  TEST_REPORT=$reports/local-drills.json bash scripts/local-drills.sh --short
}
stage drills "S3 errors at 5% and the metastore's database stopped, on the local stack" drills

# The closing tally, from each runner's own report: Jest's JUnit file and the JSON reports the other runners write.
tally() {
  node - "$reports" "$only" <<'EOF'
const fs = require('fs');
const [dir, only] = process.argv.slice(2);
const wanted = (stage) => only.trim() === '' || only.split(' ').includes(stage);
const runners = [];
if (wanted('build')) {
  const junit = fs.readFileSync(`${dir}/junit.xml`, 'utf8').match(/<testsuites [^>]*>/)[0];
  const attribute = (name) => Number(junit.match(new RegExp(` ${name}="(\\d+)"`))[1]);
  runners.push({ name: 'unit', passed: attribute('tests') - attribute('failures') - attribute('errors'), failed: attribute('failures') + attribute('errors') });
}
for (const [stage, name, file] of [['metastore', 'metastore', 'metastore.json'], ['metastore-image', 'metastore-image', 'metastore-image.json'],
  ['charts', 'chart-render', 'chart-render.json'], ['charts', 'prometheus-rules', 'prometheus-rules.json'],
  ['api-server', 'api-server', 'api-server.json'], ['e2e', 'local-e2e', 'local-e2e.json'], ['drills', 'local-drills', 'local-drills.json']]) {
  if (wanted(stage)) runners.push({ name, ...JSON.parse(fs.readFileSync(`${dir}/${file}`, 'utf8')) });
}
console.log(runners.map((r) => `${r.name} ${r.passed}`).join(', ') + ' passed');
const passed = runners.reduce((sum, r) => sum + r.passed, 0);
const failed = runners.reduce((sum, r) => sum + r.failed, 0);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
EOF
}
printf '\nstage times:\n'
printf '%s\n' "${timings[@]}"
printf '\nall stages passed in %ss\n' "$SECONDS"
tally
