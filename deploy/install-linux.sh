#!/usr/bin/env bash
# Installs (or upgrades) a hall-queue release on Debian/Ubuntu/UOS/Kylin as a systemd service.
#   sudo bash deploy/install-linux.sh            (run inside an unpacked release folder)
# Layout: /opt/hall-queue/releases/<version>, /opt/hall-queue/current -> that release,
#         /etc/hall-queue/{hall.json,hall-queue.env}, data in /var/lib/hall-queue.
# An upgrade keeps config and data; the server backs the database up before it migrates it.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
version="$(node -p "require('$here/package.json').version")"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || { echo "Node.js 20.19 or newer is required (node --version)"; exit 1; }
id hall-queue >/dev/null 2>&1 || useradd --system --home /var/lib/hall-queue --shell /usr/sbin/nologin hall-queue
install -d -o hall-queue -g hall-queue -m 0750 /var/lib/hall-queue /var/log/hall-queue
install -d -m 0755 /etc/hall-queue /opt/hall-queue/releases
dest="/opt/hall-queue/releases/$version"
rm -rf "$dest"
cp -a "$here" "$dest"
(cd "$dest" && npm ci --omit=dev --no-audit --no-fund)
[ -f /etc/hall-queue/hall.json ] || cp "$dest/config/demo-hall.json" /etc/hall-queue/hall.json
[ -f /etc/hall-queue/hall.schema.json ] || cp "$dest/config/hall.schema.json" /etc/hall-queue/hall.schema.json
[ -f /etc/hall-queue/hall-queue.env ] || install -m 0640 -g hall-queue "$dest/deploy/hall-queue.env.example" /etc/hall-queue/hall-queue.env
install -m 0644 "$dest/deploy/hall-queue.service" /etc/systemd/system/hall-queue.service
install -m 0644 "$dest/deploy/logrotate-hall-queue" /etc/logrotate.d/hall-queue
ln -sfn "$dest" /opt/hall-queue/current
systemctl daemon-reload
systemctl enable hall-queue
systemctl restart hall-queue
echo "hall-queue $version installed. Edit /etc/hall-queue/hall-queue.env and /etc/hall-queue/hall.json, then: systemctl restart hall-queue"
echo "Logs: journalctl -u hall-queue -f"
