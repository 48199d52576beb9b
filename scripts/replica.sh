#!/usr/bin/env bash
# A MariaDB read replica on this machine: a second server (port 3307, its own data directory) replicating
# the first by GTID, read-only for every account but root. Frappe's read-only routing (reports, Report
# Builder lists, exports, registers) reads from it once a site's config names it:
#   scripts/replica.sh [SITE…]   start it (seeding it from the primary the first time) and point SITEs at it
#   scripts/replica.sh --stop    stop it (sites keep their config; Frappe falls back to the primary)
# Idempotent. The primary gets binary logging (server_id 1, ROW format) and is restarted once for it.
#   XUEJI_REPLICA_PORT  (default 3307)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
PORT=${XUEJI_REPLICA_PORT:-3307}
DATA=/var/lib/mysql-replica
SOCK=/run/mysqld/mysqld-replica.sock
CNF=/etc/mysql/xueji-replica.cnf
PIDFILE=/run/mysqld/mysqld-replica.pid
REPL_PASSWORD=${XUEJI_REPL_PASSWORD:-xueji-repl}
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
primary() { mariadb -uroot -p"$DB_ROOT_PASSWORD" -h127.0.0.1 -P3306 "$@"; }
replica() { $SUDO mariadb -uroot -S "$SOCK" "$@"; }

if [ "${1:-}" = "--stop" ]; then
  [ -S "$SOCK" ] && $SUDO mariadb-admin -uroot -S "$SOCK" shutdown && log "replica stopped"
  exit 0
fi

# 1. the primary writes a binary log with GTIDs (restarted once when it did not)
conf=/etc/mysql/mariadb.conf.d/98-xueji-primary.cnf
if [ ! -f "$conf" ]; then
  $SUDO tee "$conf" >/dev/null <<'CNF'
[mysqld]
server_id = 1
log_bin = mariadb-bin
binlog_format = ROW
expire_logs_days = 2
CNF
fi
if [ "$(primary -N -e 'select @@log_bin')" != 1 ]; then
  log "restarting the primary with binary logging"
  $SUDO mariadb-admin -uroot -p"$DB_ROOT_PASSWORD" -h127.0.0.1 shutdown
  for _ in $(seq 1 30); do primary -e "select 1" >/dev/null 2>&1 || break; sleep 1; done
  bash "$REPO/scripts/services.sh" "$BENCH" >/dev/null
fi
primary -e "CREATE USER IF NOT EXISTS 'xueji_repl'@'127.0.0.1' IDENTIFIED BY '$REPL_PASSWORD';
  GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'xueji_repl'@'127.0.0.1';"

# 2. the replica's own server
$SUDO tee "$CNF" >/dev/null <<CNF
[mysqld]
datadir = $DATA
socket = $SOCK
pid-file = $PIDFILE
port = $PORT
bind-address = 127.0.0.1
server_id = 2
read_only = 1
log_bin = mariadb-bin
log_slave_updates = 1
relay_log = relay-bin
character-set-client-handshake = FALSE
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
innodb_buffer_pool_size = 1G
innodb_flush_log_at_trx_commit = 2
max_allowed_packet = 256M
CNF
fresh=0
if [ ! -d "$DATA/mysql" ]; then
  log "creating the replica's data directory $DATA"
  $SUDO mkdir -p "$DATA" && $SUDO chown mysql:mysql "$DATA"
  $SUDO mariadb-install-db --defaults-file="$CNF" --user=mysql --auth-root-authentication-method=socket >/dev/null
  fresh=1
fi
if ! $SUDO mariadb-admin -uroot -S "$SOCK" ping --silent >/dev/null 2>&1; then
  log "starting the replica on port $PORT"
  $SUDO mkdir -p /run/mysqld && $SUDO chown mysql:mysql /run/mysqld
  ($SUDO nohup mariadbd --defaults-file="$CNF" --user=mysql >/tmp/mariadb-replica.log 2>&1 &)
  for _ in $(seq 1 60); do $SUDO mariadb-admin -uroot -S "$SOCK" ping --silent >/dev/null 2>&1 && break; sleep 1; done
fi

# 3. seeded from a consistent dump of the primary (its GTID position inside), then following it
if [ "$fresh" = 1 ] || [ -z "$(replica -N -e "show slave status" 2>/dev/null)" ]; then
  log "seeding the replica from the primary"
  replica -e "STOP SLAVE; RESET SLAVE ALL;" 2>/dev/null || true
  mariadb-dump -uroot -p"$DB_ROOT_PASSWORD" -h127.0.0.1 --all-databases --single-transaction --gtid --master-data=1 \
    --routines --events --triggers | replica
  replica -e "FLUSH PRIVILEGES;
    CHANGE MASTER TO master_host='127.0.0.1', master_port=3306, master_user='xueji_repl',
      master_password='$REPL_PASSWORD', master_use_gtid=slave_pos;
    START SLAVE;"
fi
replica -e "START SLAVE" 2>/dev/null || true
for _ in $(seq 1 30); do
  state=$(replica -e "show slave status\G" | awk '/Slave_IO_Running:|Slave_SQL_Running:/ {print $2}' | paste -sd' ')
  [ "$state" = "Yes Yes" ] && break; sleep 1
done
[ "$state" = "Yes Yes" ] || { replica -e "show slave status\G" >&2; die "the replica does not follow the primary"; }

# 4. sites read from it (Frappe v15: read_from_replica, replica_host, replica_db_port)
for site in "$@"; do
  frappe_cli --site "$site" set-config read_from_replica 1 >/dev/null
  frappe_cli --site "$site" set-config replica_host 127.0.0.1 >/dev/null
  frappe_cli --site "$site" set-config -p replica_db_port "$PORT" >/dev/null
  log "$site reads reports from the replica on port $PORT"
done
log "replica on 127.0.0.1:$PORT follows the primary (GTID $(replica -N -e 'select @@gtid_slave_pos'))"
