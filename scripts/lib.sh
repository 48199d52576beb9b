# Shared by setup.sh and test.sh. Sourced, not run.
# shellcheck shell=bash
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FRAPPE_BENCH_EXPLICIT=${FRAPPE_BENCH:+1}
BENCH=${FRAPPE_BENCH:-$HOME/frappe-bench}
# A bench that root had built as the `frappe` user (the bench CLI refuses root) lives in that user's home.
if [ -z "$FRAPPE_BENCH_EXPLICIT" ] && [ ! -d "$BENCH/apps/frappe" ] && [ -d /home/frappe/frappe-bench/apps/frappe ]; then
  BENCH=/home/frappe/frappe-bench
fi
DB_ROOT_PASSWORD=${XUEJI_DB_ROOT_PASSWORD:-xueji-root}
export FRAPPE_BENCH=$BENCH XUEJI_DB_ROOT_PASSWORD=$DB_ROOT_PASSWORD

log() { printf '\033[1m[xueji]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[xueji] %s\033[0m\n' "$*" >&2; exit 1; }

have_bench() { [ -x "$BENCH/env/bin/python" ] && [ -d "$BENCH/apps/frappe" ] && [ -d "$BENCH/sites" ]; }

# Frappe's own CLI (what `bench --site S …` forwards to); unlike the bench CLI it also runs as root.
frappe_cli() { (cd "$BENCH/sites" && "$BENCH/env/bin/python" -m frappe.utils.bench_helper frappe "$@"); }

# Progress bars redraw with carriage returns; keep logs readable.
quiet() { "$@" 2>&1 | tr '\r' '\n' | grep -v -E '^(Updating|Syncing|Installing fixtures).*%|^\s*$' ; return "${PIPESTATUS[0]}"; }

site_exists() { [ -f "$BENCH/sites/$1/site_config.json" ]; }

# A bench made the standard way today gets setuptools ≥ 80, which no longer carries pkg_resources; Frappe v15
# (its Google integrations) imports it, and new-site fails. Pin the last setuptools that has it, and check.
repair_bench_env() {
  if ! "$BENCH/env/bin/python" -c "import pkg_resources" 2>/dev/null; then
    log "the bench's environment lacks pkg_resources: installing setuptools<80"
    "$BENCH/env/bin/pip" install -q "setuptools<80" 2>&1 | grep -v '^WARNING: Location' || true
  fi
  "$BENCH/env/bin/python" -c "import pkg_resources, frappe" 2>/dev/null || die "the bench's Python cannot import Frappe (see $BENCH/env)"
}

# Whether a site is fully installed: its database answers and both apps are in it. A site an earlier failure
# left half-created (config written, install interrupted) is not.
site_installed() {
  local apps
  apps=$(frappe_cli --site "$1" list-apps 2>/dev/null) || return 1
  grep -q "frappe" <<<"$apps" && grep -q "xueji_app" <<<"$apps"
}

