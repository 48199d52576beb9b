#!/usr/bin/env bash
# Set up and run Xueji on this machine: system packages, MariaDB and Redis, a Frappe version-15 bench
# (reused when one exists at $FRAPPE_BENCH, default ~/frappe-bench; otherwise installed the standard way,
# `bench init --frappe-branch version-15`), the demo site with a synthetic Liaoning province, then the
# product the production way: gunicorn with several workers (nginx in front where installed), the socket.io
# server, RQ workers and the scheduler. Prints the URL and one login per tier. Running it again converges:
# a bench whose environment cannot run Frappe is repaired, a site an earlier failure left half-created is
# recreated, the processes are restarted.
#   XUEJI_SITE  demo site (default xueji.localhost)   XUEJI_PORT  web port (default 8000)
#   XUEJI_NO_SERVE=1  set up only, do not start the processes   XUEJI_DEV=1  the development server instead
#   XUEJI_WEB_WORKERS  gunicorn workers (default 2 × cores + 1)   XUEJI_NO_NGINX=1  leave nginx alone
#   XUEJI_REPLICA=1  start a MariaDB read replica (scripts/replica.sh) and read the site's reports from it
#   FRAPPE_PATH  a local Frappe checkout or archive for `bench init`, where GitHub cannot be reached
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SITE=${XUEJI_SITE:-xueji.localhost}
PORT=${XUEJI_PORT:-8000}
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

install_system_packages() {
  local pkgs=(git curl cron pkg-config libmariadb-dev build-essential python3-dev python3-venv
              fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0 xvfb nginx)
  local missing=()
  for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    [ -z "$SUDO" ] || command -v sudo >/dev/null || die "missing ${missing[*]}: run this as root, or install sudo for $(id -un)"
    log "installing ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  command -v node >/dev/null || { DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null; }
  command -v yarn >/dev/null || $SUDO npm install -g yarn@1 >/dev/null
}

# A fresh bench, the standard way. The bench CLI refuses to run as root, so root builds it as the `frappe` user
# (with runuser, which every Debian and Ubuntu has; no sudo needed); the TLS variables of this machine are passed
# along (a login shell would drop them). The CLI goes into a virtual environment of its owner (install_bench_cli),
# where PEP 668 allows it.
init_bench() {
  local owner; owner=$(id -un)
  if [ "$owner" = root ]; then
    id frappe >/dev/null 2>&1 || useradd -m -s /bin/bash frappe
    owner=frappe
    [ -n "${FRAPPE_BENCH_EXPLICIT:-}" ] || BENCH=/home/frappe/frappe-bench
    export FRAPPE_BENCH=$BENCH
    mkdir -p "$(dirname "$BENCH")" && chown frappe: "$(dirname "$BENCH")" 2>/dev/null || true
  fi
  log "installing bench and Frappe version-15 into $BENCH (as $owner)"
  local init="source '$REPO/scripts/lib.sh' && install_bench_cli && bench init --frappe-branch version-15 \
    ${FRAPPE_PATH:+--frappe-path '$FRAPPE_PATH'} --skip-redis-config-generation --no-backups '$BENCH'"
  as_user "$owner" "$init" || die "bench init failed; see the output above"
}

# nginx in front of gunicorn, as `bench setup nginx` writes it (nginx_conf in lib.sh): static and public files
# served by nginx, private files by nginx only after gunicorn has checked who asks (X-Accel-Redirect to the internal
# /protected/ location), socket.io proxied. Where nginx's user cannot read the bench (a bench under /root), every
# file falls through to gunicorn, which then serves private files itself.
nginx_site() {
  local site=$1 port=$2 conf="$BENCH/config/nginx-xueji.conf"
  local socketio; socketio=$(python3 -c "import json;print(json.load(open('$BENCH/sites/common_site_config.json')).get('socketio_port', 9000))")
  local reader; reader=$(awk '$1 == "user" {gsub(";", "", $2); print $2}' /etc/nginx/nginx.conf 2>/dev/null); reader=${reader:-www-data}
  local root="$BENCH/sites"
  if ! $SUDO su -s /bin/sh "$reader" -c "test -r '$BENCH/sites/assets/frappe/images/frappe-framework-logo.svg'" 2>/dev/null; then
    root=""
  fi
  nginx_conf "$site" "$port" "$socketio" "$root" 80 >"$conf"
  $SUDO ln -sf "$conf" /etc/nginx/conf.d/xueji.conf
  $SUDO nginx -t >/dev/null 2>&1 || { log "nginx rejected $conf"; $SUDO rm -f /etc/nginx/conf.d/xueji.conf; return 1; }
  $SUDO nginx -s reload 2>/dev/null || $SUDO nginx
}

