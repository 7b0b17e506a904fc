#!/usr/bin/env bash
# Assembles the Hive Metastore runtime into DEST exactly as docker/hive-metastore/Dockerfile does:
#   DEST/lib      the jars of docker/hive-metastore/pom.xml (Maven Central)
#   DEST/scripts  the PostgreSQL schema scripts of the same Hive release
#   DEST/conf     logging configuration;  DEST/classes (SchemaLock, DatabaseUserBootstrap, MetastoreDatabase); DEST/entrypoint.sh
# Cached: nothing is done when DEST was assembled from the same files.
set -euo pipefail
cd "$(dirname "$0")/.."

dest="${1:-.local/hive-metastore}"
image_dir="docker/hive-metastore"
stamp=$(cat "$0" "$image_dir"/pom.xml "$image_dir"/*.java "$image_dir"/entrypoint.sh "$image_dir"/metastore-log4j2.properties | sha256sum | cut -c1-16)
if [ -f "$dest/.assembled-$stamp" ]; then
  echo "[metastore-jars] $dest is up to date"
  exit 0
fi

# The plugin version is pinned here and in the Dockerfile (otherwise Maven's own default decides).
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:2.8"
hive_version=$(sed -n 's:.*<hive.version>\(.*\)</hive.version>.*:\1:p' "$image_dir/pom.xml")
rm -rf "$dest"
mkdir -p "$dest/lib" "$dest/conf"
# Maven's output goes to a log (shown when it fails); scripts/mvn-progress.sh says what it downloads.
mvn_log="$dest/.mvn.log"
mvn_run() { mvn -B -Dstyle.color=never "$@" 2>&1 | bash scripts/mvn-progress.sh metastore-jars "$mvn_log"; }
echo "[metastore-jars] resolving $image_dir/pom.xml (Hive $hive_version, Hadoop's S3A, AWS SDK modules, PostgreSQL's JDBC driver: about 140 MB) into $dest/lib"
mvn_run -f "$image_dir/pom.xml" "$DEPENDENCY_PLUGIN:copy-dependencies" -DincludeScope=runtime -DoutputDirectory="$(realpath "$dest/lib")" \
  || { echo "[metastore-jars] Maven failed; its output: $mvn_log" >&2; exit 1; }
echo "[metastore-jars] schema scripts of Hive $hive_version (hive-standalone-metastore-server:$hive_version:tar.gz:bin, about 80 MB; only its PostgreSQL scripts are kept)"
# tar, not the plugin's unpack: plexus-archiver truncates the tarball's long (GNU) names, which
# broke every upgrade script (upgrade-3.1.0-to-3.2.0.postgres.sql became upgrade-3.1.0-to-3.2.0.postgres.s).
mvn_run -f "$image_dir/pom.xml" "$DEPENDENCY_PLUGIN:copy" \
  -Dartifact="org.apache.hive:hive-standalone-metastore-server:$hive_version:tar.gz:bin" \
  -DoutputDirectory="$(realpath "$dest")/unpacked" -DmarkersDirectory="$(realpath "$dest")/.markers" \
  || { echo "[metastore-jars] Maven failed; its output: $mvn_log" >&2; exit 1; }
tar -xzf "$dest"/unpacked/*.tar.gz -C "$dest/unpacked" --wildcards '*/scripts/metastore/upgrade/postgres/*'
mv "$dest"/unpacked/*/scripts "$dest/scripts"
rm -rf "$dest/unpacked" "$dest/.markers"
cp "$image_dir/metastore-log4j2.properties" "$dest/conf/"
# Compiled here, as in the image's build stage, so the image runs on a JRE (no compiler at run time).
javac --release 17 -nowarn -d "$dest/classes" -cp "$dest/lib/*" "$image_dir"/*.java
cp "$image_dir/entrypoint.sh" "$dest/"
rm -f "$mvn_log"
touch "$dest/.assembled-$stamp"
echo "[metastore-jars] $(find "$dest/lib" -name '*.jar' | wc -l) jars, $(du -sh "$dest" | cut -f1) in $dest"
