#!/usr/bin/env bash
# Assembles a Trino server from the module jars Maven Central serves, with plain mvn:
#   bash scripts/trino-assemble.sh VERSION DEST [PLUGIN...]
# DEST gets
#   lib/            io.trino:trino-main:VERSION and its runtime dependencies, versions from the release's BOM
#                   (io.trino:trino-root:VERSION): the jars of the release's lib/ (the same files, for 476) except
#                   io.trino:trino-server-main (its main class; not served), which lib/local-trino-server.jar
#                   replaces: our local.trino.LocalTrinoServer (local/trino-server/LocalTrinoServer.java);
#   plugin/NAME/    for each PLUGIN, named as the release names its folder (tpch, hive, iceberg, delta-lake, tpcds,
#                   exchange-filesystem, password-authenticators, ...): io.trino:trino-NAME:VERSION and its runtime
#                   dependencies minus the SPI and the jars that come with it (the server provides those to every
#                   plugin), which is what the release's plugin zip holds; plus a services jar naming the plugin
#                   class, which the plugin packaging adds and the Maven jar lacks. hive, iceberg, delta-lake and
#                   hudi also get hdfs/ (io.trino:trino-hdfs), as in the release.
# Run it with: java -cp 'DEST/lib/*' <jvm.config> -Dconfig=... -Dnode.*=... local.trino.LocalTrinoServer, in a
# working directory whose plugin/ is DEST/plugin (as Trino's launcher arranges it in the data directory).
#
# What Maven Central does not serve as jars for VERSION (here: trino-password-authenticators at every release,
# trino-delta-lake at 476 and 483, trino-tpcds, trino-exchange-filesystem and trino-hdfs at 476) comes from the
# one server tarball it serves, io.trino:trino-server:476:tar.gz: for 476 itself, and for a later VERSION only
# the folders FROM_476_CHECKED lists for it, each checked to load and work on that release. Any other missing
# artifact fails the run with a message naming it; with TRINO_ASSEMBLE_MISSING=skip, a plugin that cannot be
# assembled is left out instead, said so in the output ("SKIPPED plugin/NAME: ...") and listed in DEST/.missing,
# one line per plugin: "NAME<TAB>the artifact Maven Central does not serve" (the e2e runner skips, visibly, what
# needs it). The server is then assembled with the other plugins.
#
# Cached: DEST/.assembled records the inputs, and a second run with the same inputs returns at once. The
# server is built in DEST.partial and renamed into place: an interrupted run leaves no half-made DEST.
# TRINO_ASSEMBLE_JAVA_HOME: the JDK (17 or newer) whose javac, jar and javap are used (default: Temurin 25).
set -euo pipefail

