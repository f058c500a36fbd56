#!/usr/bin/env bash
# Merges orderflow's settings (deploy/flink/config.yaml: one flat `key: value` per line) into the Flink
# configuration of $FLINK_HOME/conf with Flink's own configuration tool, the one the image's config-parser-utils.sh
# and docker-entrypoint.sh run (BashJavaUtils UPDATE_AND_GET_FLINK_CONFIGURATION): Flink's entries that orderflow
# does not set (its Java 17 module flags, the container's bind addresses) stay as the image has them.
#   merge-config.sh SETTINGS_FILE        (FLINK_HOME defaults to /opt/flink)
set -euo pipefail
flink_home=${FLINK_HOME:-/opt/flink}
settings=${1:?usage: merge-config.sh SETTINGS_FILE}
args=()
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in '' | '#'*) continue ;; esac
  key=${line%%:*}
  value=${line#*:}
  value=${value#"${value%%[![:space:]]*}"}
  args+=("-D" "${key}=${value}")
done < "$settings"
merged=$(java -cp "${flink_home}/lib/*" org.apache.flink.runtime.util.bash.BashJavaUtils \
  UPDATE_AND_GET_FLINK_CONFIGURATION --configDir "${flink_home}/conf" "${args[@]}")
printf '%s\n' "$merged" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' > "${flink_home}/conf/config.yaml.merged"
if [ ! -s "${flink_home}/conf/config.yaml.merged" ]; then
  echo "merge-config.sh: Flink's configuration tool printed no configuration:" >&2
  printf '%s\n' "$merged" >&2
  exit 1
fi
mv "${flink_home}/conf/config.yaml.merged" "${flink_home}/conf/config.yaml"
