#!/usr/bin/env bash
# A filter for Maven's output in the setup scripts: what Maven downloads, as it goes, without its colour codes.
#   mvn -B ARGS... 2>&1 | bash scripts/mvn-progress.sh LABEL LOG
# Writes Maven's whole output to LOG with the colour codes removed (Debian's Maven 3.8 colours its output even
# with -B, -q and -Dstyle.color=never) and prints, prefixed with [LABEL]: a line every 25 MB downloaded, the total
# downloaded from Maven Central when it ends ("nothing downloaded: all in ~/.m2" otherwise), and Maven's [ERROR]
# lines. Run Maven without -q: its "Downloaded from" lines are what is counted.
set -euo pipefail
label="${1:?usage: mvn ... | mvn-progress.sh LABEL LOG}"
log="${2:?usage: mvn ... | mvn-progress.sh LABEL LOG}"
sed -u 's/\x1b\[[0-9;]*m//g' | tee "$log" | awk -v label="$label" '
  function mb(bytes) { return sprintf("%.1f MB", bytes / 1000000) }
  # [INFO] Downloaded from central: https://.../x.jar (1.2 MB at 3.4 MB/s)
  /Downloaded from [^:]*: / {
    if (match($0, /\([0-9.]+ [kKMG]?B at /)) {
      size = substr($0, RSTART + 1, RLENGTH - 1)
      split(size, part, " ")
      unit = part[2]
      bytes = part[1] * (unit == "kB" || unit == "KB" ? 1000 : unit == "MB" ? 1000000 : unit == "GB" ? 1000000000 : 1)
      total += bytes
      files++
      if (total >= next_report) {
        printf "[%s]   downloading from Maven Central: %d files, %s so far\n", label, files, mb(total)
        fflush()
        next_report = total + 25000000
      }
    }
    next
  }
  /^\[ERROR\] ./ && !/Re-run Maven|full stack trace|Help 1|possible solutions|^\[ERROR\] *$/ { print "[" label "] " $0; fflush() }
  BEGIN { next_report = 25000000 }
  END {
    if (files > 0) printf "[%s]   downloaded %d files, %s from Maven Central (into ~/.m2)\n", label, files, mb(total)
    else printf "[%s]   nothing downloaded: all in ~/.m2 already\n", label
  }'
