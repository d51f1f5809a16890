# Sourced by the scripts in bin/: builds modules of this checkout on first use, and whenever a
# source or POM is newer than the last build, then gives their runtime class paths.
# Maven's output goes to stderr, so a script's stdout stays its own.
#
#   sference_build MODULE...      build the modules (one reactor run) if any of them needs it
#   sference_classpath MODULE     print MODULE's classes plus its runtime dependencies

# ROOT: the checkout, from this file's own place (scripts may be called through symlinks).
SFERENCE_LIB="${BASH_SOURCE[0]}"
while [ -L "$SFERENCE_LIB" ]; do
  SFERENCE_LIB_DIR="$(cd -P "$(dirname "$SFERENCE_LIB")" && pwd)"
  SFERENCE_LIB="$(readlink "$SFERENCE_LIB")"
  [[ "$SFERENCE_LIB" != /* ]] && SFERENCE_LIB="$SFERENCE_LIB_DIR/$SFERENCE_LIB"
done
ROOT="$(cd -P "$(dirname "$SFERENCE_LIB")/../.." && pwd)"

sference_needs_build() {
  local module="$1" stamp="$ROOT/$1/target/runtime.classpath" entry
  [ -f "$stamp" ] && [ -d "$ROOT/$module/target/classes" ] || return 0
  IFS=':' read -r -a entries < "$stamp"
  for entry in "${entries[@]}"; do
    [ -e "$entry" ] || return 0
  done
  [ -n "$(find "$ROOT"/pom.xml "$ROOT"/*/pom.xml "$ROOT"/*/src/main -newer "$stamp" -print -quit 2>/dev/null)" ]
}

sference_build() {
  local module stale=()
  for module in "$@"; do
    sference_needs_build "$module" && stale+=("$module")
  done
  [ ${#stale[@]} -eq 0 ] && return 0
  local list
  list="$(IFS=,; echo "$*")"
  echo "$(basename "$0"): building $list (first use or sources changed)..." >&2
  # One reactor run: package, then write each module's runtime class path, whose entries for
  # this project's modules are their freshly built jars, never copies in ~/.m2.
  mvn -q -B -Dstyle.color=never -f "$ROOT/pom.xml" -pl "$list" -am -DskipTests \
      package dependency:build-classpath \
      -DincludeScope=runtime -Dmdep.outputFile=target/runtime.classpath 1>&2
}

sference_classpath() {
  echo "$ROOT/$1/target/classes:$(cat "$ROOT/$1/target/runtime.classpath")"
}
