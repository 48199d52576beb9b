#!/usr/bin/env bash
# Set up and run Xueji on this machine: system packages, MariaDB and Redis, a Frappe version-15 bench
# (reused when one exists at $FRAPPE_BENCH, default ~/frappe-bench; otherwise installed the standard way,
# `bench init --frappe-branch version-15`), the demo site with a synthetic Liaoning province, then the
# web server, a background worker and the scheduler. Prints the URL and one login per tier.
#   XUEJI_SITE  demo site (default xueji.localhost)   XUEJI_PORT  web port (default 8000)
#   XUEJI_NO_SERVE=1  set up only, do not start the processes
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SITE=${XUEJI_SITE:-xueji.localhost}
PORT=${XUEJI_PORT:-8000}
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

install_system_packages() {
  local pkgs=(git curl cron pkg-config libmariadb-dev build-essential python3-dev python3-venv
              fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0 xvfb)
  local missing=()
  for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  command -v node >/dev/null || { DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null; }
  command -v yarn >/dev/null || $SUDO npm install -g yarn@1 >/dev/null
}

# A fresh bench, the standard way. The bench CLI refuses to run as root, so root builds it as the
# `frappe` user; the TLS variables of this machine are passed along (a login shell would drop them).
init_bench() {
  local owner; owner=$(id -un)
  if [ "$owner" = root ]; then
    id frappe >/dev/null 2>&1 || useradd -m -s /bin/bash frappe
    owner=frappe
    [ -n "${FRAPPE_BENCH_EXPLICIT:-}" ] || BENCH=/home/frappe/frappe-bench
    export FRAPPE_BENCH=$BENCH
  fi
  log "installing bench and Frappe version-15 into $BENCH (as $owner)"
  python3 -m pip install -q --user frappe-bench 2>/dev/null || python3 -m pip install -q frappe-bench
  local env_keep; env_keep=$(env | grep -E '^(SSL_|REQUESTS_CA|CURL_CA|PIP_|NODE_EXTRA_CA|GIT_SSL)' | cut -d= -f1 | paste -sd, -)
  local run=(bash -c)
  [ "$owner" = "$(id -un)" ] || run=(sudo -u "$owner" --preserve-env="${env_keep:-HOME}" -H bash -c)
  mkdir -p "$(dirname "$BENCH")"
  "${run[@]}" "python3 -m pip install -q --user frappe-bench && export PATH=\$HOME/.local/bin:\$PATH &&
    bench init --frappe-branch version-15 --skip-redis-config-generation --no-backups '$BENCH'" \
    || die "bench init failed; see the output above"
}

install_system_packages
have_bench || init_bench
have_bench || die "no usable bench at $BENCH"
bash "$REPO/scripts/services.sh" "$BENCH"
link_app
log "building the app's assets"
quiet frappe_cli build --app xueji_app >/dev/null || log "asset build failed (the desk still works with Frappe's assets)"
ensure_site "$SITE"
frappe_cli --site "$SITE" set-config host_name "http://$SITE:$PORT" >/dev/null
log "loading the demo province"
frappe_cli --site "$SITE" execute xueji_app.demo.province.build
frappe_cli --site "$SITE" enable-scheduler >/dev/null || true
grep -q "$SITE" /etc/hosts 2>/dev/null || echo "127.0.0.1 $SITE" | $SUDO tee -a /etc/hosts >/dev/null || true

if [ "${XUEJI_NO_SERVE:-0}" != 1 ]; then
  mkdir -p "$BENCH/logs" "$BENCH/config/pids"
  stop() {
    local f="$BENCH/config/pids/xueji-$1.pid"
    if [ -f "$f" ]; then kill "$(cat "$f")" 2>/dev/null || true; rm -f "$f"; sleep 1; fi
  }
  start() {
    local name=$1; shift
    stop "$name"
    # detached: own session, no inherited descriptors, so the caller's terminal or pipe can close
    pushd "$BENCH/sites" >/dev/null
    python3 -c 'import os, sys; os.setsid(); os.closerange(3, 4096); os.execvp(sys.argv[1], sys.argv[1:])' \
      "$@" >"$BENCH/logs/xueji-$name.log" 2>&1 </dev/null &
    echo $! >"$BENCH/config/pids/xueji-$name.pid"
    popd >/dev/null
  }
  start web "$BENCH/env/bin/python" -m frappe.utils.bench_helper frappe --site "$SITE" serve --port "$PORT" --noreload
  start worker "$BENCH/env/bin/python" -m frappe.utils.bench_helper frappe worker --queue default,short,long
  start schedule "$BENCH/env/bin/python" -m frappe.utils.bench_helper frappe schedule
  for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/method/ping" -H "Host: $SITE" && break; sleep 1; done
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/method/ping" -H "Host: $SITE" || die "web server did not answer; see $BENCH/logs/xueji-web.log"
fi

cat <<MSG

  Xueji is running: http://$SITE:$PORT   (also http://127.0.0.1:$PORT, site $SITE)
  Logins (password ${XUEJI_ADMIN_PASSWORD:-admin} for Administrator, Xueji@2026 for the others):
    platform admin     Administrator
    province bureau    province@demo.xueji.cn          辽宁省教育厅
    city bureau        city.yingkou@demo.xueji.cn      营口市教育局
    county bureau      county.zhanqian@demo.xueji.cn   营口市站前区教育局
    school head        head.zqsx@demo.xueji.cn         营口市站前区实验小学
    school registrar   registrar.zqsx@demo.xueji.cn    营口市站前区实验小学
  Stop: kill \$(cat $BENCH/config/pids/xueji-*.pid)
MSG
