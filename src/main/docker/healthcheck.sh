#!/usr/bin/env bash
# The container's health check (Dockerfile HEALTHCHECK): healthy while the bundle is live, that is while its
# management server answers GET /observe/health/live with 200 and "UP". Liveness only: a PatSnap account
# that is stopped makes the bundle not ready (/observe/health/ready, 503), but it is alive and restarting
# it would not help.
#
# It asks management.host and management.port where the bundle listens, found as the bundle finds them: a
# -D option in JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS, else the environment (MANAGEMENT_PORT,
# MANAGEMENT_HOST), else the settings file (the first argument; config/application.properties by default),
# else port 9876 on all interfaces (asked on 127.0.0.1). No curl needed: bash's /dev/tcp.
set -u
config="${1:-config/application.properties}"

# setting <key> <environment variable>
setting() {
  local key="$1" variable="$2" pattern value=""
  pattern="${key//./\\.}"
  value=$(printf ' %s %s ' "${JAVA_TOOL_OPTIONS:-}" "${JDK_JAVA_OPTIONS:-}" | grep -o -- " -D${pattern}=[^ ]*" \
    | tail -n 1 | cut -d= -f2-)
  if [ -z "$value" ]; then
    value="${!variable:-}"
  fi
  if [ -z "$value" ] && [ -r "$config" ]; then
    value=$(sed -n "s/^[[:space:]]*${pattern}[[:space:]]*[=:][[:space:]]*//p" "$config" | tail -n 1)
  fi
  printf '%s' "${value//[[:space:]]/}"
}

port=$(setting management.port MANAGEMENT_PORT)
port="${port:-9876}"
host=$(setting management.host MANAGEMENT_HOST)
case "$host" in
  "" | 0.0.0.0 | "::" | "[::]") host=127.0.0.1 ;;
esac
case "$port" in
  *[!0-9]*) echo "management.port '$port' is not a port number" >&2; exit 1 ;;
esac

exec 3<>"/dev/tcp/$host/$port" || exit 1
printf 'GET /observe/health/live HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$host" >&3
response=$(cat <&3)
status_line="${response%%$'\r'*}"
if [[ "$status_line" =~ ^HTTP/1\.[01]\ 200 ]] && [[ "$response" =~ \"status\"[[:space:]]*:[[:space:]]*\"UP\" ]]; then
  exit 0
fi
echo "not live: ${status_line:-no answer} from http://$host:$port/observe/health/live" >&2
exit 1
