#!/usr/bin/env bash
# Start (installing when absent) the services a Frappe bench needs on this machine: MariaDB and the two
# Redis instances named in the bench's common_site_config.json. Idempotent; safe to run on every test run.
# Usage: scripts/services.sh [BENCH]   (default: $FRAPPE_BENCH or ~/frappe-bench)
set -euo pipefail
BENCH=${1:-${FRAPPE_BENCH:-$HOME/frappe-bench}}
DB_ROOT_PASSWORD=${XUEJI_DB_ROOT_PASSWORD:-xueji-root}
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

need_pkgs=()
command -v mariadbd >/dev/null 2>&1 || command -v mysqld >/dev/null 2>&1 || need_pkgs+=(mariadb-server mariadb-client)
command -v redis-server >/dev/null 2>&1 || need_pkgs+=(redis-server)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need_pkgs+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || need_pkgs+=(poppler-utils)
command -v crontab >/dev/null 2>&1 || need_pkgs+=(cron)
command -v chromium >/dev/null 2>&1 || need_pkgs+=(chromium)  # browser tests of the phone page
# the production tests: nginx in front of gunicorn, processes under supervisor, a fresh account's bench CLI venv
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_pkgs+=(nginx)
command -v supervisord >/dev/null 2>&1 || need_pkgs+=(supervisor)
dpkg -s python3-venv >/dev/null 2>&1 || need_pkgs+=(python3-venv)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "[services] installing: ${need_pkgs[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

# MariaDB: utf8mb4 as Frappe requires.
conf=/etc/mysql/mariadb.conf.d/99-xueji.cnf
if [ ! -f "$conf" ]; then
  $SUDO tee "$conf" >/dev/null <<'CNF'
[mysqld]
character-set-client-handshake = FALSE
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
innodb_buffer_pool_size = 2G
innodb_flush_log_at_trx_commit = 2
max_allowed_packet = 256M
[mysql]
default-character-set = utf8mb4
CNF
fi
if ! mariadb-admin ping --silent >/dev/null 2>&1 && ! mariadb-admin -uroot -p"$DB_ROOT_PASSWORD" -h127.0.0.1 ping --silent >/dev/null 2>&1; then
  echo "[services] starting MariaDB"
  $SUDO mkdir -p /run/mysqld && $SUDO chown mysql:mysql /run/mysqld 2>/dev/null || true
  ($SUDO service mariadb start >/dev/null 2>&1) || ($SUDO nohup mysqld_safe >/dev/null 2>&1 &)
  for _ in $(seq 1 60); do
    mariadb-admin ping --silent >/dev/null 2>&1 && break
    mariadb-admin -uroot -p"$DB_ROOT_PASSWORD" -h127.0.0.1 ping --silent >/dev/null 2>&1 && break
    sleep 1
  done
fi
# Root may log in through the socket (as the OS root) or by password over TCP (as Frappe does).
if $SUDO mariadb -uroot -e "select 1" >/dev/null 2>&1; then
  $SUDO mariadb -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('$DB_ROOT_PASSWORD'); FLUSH PRIVILEGES;" 
fi
mariadb -uroot -p"$DB_ROOT_PASSWORD" -h127.0.0.1 -e "select 1" >/dev/null || { echo "[services] MariaDB root login failed" >&2; exit 1; }

# Redis: one instance per port the bench is configured for.
ports="13000 11000"
cfg="$BENCH/sites/common_site_config.json"
if [ -f "$cfg" ]; then
  ports=$(python3 - "$cfg" <<'PY'
import json, sys, re
c = json.load(open(sys.argv[1]))
ps = {re.search(r":(\d+)", c[k]).group(1) for k in ("redis_cache", "redis_queue", "redis_socketio") if c.get(k)}
print(" ".join(sorted(ps)) or "13000 11000")
PY
)
fi
for p in $ports; do
  if ! redis-cli -p "$p" ping >/dev/null 2>&1; then
    echo "[services] starting Redis on $p"
    redis-server --port "$p" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
      --dir /tmp --logfile "/tmp/redis-$p.log" >/dev/null
  fi
done
for p in $ports; do
  for _ in $(seq 1 20); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.5; done
done
# Print fonts derived from Noto CJK (see scripts/build_fonts.py); needs the bench's Python (fontTools).
# The TrueType build with the fine spaces; an older CFF build (.otf) is replaced.
if ! fc-list : file 2>/dev/null | grep -q "XuejiSerifSC-Regular.ttf" && [ -x "$BENCH/env/bin/python" ]; then
  echo "[services] building the print fonts (once, about a minute)"
  $SUDO "$BENCH/env/bin/python" "$(dirname "$0")/build_fonts.py" >/dev/null || echo "[services] print fonts not built; PDFs use Noto CJK directly (slower)"
fi
echo "[services] MariaDB and Redis ($ports) are up"
