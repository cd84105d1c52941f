#!/usr/bin/env bash
# docs/deploy.md on one machine, with curl. The server machine's "LAN address" is 127.0.0.2 (the server
# binds it alone, with --public-url http://127.0.0.2:PORT); the "other machines" connect from 127.0.0.1.
# (A loopback public URL is only accepted because the bind is loopback too; on a real LAN bind, step 1.)
#   bash scripts/lan-smoke.sh            (after npm run build; prints each step, exits non-zero on a miss)
# Steps: the server refuses a 0.0.0.0 bind without publicUrl, and with a loopback one; it starts on
# 127.0.0.2; an admin issues a pairing code; a kiosk pairs from 127.0.0.1 and issues a ticket; the slip's QR
# URL (read from the virtual printer's ESC/POS output) opens the phone page from 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=dist/server/main.js
[ -f "$BUNDLE" ] || { echo "missing $BUNDLE: run npm run build"; exit 2; }
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
port="$(node -e 'const s=require("net").createServer().listen(0,"0.0.0.0",()=>{console.log(s.address().port);s.close()})')"
server_addr="127.0.0.2"
other="127.0.0.1"
c() { curl -sS --interface "$other" --max-time 10 "$@"; }
# The hall: the demo config, open all day (so the script works at any hour), pairing codes required.
node -e '
const c = JSON.parse(require("fs").readFileSync("config/demo-hall.json", "utf8"));
const day = [{ open: "00:00", close: "23:59" }];
Object.assign(c.hours, { weekdays: day, saturday: day, sunday: day, holidays: [], workdays: [], lastTicketMinutesBeforeClose: 0 });
c.settings.trustLoopbackDevices = false;
require("fs").writeFileSync(process.argv[1], JSON.stringify(c));' "$work/hall.json"
export HALL_ADMIN_PASSWORD=lan-smoke-admin LOG_LEVEL=warn

echo "1. a LAN bind without publicUrl is refused"
set +e
out="$(node "$BUNDLE" --host 0.0.0.0 --port "$port" --data "$work/data" --config "$work/hall.json" 2>&1)"
rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "expected exit 2, got $rc: $out"; exit 1; }
grep -q PUBLIC_URL_REQUIRED <<<"$out" || { echo "no PUBLIC_URL_REQUIRED in: $out"; exit 1; }
set +e
out="$(node "$BUNDLE" --host 0.0.0.0 --port "$port" --public-url "http://127.0.0.1:$port" --data "$work/data" --config "$work/hall.json" 2>&1)"
rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q PUBLIC_URL_LOOPBACK <<<"$out" || { echo "expected PUBLIC_URL_LOOPBACK (exit 2), got $rc: $out"; exit 1; }

echo "2. the server starts on $server_addr:$port with --public-url http://$server_addr:$port"
node "$BUNDLE" --host "$server_addr" --port "$port" --public-url "http://$server_addr:$port" --data "$work/data" --config "$work/hall.json" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do grep -q "listening on" "$work/server.log" && break; sleep 0.2; done
grep -q "listening on" "$work/server.log" || { cat "$work/server.log"; exit 1; }
base="http://$server_addr:$port"
c "$base/api/v1/health" | grep -q '"ok":true'

echo "3. the admin issues a pairing code; the kiosk pairs from $other"
admin="$(c -H 'content-type: application/json' -d "{\"username\":\"admin\",\"password\":\"$HALL_ADMIN_PASSWORD\"}" "$base/api/v1/auth/login" | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')"
code="$(c -H "authorization: Bearer $admin" -H 'content-type: application/json' -d '{"kind":"kiosk","name":"一楼自助取号机","deviceId":"KIOSK1"}' "$base/api/v1/devices/pairing-codes" | node -pe 'JSON.parse(require("fs").readFileSync(0)).code')"
status="$(c -o /dev/null -w '%{http_code}' -H 'content-type: application/json' -d '{"kind":"kiosk","deviceId":"KIOSK1","name":"k"}' "$base/api/v1/devices/pair-local")"
[ "$status" = 403 ] || { echo "pair-local should be refused with trustLoopbackDevices=false, got $status"; exit 1; }

kiosk="$(c -H 'content-type: application/json' -d "{\"code\":\"$code\"}" "$base/api/v1/devices/pair" | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')"

echo "4. the kiosk issues a ticket; the slip prints on the virtual printer"
number="$(c -H "authorization: Bearer $kiosk" -H 'content-type: application/json' -d '{"categoryId":"enterprise","printerId":"K1"}' "$base/api/v1/tickets" | node -pe 'JSON.parse(require("fs").readFileSync(0)).ticket.number')"
slip="$(ls "$work/data/virtual-printer/K1/"*.escpos | head -1)"
qr="$(grep -aoE "http://$server_addr:$port/t/[A-Za-z0-9_-]+" "$slip" | head -1)"
[ -n "$qr" ] || { echo "no QR URL for $base in $slip"; exit 1; }

echo "5. the QR ($qr) opens the phone page from $other"
[ "$(c -o /dev/null -w '%{http_code}' "$qr")" = 200 ]
token="${qr##*/t/}"
c "$base/api/v1/public/tickets/$token" | grep -q "\"number\":\"$number\""
echo "LAN smoke passed: ticket $number, QR $qr"