install_system_packages
have_bench || init_bench
have_bench || die "no usable bench at $BENCH"
repair_bench_env
bash "$REPO/scripts/services.sh" "$BENCH"
link_app
log "building the app's assets"
quiet frappe_cli build --app xueji_app >/dev/null || log "asset build failed (the desk still works with Frappe's assets)"
ensure_site "$SITE"
frappe_cli --site "$SITE" set-config host_name "http://$SITE:$PORT" >/dev/null
log "loading the demo province"
frappe_cli --site "$SITE" execute xueji_app.demo.province.build
frappe_cli --site "$SITE" enable-scheduler >/dev/null || true
# reports, lists, exports and registers from a read replica (a second MariaDB on port 3307, GTID replication)
[ "${XUEJI_REPLICA:-0}" = 1 ] && bash "$REPO/scripts/replica.sh" "$SITE"
grep -q "$SITE" /etc/hosts 2>/dev/null || echo "127.0.0.1 $SITE" | $SUDO tee -a /etc/hosts >/dev/null || true

if [ "${XUEJI_NO_SERVE:-0}" != 1 ]; then
  # production the bench's way: every process a supervisor program, restarted when it dies, its log rotated
  command -v supervisord >/dev/null || {
    [ -z "$SUDO" ] || command -v sudo >/dev/null || die "supervisor is missing: run this as root, or install sudo"
    log "installing supervisor"; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq supervisor >/dev/null; }
  mkdir -p "$BENCH/logs" "$BENCH/config"
  for old in web worker schedule socketio worker-long; do  # processes an earlier hand launcher left running
    f="$BENCH/config/pids/xueji-$old.pid"; [ -f "$f" ] && { kill "$(cat "$f")" 2>/dev/null || true; rm -f "$f"; }
  done
  WORKERS=${XUEJI_WEB_WORKERS:-$(( $(nproc) * 2 + 1 ))}
  owner=$(stat -c %U "$BENCH"); [ "$owner" = "$(id -un)" ] && owner=""
  supervisor_conf "$BENCH" "$SITE" "$PORT" "$WORKERS" "$owner" > "$BENCH/config/supervisor.conf"
  $SUDO ln -sf "$BENCH/config/supervisor.conf" /etc/supervisor/conf.d/xueji.conf
  if ! $SUDO supervisorctl pid >/dev/null 2>&1; then  # no supervisord answering (a machine without systemd)
    log "starting supervisord"
    ($SUDO service supervisor start >/dev/null 2>&1) || $SUDO supervisord -c /etc/supervisor/supervisord.conf
    for _ in $(seq 1 20); do $SUDO supervisorctl pid >/dev/null 2>&1 && break; sleep 0.5; done
  fi
  $SUDO supervisorctl reread >/dev/null && $SUDO supervisorctl update >/dev/null
  $SUDO supervisorctl restart "xueji:*" >/dev/null || die "supervisor could not start the processes; see $BENCH/logs/xueji-*.log"
  if [ "${XUEJI_DEV:-0}" = 1 ]; then
    log "the development server (XUEJI_DEV=1: Werkzeug, one process, tracebacks) under supervisor"
  else
    log "gunicorn ($WORKERS workers, 120 s timeout) on port $PORT, socket.io, RQ workers and the scheduler under supervisor"
  fi
  for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/method/ping" -H "Host: $SITE" && break; sleep 1; done
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/method/ping" -H "Host: $SITE" || die "web server did not answer; see $BENCH/logs/xueji-web.log"
  URL="http://$SITE:$PORT"
  if command -v nginx >/dev/null 2>&1 && [ "${XUEJI_NO_NGINX:-0}" != 1 ] && [ "${XUEJI_DEV:-0}" != 1 ]; then
    if nginx_site "$SITE" "$PORT"; then
      URL="http://$SITE"
      log "nginx serves $URL (port 80) in front of gunicorn, with the realtime socket"
    else
      log "nginx not configured; the desk works on port $PORT without live updates"
    fi
  fi
fi

cat <<MSG

  Xueji is running: ${URL:-http://$SITE:$PORT}   (gunicorn itself: http://127.0.0.1:$PORT, site $SITE)
  Logins (password ${XUEJI_ADMIN_PASSWORD:-admin} for Administrator, Xueji@2026 for the others):
    platform admin     Administrator
    province bureau    province@demo.xueji.cn          辽宁省教育厅
    city bureau        city.yingkou@demo.xueji.cn      营口市教育局
    county bureau      county.zhanqian@demo.xueji.cn   营口市站前区教育局
    school head        head.zqsx@demo.xueji.cn         营口市站前区实验小学
    school registrar   registrar.zqsx@demo.xueji.cn    营口市站前区实验小学
  Processes (supervisor group xueji): gunicorn (web), socket.io, RQ workers (short/default, long), scheduler;
  restarted when they die; logs in $BENCH/logs/xueji-*.log, rotated
  Status: supervisorctl status "xueji:*"     Stop: supervisorctl stop "xueji:*"
MSG