# Point the bench's xueji_app at this checkout (what `bench get-app` would have cloned) and install it.
link_app() {
  local dest="$BENCH/apps/xueji_app"
  # A symlink left by another checkout may dangle (-e is false for it), so test -L too.
  if { [ -L "$dest" ] || [ -e "$dest" ]; } && [ "$(readlink -f "$dest")" != "$REPO" ]; then
    if [ -L "$dest" ]; then rm "$dest"; else mv "$dest" "$dest.moved-$(date +%s)"; fi
  fi
  [ -e "$dest" ] || ln -s "$REPO" "$dest"
  "$BENCH/env/bin/pip" install -q -e "$dest" 2>&1 | grep -v '^WARNING: Location' || true
  "$BENCH/env/bin/python" -c "import xueji_app, chinese_calendar, openpyxl" || die "xueji_app did not install into $BENCH/env"
  grep -qx xueji_app "$BENCH/sites/apps.txt" || { sed -i -e '$a\' "$BENCH/sites/apps.txt"; echo xueji_app >> "$BENCH/sites/apps.txt"; }
  # the desk loads /assets/xueji_app/js/xueji.js: without the build's link every desk page lacks the app's scripts
  if [ "$(readlink -f "$BENCH/sites/assets/xueji_app" 2>/dev/null)" != "$(readlink -f "$dest/xueji_app/public")" ]; then
    log "building the app's assets"
    quiet frappe_cli build --app xueji_app >/dev/null || die "the asset build of xueji_app failed"
  fi
}

# Create SITE with the app, or migrate it when it is there already.
ensure_site() {
  local site=$1
  if site_exists "$site" && ! site_installed "$site"; then
    log "$site was left half-created by an earlier run: recreating it"
    if ! quiet frappe_cli drop-site "$site" --db-root-username root --db-root-password "$DB_ROOT_PASSWORD" --force --no-backup; then
      # too broken even to drop: set its folder aside (as drop-site would) and start afresh
      mkdir -p "$BENCH/archived/sites"
      mv "$BENCH/sites/$site" "$BENCH/archived/sites/$site-half-$(date +%s)"
      log "set the half-created $site aside in $BENCH/archived/sites"
    fi
  fi
  if site_exists "$site"; then
    log "migrating $site"
    quiet frappe_cli --site "$site" migrate || die "migrate of $site failed"
  else
    log "creating $site"
    quiet frappe_cli new-site "$site" --db-root-username root --db-root-password "$DB_ROOT_PASSWORD" \
      --admin-password "${XUEJI_ADMIN_PASSWORD:-admin}" --install-app xueji_app || die "new-site $site failed"
  fi
}

# The bench CLI in a virtual environment of the current user ($XUEJI_BENCH_CLI, default ~/.bench-cli), on PATH:
# Debian 12 and Ubuntu 23.04+ refuse `pip install` into the system Python (PEP 668), and a venv is allowed
# everywhere, as root or not, with or without sudo. Needs python3-venv and the package index.
install_bench_cli() {
  local cli=${XUEJI_BENCH_CLI:-$HOME/.bench-cli}
  if [ ! -x "$cli/bin/bench" ]; then
    python3 -m venv "$cli" || die "python3 -m venv failed: install python3-venv (apt-get install python3-venv)"
    "$cli/bin/pip" install -q frappe-bench || die "pip could not install frappe-bench into $cli (is the package index reachable?)"
  fi
  export PATH="$cli/bin:$PATH"
  bench --version >/dev/null 2>&1 || die "the bench CLI in $cli does not run"
}

# Run a shell command as USER: directly when that is who we are, with runuser when root (no sudo needed), with
# sudo otherwise. This machine's TLS and index settings go along (a login shell would drop them).
as_user() {
  local user=$1 command=$2
  if [ "$user" = "$(id -un)" ]; then bash -c "$command"; return; fi
  local keep=() name
  for name in $(env | grep -E '^(SSL_|REQUESTS_CA|CURL_CA|PIP_|NODE_EXTRA_CA|GIT_SSL|UV_)' | cut -d= -f1); do
    keep+=("$name=${!name}")
  done
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$user" -- env HOME="$(getent passwd "$user" | cut -d: -f6)" "${keep[@]}" bash -c "$command"
  else
    command -v sudo >/dev/null || die "running as $(id -un), building as $user needs sudo (or run as root, or as $user)"
    sudo -u "$user" -H env "${keep[@]}" bash -c "$command"
  fi
}

# The product's processes as supervisor programs (what `bench setup supervisor` writes, for this app's gunicorn
# entry point): gunicorn, the socket.io server, RQ workers for short/default and long, the scheduler; each restarted
# when it dies, its log rotated (10 MB × 5). Printed to stdout.
#   supervisor_conf BENCH SITE PORT WORKERS [OWNER]   (XUEJI_DEV=1: Frappe's development server instead of gunicorn)
supervisor_conf() {
  local bench=$1 site=$2 port=$3 workers=$4 owner=${5:-}
  local py="$bench/env/bin/python" web
  if [ "${XUEJI_DEV:-0}" = 1 ]; then
    web="$py -m frappe.utils.bench_helper frappe --site $site serve --port $port --noreload"
  else
    web="$bench/env/bin/gunicorn --chdir $bench/sites -b 0.0.0.0:$port -w $workers -t 120 --graceful-timeout 30 --max-requests 5000 --max-requests-jitter 500 xueji_app.wsgi:application"
  fi
  program() {  # program NAME DIRECTORY COMMAND
    cat <<CONF
[program:xueji-$1]
command=$3
directory=$2
environment=XUEJI_SITE="$site"
autostart=true
autorestart=true
startsecs=3
stopasgroup=true
killasgroup=true
stopwaitsecs=40
redirect_stderr=true
stdout_logfile=$bench/logs/xueji-$1.log
stdout_logfile_maxbytes=10MB
stdout_logfile_backups=5
${owner:+user=$owner}

CONF
  }
  program web "$bench/sites" "$web"
  program socketio "$bench" "$(command -v node || echo /usr/bin/node) $bench/apps/frappe/socketio.js"
  program worker "$bench/sites" "$py -m frappe.utils.bench_helper frappe worker --queue short,default"
  program worker-long "$bench/sites" "$py -m frappe.utils.bench_helper frappe worker --queue long"
  program schedule "$bench/sites" "$py -m frappe.utils.bench_helper frappe schedule"
  printf '[group:xueji]\nprograms=xueji-web,xueji-socketio,xueji-worker,xueji-worker-long,xueji-schedule\n'
}

# nginx's site for SITE (the http-level upstreams and the server block; printed to stdout), what `bench setup nginx`
# gives: static assets and public files served by nginx from ROOT (the bench's sites folder), private files through
# the internal /protected/ location once gunicorn has checked the reader (X-Accel-Redirect), security headers,
# gzip, socket.io proxied. An empty ROOT (nginx cannot read the bench) leaves every file to gunicorn.
#   nginx_conf SITE WEB_PORT SOCKETIO_PORT ROOT [LISTEN]   (LISTEN: a port, or address:port; default 80)
nginx_conf() {
  local site=$1 port=$2 socketio=$3 root=$4 listen=${5:-80}
  local upstream="xueji_web_${port}" accel="True" files_root=$root
  if [ -z "$root" ]; then accel=""; files_root=/var/empty/xueji; fi
  local listen6=""; [[ "$listen" == *:* ]] || listen6="listen [::]:$listen;  # browsers resolve *.localhost to ::1 too"
  cat <<NGINX
upstream $upstream { server 127.0.0.1:$port fail_timeout=0; }
upstream ${upstream}_socketio { server 127.0.0.1:$socketio fail_timeout=0; }
server {
  listen $listen;
  $listen6
  server_name $site;
  root $files_root;
  add_header X-Frame-Options "SAMEORIGIN";
  add_header X-Content-Type-Options nosniff;
  add_header X-XSS-Protection "1; mode=block";
  add_header Referrer-Policy "same-origin, strict-origin-when-cross-origin";
  location /assets { try_files \$uri @webserver; add_header Cache-Control "max-age=31536000"; }
  # private files: reachable only as gunicorn's X-Accel-Redirect answer, after its permission check
  location ~ ^/protected/(.*) { internal; try_files /$site/\$1 =404; }
  location /socket.io {
    proxy_http_version 1.1;
    proxy_set_header Upgrade \$http_upgrade;
    proxy_set_header Connection "upgrade";
    proxy_set_header X-Frappe-Site-Name $site;
    proxy_set_header Origin \$scheme://\$http_host;
    proxy_set_header Host \$host;
    proxy_pass http://${upstream}_socketio;
  }
  location / {
    rewrite ^(.+)/\$ \$1 permanent;
    rewrite ^(.+)/index\.html\$ \$1 permanent;
    rewrite ^(.+)\.html\$ \$1 permanent;
    location ~* ^/files/.*.(htm|html|svg|xml) { add_header Content-disposition "attachment"; try_files /$site/public/\$uri @webserver; }
    try_files /$site/public/\$uri @webserver;
  }
  location @webserver {
    include $REPO/scripts/nginx-proxy.conf;  # the client's address set, never appended (xueji_app.wsgi)
    proxy_http_version 1.1;
    proxy_set_header X-Frappe-Site-Name $site;
    proxy_set_header Host \$host;
    proxy_set_header X-Use-X-Accel-Redirect "$accel";  # empty: a client's own header is dropped
    proxy_pass http://$upstream;
  }
  sendfile on;
  keepalive_timeout 15;
  client_max_body_size 25m;
  client_body_buffer_size 16K;
  proxy_buffer_size 128k;
  proxy_buffers 4 256k;
  gzip on;
  gzip_http_version 1.1;
  gzip_comp_level 5;
  gzip_min_length 256;
  gzip_proxied any;
  gzip_vary on;
  gzip_types application/javascript application/json application/xml text/css text/plain text/xml image/svg+xml;
}
NGINX
}
