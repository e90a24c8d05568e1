# Sourced by bin/parley and bin/fuzz (not executable on its own).
# JDK 25 is required; the machine's default java may be older.
select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
    return
  fi
  for dir in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* /usr/lib/jvm/jdk-25*; do
    if [ -x "$dir/bin/java" ] && "$dir/bin/java" -version 2>&1 | grep -q 'version "25'; then
      export JAVA_HOME="$dir"
      return
    fi
  done
  echo "parley: JDK 25 not found. Install Temurin 25 (or any JDK 25) and set JAVA_HOME." >&2
  exit 1
}
