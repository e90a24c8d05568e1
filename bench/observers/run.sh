#!/usr/bin/env bash
# Observers benchmark (issue 12): server CPU per 100 WebRTC listeners of one channel, end to end
# over real UDP on loopback, Parley next to a Janus Streaming mountpoint serving the same Opus
# stream, one after the other in the same run.
#
#   bench/observers/run.sh [-d WINDOW_SECONDS] [-w WARMUP_SECONDS] [-p CLIENT_PROCS] [N ...]   (default N: 100 200)
#
# For each N: Parley (built from this tree, temp config, loopback, free ports) with an open meeting
# whose floor is one publisher forwarding the ffmpeg Opus stream, N listeners on fr/mixed/standard
# (the mixer's encode); Parley again with the N listeners subscribed to that publisher's own stream
# (the SFU path alone, what a Janus mountpoint does); then Janus (Debian package, generated config:
# Streaming plugin + HTTP transport only) with an RTP mountpoint fed by the same ffmpeg command, N
# listeners. Each server is fresh for each N. The
# driver (driver.mjs, werift on Node) reads the server's /proc/PID/stat over the same window.
# Not part of CI: it takes minutes and measures, it does not test.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

window=30
warmup=10
procs=2
while getopts "d:w:p:h" opt; do
  case "$opt" in
    d) window="$OPTARG" ;;
    w) warmup="$OPTARG" ;;
    p) procs="$OPTARG" ;;
    *) sed -n '2,17p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
counts=("$@")
[ ${#counts[@]} -eq 0 ] && counts=(100 200)

source "$root/bin/jdk.sh"
select_jdk

# ---------------------------------------------------------------- what it needs
missing=()
for pkg in janus ffmpeg libopus0 curl; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# Node may come from elsewhere than Debian (it does on the project's machines): look for the command.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    echo "observers: please install: ${missing[*]}" >&2; exit 1
  fi
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || { echo "observers: Node 20 or later needed (have $(node --version))" >&2; exit 1; }
if [ ! -d "$here/node_modules/werift" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -d "$root/signaling/target/lib" ] || [ ! -d "$root/signaling/target/classes" ]; then
  (cd "$root" && ./mvnw -q -B package -DskipTests -pl signaling -am)
fi

work="$(mktemp -d /tmp/parley-observers.XXXXXX)"
started=()
cleanup() {
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
stop() { # stop one process this script started, and wait for it
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

free_ports() { # N free loopback ports (TCP and UDP both free)
  node -e '
    const net = require("node:net"), dgram = require("node:dgram");
    (async () => {
      const out = [];
      while (out.length < Number(process.argv[1])) {
        const port = await new Promise((r) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => r(p)); }); });
        const udpFree = await new Promise((r) => { const u = dgram.createSocket("udp4"); u.once("error", () => r(false)); u.bind(port, "127.0.0.1", () => u.close(() => r(true))); });
        if (udpFree && !out.includes(port)) out.push(port);
      }
      console.log(out.join(" "));
    })();' "$1"
}

wait_http() { # url deadline-seconds
  local deadline=$((SECONDS + $2))
  until curl -s -o /dev/null "$1"; do
    [ $SECONDS -lt $deadline ] || { echo "observers: $1 did not answer within $2 s" >&2; return 1; }
    sleep 0.3
  done
}

# The same Opus RTP stream for both servers: a 440 Hz tone, mono, 24 kbit/s, 20 ms frames, PT 111.
start_source() { # port
  ffmpeg -hide_banner -loglevel error -re -f lavfi -i "sine=frequency=440:sample_rate=48000" \
    -c:a libopus -b:a 24k -application voip -frame_duration 20 -ac 1 -payload_type 111 \
    -f rtp "rtp://127.0.0.1:$1" >"$work/ffmpeg.log" 2>&1 &
  source_pid=$!
  started+=("$source_pid")
}

clk_tck=$(getconf CLK_TCK)
driver() { # target N server-pid extra-args...
  local target=$1 n=$2 pid=$3; shift 3
  node --experimental-websocket "$here/driver.mjs" --target "$target" --listeners "$n" --procs "$procs" \
    --server-pid "$pid" --warmup "$warmup" --window "$window" --clk-tck "$clk_tck" "$@" \
    2> >(sed -u "s/^/  $target $n: /" >&2) | tail -1
}