usage() { sed -n '2,3p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 2 ] || usage
version="$1"
dest="${2%/}"
shift 2
[[ "$version" =~ ^[0-9]+$ ]] || { echo "trino-assemble: VERSION must be a Trino release number (e.g. 483), not '$version'" >&2; exit 2; }
# Absolute: Maven resolves relative paths against the pom's directory.
mkdir -p "$(dirname "$dest")"
dest="$(cd "$(dirname "$dest")" && pwd)/$(basename "$dest")"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
main_source="$root/local/trino-server/LocalTrinoServer.java"
main_class="local.trino.LocalTrinoServer"
jdk="${TRINO_ASSEMBLE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
dependency_plugin="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
# The only server tarball Maven Central serves here, and its plugin folders checked on a later release
# ("PLUGIN@VERSION"): password-authenticators of 476 loaded into Trino 483 and authenticated against a password
# file (right password: 200 and the query ran; wrong password or unknown user: 401); resource-group-managers of 476
# loaded into Trino 483 and ran the file manager (the workload management e2e case: queued, refused, selected).
# A connector of 476 does not load into 483 (it checks the SPI version), so no connector is listed here.
tarball_version=476
FROM_476_CHECKED=" password-authenticators@481 password-authenticators@483 resource-group-managers@483 "
missing_mode="${TRINO_ASSEMBLE_MISSING:-fail}"
[[ "$missing_mode" =~ ^(fail|skip)$ ]] || { echo "trino-assemble: TRINO_ASSEMBLE_MISSING must be fail or skip, not '$missing_mode'" >&2; exit 2; }

log() { printf '[trino-assemble] %s\n' "$*"; }
fail() { printf 'trino-assemble: %s\n' "$*" >&2; exit 1; }

for tool in javac jar javap; do
  [ -x "$jdk/bin/$tool" ] || fail "$jdk/bin/$tool not found: set TRINO_ASSEMBLE_JAVA_HOME to a JDK, 17 or newer"
done
command -v mvn >/dev/null || fail "mvn not found (apt-get install maven)"

# The plugins, each once, sorted: the cache key does not depend on their order.
plugins=()
if [ $# -gt 0 ]; then
  mapfile -t plugins < <(printf '%s\n' "$@" | sort -u)
fi
for plugin in "${plugins[@]}"; do
  [[ "$plugin" =~ ^[a-z0-9][a-z0-9-]*$ ]] || fail "'$plugin' is not a plugin folder name (tpch, hive, iceberg, ...)"
done

stamp="version=$version
plugins=${plugins[*]}
missing=$missing_mode
main=$(sha256sum <"$main_source" | cut -d' ' -f1)
assembler=$(sha256sum <"${BASH_SOURCE[0]}" | cut -d' ' -f1)"
if [ -f "$dest/.assembled" ] && [ "$(cat "$dest/.assembled")" = "$stamp" ]; then
  log "Trino $version in $dest is up to date (plugins: ${plugins[*]:-none})"
  if [ -s "$dest/.missing" ]; then
    while IFS=$'\t' read -r plugin artifact; do
      log "  SKIPPED plugin/$plugin: Maven Central does not serve $artifact (and no checked substitute)"
    done <"$dest/.missing"
  fi
  exit 0
fi

started=$SECONDS
partial="$dest.partial"
work="$partial/.work"
rm -rf "$partial"
mkdir -p "$work" "$partial/lib" "$partial/plugin"
# Whatever ends the run before the rename (an error, Ctrl-C, kill) removes the half-made server; after a
# SIGKILL, the next run does.
trap 'rm -rf "$partial"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# mvn in batch mode. Its output goes, without colour codes (Debian's Maven 3.8 prints them even with -B), to a log
# through scripts/mvn-progress.sh, which prints what is downloaded as it goes (every 25 MB, then the total) and
# Maven's [ERROR] lines; the first five of those are repeated on stderr when it fails.
mvn_logged() { # mvn_logged DIR ARGS...
  local dir="$1"
  shift
  if ! mvn -B -Dstyle.color=never -f "$dir/pom.xml" "$@" 2>&1 | bash "$root/scripts/mvn-progress.sh" "trino-assemble $(basename "$dir")" "$dir/mvn.log" \
    | { grep -v '\] \[ERROR\]' || true; }; then
    grep -E '^\[ERROR\] .' "$dir/mvn.log" | grep -v 'Re-run Maven\|full stack trace\|Help 1\|possible solutions' | head -n 5 >&2 || true
    return 1
  fi
}

# A pom that imports the release's BOM and depends on GROUP:ARTIFACT at VERSION, and on each PROVIDED
# (group:artifact, version from the BOM) with scope provided: direct dependencies, so that Maven keeps them out
# of the runtime set even where the artifact's own dependencies pull them in.
write_pom() { # write_pom DIR GROUP:ARTIFACT [PROVIDED...]
  local dir="$1" artifact="$2" extra
  shift 2
  mkdir -p "$dir"
  {
    cat <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.trino-assemble</groupId>
  <artifactId>$(basename "$dir")</artifactId>
  <version>$version</version>
  <packaging>pom</packaging>
  <dependencyManagement>
    <dependencies>
      <dependency><groupId>io.trino</groupId><artifactId>trino-root</artifactId><version>$version</version><type>pom</type><scope>import</scope></dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency><groupId>${artifact%%:*}</groupId><artifactId>${artifact#*:}</artifactId><version>$version</version></dependency>
EOF
    for extra in "$@"; do
      printf '    <dependency><groupId>%s</groupId><artifactId>%s</artifactId><scope>provided</scope></dependency>\n' "${extra%%:*}" "${extra#*:}"
    done
    printf '  </dependencies>\n</project>\n'
  } >"$dir/pom.xml"
}

# Resolves DIR's pom (downloading what the local Maven repository lacks) into DIR/jars: one line per runtime
# jar, "groupId<TAB>absolute path".
resolve() { # resolve DIR
  local dir="$1"
  mvn_logged "$dir" "$dependency_plugin:list" -DincludeScope=runtime -DoutputAbsoluteArtifactFilename=true \
    -DoutputFile="$dir/list.txt" -Dsort=true || return 1
  [ -f "$dir/list.txt" ] || { echo "mvn wrote no $dir/list.txt" >&2; return 1; }
  # "   group:artifact:type[:classifier]:version:scope:/path/file.jar -- module name (auto)"
  sed -n 's/ -- module .*$//; s/^   \([^:]*\):.*:\(\/[^:]*\)$/\1\t\2/p' "$dir/list.txt" | grep -v '\.pom$' >"$dir/jars" || true
}

# resolve, but returns 1 when Maven Central does not serve GROUP:ARTIFACT itself at VERSION; fails on any other
# error (a dependency of it missing, the network).
resolve_or_absent() { # resolve_or_absent DIR GROUP:ARTIFACT
  local dir="$1" artifact="${2//./\\.}"
  resolve "$dir" 2>"$dir/errors" && return 0
  if sed 's/\x1b\[[0-9;]*m//g' "$dir/mvn.log" \
    | grep "Could not find artifact $artifact:jar:$version \|$artifact:jar:$version was not found\|$artifact:jar:$version (absent)" >/dev/null; then
    return 1
  fi
  cat "$dir/errors" >&2
  fail "$2:$version could not be resolved (Maven's error above)"
}

# Links (or copies, across file systems) DIR's resolved jars into TARGET as groupId_file.jar, the release's
# naming; prints how many.
install_jars() { # install_jars DIR TARGET
  local dir="$1" target="$2" group file count=0
  mkdir -p "$target"
  while IFS=$'\t' read -r group file; do
    ln -f "$file" "$target/${group}_$(basename "$file")" 2>/dev/null || cp "$file" "$target/${group}_$(basename "$file")"
    count=$((count + 1))
  done <"$dir/jars"
  echo "$count"
}

# The path of the resolved jar named FILE in DIR/jars (one process: no pipe that an early exit could break).
jar_path() { # jar_path DIR FILE
  awk -F'\t' -v f="/$2" 'substr($2, length($2) - length(f) + 1) == f { print $2; exit }' "$1/jars"
}

size_of() { du -sh --apparent-size "$1" | cut -f1; }

# Folders the tarball provides, extracted together at the end (one pass over its 800 MB): "FOLDER TARGET".
from_tarball=()
# Plugins left out (TRINO_ASSEMBLE_MISSING=skip): "NAME<TAB>ARTIFACT" lines, written to DEST/.missing.
missing=()
# Records that FOLDER (plugin/NAME or plugin/NAME/hdfs) comes from the tarball, because Maven Central does not
# serve ARTIFACT. Unless that folder is known to work on VERSION: fails, or with TRINO_ASSEMBLE_MISSING=skip
# records the plugin as missing and returns 1 (the caller leaves the plugin out).
take_from_tarball() { # take_from_tarball FOLDER ARTIFACT TARGET
  local folder="$1" artifact="$2" target="$3" plugin
  plugin=$(cut -d/ -f2 <<<"$folder")
  if [ "$version" != "$tarball_version" ] && [[ "$FROM_476_CHECKED" != *" $plugin@$version "* ]]; then
    if [ "$missing_mode" = skip ]; then
      log "  SKIPPED plugin/$plugin: Maven Central does not serve $artifact (nor the plugin zip), and the Trino" \
        "$tarball_version server tarball's plugin/$plugin is not known to work on Trino $version"
      missing+=("$plugin"$'\t'"$artifact")
      return 1
    fi
    fail "Maven Central does not serve $artifact (nor the plugin zip), which plugin/$plugin needs at Trino $version;" \
      "the only other source here, the Trino $tarball_version server tarball's plugin/$plugin, is not known to work on Trino $version"
  fi
  log "  $artifact is not on Maven Central: $folder/ will come from the Trino $tarball_version server tarball"
  from_tarball+=("$folder $target")
}

# 1. lib/: trino-main and its runtime dependencies.
log "Trino $version: lib/ from io.trino:trino-main:$version and its dependencies (BOM io.trino:trino-root:$version), downloading what ~/.m2 lacks"
write_pom "$work/lib" "io.trino:trino-main"
resolve "$work/lib" || fail "io.trino:trino-main:$version (or its BOM io.trino:trino-root:$version) could not be resolved from Maven Central"
jars=$(install_jars "$work/lib" "$partial/lib")
trino_main="$partial/lib/io.trino_trino-main-$version.jar"
[ -f "$trino_main" ] || fail "io.trino:trino-main:$version is missing from the resolved lib/"
log "  lib/: $jars jars, $(size_of "$partial/lib")"

# 2. Our main class (it reaches Trino by reflection: any JDK 17+ compiles it, whatever Java Trino needs).
mkdir -p "$work/classes"
"$jdk/bin/javac" --release 17 -d "$work/classes" "$main_source"
"$jdk/bin/jar" --create --file "$partial/lib/local-trino-server.jar" -C "$work/classes" .
log "  lib/local-trino-server.jar: $main_class (local/trino-server/$(basename "$main_source"))"

# 3. What the server provides to plugins: trino-spi and its own non-optional dependencies, as the plugin
#    packaging's SPI check defines them (trino-maven-plugin's SpiDependencyChecker).
spi_provided=()
if [ ${#plugins[@]} -gt 0 ]; then
  write_pom "$work/spi" "io.trino:trino-spi"
  resolve "$work/spi" || fail "io.trino:trino-spi:$version could not be resolved from Maven Central"
  spi_jar=$(jar_path "$work/spi" "trino-spi-$version.jar")
  [ -f "${spi_jar%.jar}.pom" ] || fail "the pom of io.trino:trino-spi:$version is not in the local Maven repository"
  mapfile -t spi_provided < <(python3 - "${spi_jar%.jar}.pom" <<'EOF'
import sys
import xml.etree.ElementTree as ET
ns = {'m': 'http://maven.apache.org/POM/4.0.0'}
for dep in ET.parse(sys.argv[1]).getroot().findall('m:dependencies/m:dependency', ns):
    text = lambda key: (dep.findtext('m:' + key, '', ns) or '').strip()
    if text('scope') in ('test', 'provided', 'system') or text('optional') == 'true':
        continue
    print(text('groupId') + ':' + text('artifactId'))
EOF
  )
  spi_provided=("io.trino:trino-spi" "${spi_provided[@]}")
fi

# The plugin class of a plugin jar: its classes named *Plugin that implement io.trino.spi.Plugin.
plugin_classes() { # plugin_classes JAR
  local candidates
  mapfile -t candidates < <("$jdk/bin/jar" --list --file "$1" | sed -n 's/\.class$//p' | grep -E 'Plugin$' | grep -v '\$' | tr / .)
  [ ${#candidates[@]} -gt 0 ] || return 0
  "$jdk/bin/javap" -cp "$1" "${candidates[@]}" 2>/dev/null \
    | sed -n 's/^public \(final \)\{0,1\}class \([^ ]*\) .*implements .*io\.trino\.spi\.Plugin\b.*/\2/p'
}

# Fills plugin/NAME (TARGET) from DIR's resolved jars.
install_plugin() { # install_plugin NAME DIR TARGET
  local name="$1" dir="$2" target="$3" jar classes="" jars hdfs=""
  jars=$(install_jars "$dir" "$target")
  jar=$(jar_path "$dir" "trino-$name-$version.jar")
  [ -n "$jar" ] || fail "plugin $name: trino-$name-$version.jar is not among the resolved jars"
  if ! "$jdk/bin/jar" --list --file "$jar" | grep -x 'META-INF/services/io.trino.spi.Plugin' >/dev/null; then
    classes=$(plugin_classes "$jar")
    [ -n "$classes" ] || fail "plugin $name: no class implementing io.trino.spi.Plugin in $(basename "$jar")"
    mkdir -p "$dir/services/META-INF/services"
    printf '%s\n' "$classes" >"$dir/services/META-INF/services/io.trino.spi.Plugin"
    "$jdk/bin/jar" --create --file "$target/trino-$name-$version-services.jar" -C "$dir/services" .
  fi
  # The connectors that can use HDFS load it from hdfs/, as the release packages them.
  case "$name" in
    hive|iceberg|delta-lake|hudi)
      if [ ! -f "$work/hdfs/jars" ] && [ ! -f "$work/hdfs/absent" ]; then
        write_pom "$work/hdfs" "io.trino:trino-hdfs" "${spi_provided[@]}"
        resolve_or_absent "$work/hdfs" "io.trino:trino-hdfs" || touch "$work/hdfs/absent"
      fi
      if [ -f "$work/hdfs/absent" ]; then
        if ! take_from_tarball "plugin/$name/hdfs" "io.trino:trino-hdfs:$version" "$target/hdfs"; then
          rm -rf "$target"
          return 0
        fi
      else
        hdfs=" + hdfs/ ($(install_jars "$work/hdfs" "$target/hdfs") jars)"
      fi
      ;;
  esac
  log "  plugin/$name: $jars jars$hdfs, $(size_of "$target")${classes:+, services entry $classes}"
}

# 4. The plugins.
for plugin in "${plugins[@]}"; do
  log "Trino $version: plugin/$plugin from io.trino:trino-$plugin:$version and its dependencies"
  dir="$work/plugin-$plugin"
  write_pom "$dir" "io.trino:trino-$plugin" "${spi_provided[@]}"
  if resolve_or_absent "$dir" "io.trino:trino-$plugin"; then
    install_plugin "$plugin" "$dir" "$partial/plugin/$plugin"
  else
    take_from_tarball "plugin/$plugin" "io.trino:trino-$plugin:$version" "$partial/plugin/$plugin" || true
  fi
done

# 5. The folders Maven Central serves no jars for, from the server tarball (downloaded once into the local Maven
#    repository, about 800 MB), with the files their hard links point to (the release hard-links the jars that
#    plugins share with lib/ and with each other).
if [ ${#from_tarball[@]} -gt 0 ]; then
  log "Trino $version: ${#from_tarball[@]} folder(s) from io.trino:trino-server:$tarball_version:tar.gz (about 800 MB, downloaded once into ~/.m2)"
  mkdir -p "$work/tarball"
  cat >"$work/tarball/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.trino-assemble</groupId>
  <artifactId>tarball</artifactId>
  <version>$tarball_version</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.trino</groupId><artifactId>trino-server</artifactId><version>$tarball_version</version><type>tar.gz</type>
      <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>
    </dependency>
  </dependencies>
</project>
EOF
  resolve "$work/tarball" || fail "io.trino:trino-server:$tarball_version:tar.gz could not be resolved from Maven Central"
  tarball=$(jar_path "$work/tarball" "trino-server-$tarball_version.tar.gz")
  [ -n "$tarball" ] || fail "io.trino:trino-server:$tarball_version:tar.gz is not in the local Maven repository"
  prefix="trino-server-$tarball_version"
  tar -tvzf "$tarball" >"$work/tarball/listing"
  folders=()
  for entry in "${from_tarball[@]}"; do
    folder="${entry%% *}"
    grep -q " $prefix/$folder/\$" "$work/tarball/listing" \
      || fail "Maven Central serves no jars for $folder/ at Trino $version, and the Trino $tarball_version server tarball has no $folder/ either"
    folders+=("$prefix/$folder")
  done
  # "hrw-r--r-- 0/0 0 DATE TIME MEMBER link to TARGET": the link targets outside the folders taken.
  mapfile -t links < <(printf '%s/\n' "${folders[@]}" | awk '
    NR == FNR { want[$0] = 1; next }
    /^h/ {
      inside = 0; outside = 1
      for (f in want) { if (index($6, f) == 1) inside = 1; if (index($9, f) == 1) outside = 0 }
      if (inside && outside) print $9
    }' - "$work/tarball/listing" | sort -u)
  mkdir -p "$work/unpacked"
  tar -xzf "$tarball" -C "$work/unpacked" "${folders[@]}" "${links[@]}"
  for entry in "${from_tarball[@]}"; do
    folder="${entry%% *}"
    target="${entry#* }"
    mkdir -p "$(dirname "$target")"
    mv "$work/unpacked/$prefix/$folder" "$target"
    log "  $folder/: $(find "$target" -maxdepth 1 -name '*.jar' | wc -l) jars from the tarball, $(size_of "$target")"
  done
fi

# Into place: the old DEST (if any) goes only once the new one is complete.
rm -rf "$work"
if [ ${#missing[@]} -gt 0 ]; then printf '%s\n' "${missing[@]}" >"$partial/.missing"; fi
printf '%s\n' "$stamp" >"$partial/.assembled"
if [ -e "$dest" ]; then
  rm -rf "$dest.old"
  mv "$dest" "$dest.old"
fi
mv "$partial" "$dest"
trap - EXIT
rm -rf "$dest.old"
installed=$(find "$dest/plugin" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | tr '\n' ' ' | sed 's/ $//')
left_out=""
if [ ${#missing[@]} -gt 0 ]; then left_out="; left out: $(printf '%s\n' "${missing[@]}" | cut -f1 | tr '\n' ' ' | sed 's/ $//')"; fi
log "Trino $version assembled in $dest in $((SECONDS - started))s (lib/ + plugins: ${installed:-none}$left_out)"
