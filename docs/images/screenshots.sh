#!/usr/bin/env bash
# Makes the README's picture of the status page: starts the bundle against its sandbox (slowed down so that
# an input is seen well on its way), drops a small input and a larger one, and takes a screenshot of
# /observe/status with headless Chromium (Debian's package chromium) while the larger one runs.
#   docs/images/screenshots.sh            -> docs/images/status-page.png
# Needs: a JDK 17, chromium (apt-get install chromium), curl, python3. Nothing leaves this machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/images
work=target/screenshots
port=${MANAGEMENT_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$chromium" ] || { echo "chromium is needed: apt-get install chromium" >&2; exit 1; }

[ -f target/patsnap-camel.jar ] || ./mvnw -B -q package -DskipTests -DskipKaraf
rm -rf "$work"; mkdir -p "$work/inbox"
java -Dintake.file.dir="$work/inbox" -Doutbox.dir="$work/outbox" -Dstate.dir="$work/data" \
     -Dmanagement.port="$port" -Dmanagement.host=127.0.0.1 -Dpatsnap.sandbox.latency=900ms -Dpatsnap.qps=2 \
     -jar target/patsnap-camel.jar > "$work/bundle.log" 2>&1 &
bundle=$!
trap 'kill "$bundle" 2>/dev/null; wait "$bundle" 2>/dev/null || true' EXIT

# waits until the status (JSON) makes the Python expression true; s is the status
wait_for() {
  until curl -fsS "http://127.0.0.1:$port/observe/status.json" 2>/dev/null \
        | python3 -c "import json, sys; s = json.load(sys.stdin); sys.exit(0 if ($1) else 1)" 2>/dev/null; do
    kill -0 "$bundle" 2>/dev/null || { echo "the bundle stopped; see $work/bundle.log" >&2; exit 1; }
    sleep 1
  done
}
wait_for True

# a finished input for the "Finished lately" table, then one that is under way for the picture
printf 'US11205304B2\nus-10252387-b2\nCN1394453A\n718ead9c-4f3c-4674-8f5a-24e126827269\nnot-a-patent\n' \
  > "$work/inbox/demo.txt"
wait_for 's["finished"]'
python3 -c 'print("\n".join("US%dB2" % (10000000 + 7 * i) for i in range(2500)))' > "$work/inbox/watch-list-2026-12.txt"
wait_for 'any(i["expected"] > 0 and 60 <= i["percent"] <= 90 for i in s["inputs"])'

"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$work/chromium" \
  --window-size=1280,820 --screenshot="$PWD/$out/status-page.png" "http://127.0.0.1:$port/observe/status" \
  2> "$work/chromium.log"
echo "wrote $out/status-page.png"