# ---------------------------------------------------------------- Parley
run_parley() { # N channel|producer -> result JSON on stdout
  local n=$1 forward=$2 http udp rtp
  read -r http udp rtp < <(free_ports 3)
  local dir="$work/parley-$forward-$n"
  mkdir -p "$dir/data"
  cat >"$dir/parley.json" <<EOF
{
  "http": {"bindAddress": "127.0.0.1", "port": $http},
  "media": {"bindAddress": "127.0.0.1", "udpPort": $udp, "tcpPort": $udp, "announcedAddress": "127.0.0.1"},
  "sip": {"enabled": false},
  "store": {"dataDirectory": "$dir/data"},
  "admin": {"apiKey": "observers-benchmark-$RANDOM$RANDOM"},
  "limits": {"participantsPerMeeting": 5000, "connectionsPerAddress": 5000,
             "joinBurstPerAddress": 5000, "joinsPerSecondPerAddress": 1000},
  "meetings": [{"id": "bench", "title": "Observers benchmark", "languages": ["en", "fr"],
                "open": true, "floorControl": "open"}]
}
EOF
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -cp "$root/signaling/target/classes:$root/signaling/target/lib/*" org.parley.signaling.Main \
    --config "$dir/parley.json" >"$dir/parley.log" 2>&1 &
  local server=$!
  started+=("$server")
  wait_http "http://127.0.0.1:$http/health" 60
  start_source "$rtp"
  driver parley "$n" "$server" --url "ws://127.0.0.1:$http/ws" --meeting bench --forward "$forward" \
    --channel fr/mixed/standard --publish-rtp-port "$rtp" --thread-prefix parley-mixer || true
  stop "$source_pid"
  stop "$server"
}

# ---------------------------------------------------------------- Janus
run_janus() { # N -> result JSON on stdout
  local n=$1 http rtp rtp_lo
  read -r http rtp < <(free_ports 2)
  local dir="$work/janus-$n" lib=/usr/lib/x86_64-linux-gnu/janus
  [ -d "$lib" ] || lib="$(dirname "$(dpkg -L janus | grep -m1 '/janus/plugins/libjanus_streaming.so$')")/.."
  mkdir -p "$dir/conf"
  # Everything but the Streaming plugin and the HTTP transport stays unloaded.
  local no_plugins no_transports
  no_plugins=$(cd "$lib/plugins" && ls libjanus_*.so | grep -v '^libjanus_streaming.so$' | paste -sd, -)
  no_transports=$(cd "$lib/transports" && ls libjanus_*.so | grep -v '^libjanus_http.so$' | paste -sd, -)
  cat >"$dir/conf/janus.jcfg" <<EOF
general: {
  configs_folder = "$dir/conf"
  plugins_folder = "$lib/plugins"
  transports_folder = "$lib/transports"
  events_folder = "$lib/events"
  loggers_folder = "$lib/loggers"
  log_to_stdout = true
  debug_level = 3
  session_timeout = 0
  server_name = "observers-benchmark"
}
media: {
  rtp_port_range = "42000-52000"
}
nat: {
  ice_enforce_list = "lo"
  ignore_mdns = true
}
plugins: {
  disable = "$no_plugins"
}
transports: {
  disable = "$no_transports"
}
events: {
  broadcast = false
}
loggers: {
  disable = "libjanus_jsonlog.so"
}
EOF
  cat >"$dir/conf/janus.transport.http.jcfg" <<EOF
general: {
  json = "compact"
  base_path = "/janus"
  http = true
  port = $http
  ip = "127.0.0.1"
  https = false
}
admin: {
  admin_http = false
  admin_https = false
}
EOF
  cat >"$dir/conf/janus.plugin.streaming.jcfg" <<EOF
general: {
}
bench: {
  type = "rtp"
  id = 1
  description = "observers benchmark"
  media = (
    { type = "audio", mid = "a", label = "audio", port = $rtp, iface = "127.0.0.1", pt = 111, codec = "opus" }
  )
}
EOF
  janus --configs-folder "$dir/conf" --config "$dir/conf/janus.jcfg" >"$dir/janus.log" 2>&1 &
  local server=$!
  started+=("$server")
  wait_http "http://127.0.0.1:$http/janus/info" 60
  start_source "$rtp"
  driver janus "$n" "$server" --url "http://127.0.0.1:$http/janus" --mountpoint 1 || true
  stop "$source_pid"
  stop "$server"
}

# ---------------------------------------------------------------- run and table
results="$work/results.jsonl"
: >"$results"
for n in "${counts[@]}"; do
  echo "observers: N=$n Parley, channel fr/mixed/standard ..." >&2
  run_parley "$n" channel >>"$results"
  echo "observers: N=$n Parley, the floor publisher's stream (SFU path) ..." >&2
  run_parley "$n" producer >>"$results"
  echo "observers: N=$n Janus ..." >&2
  run_janus "$n" >>"$results"
done

node "$here/table.mjs" "$results"
echo "observers: raw results in $results" >&2
