#!/usr/bin/env bash
# Make sure the local PostgreSQL, MariaDB, Redis and RabbitMQ answer; start any that does not.
# Idempotent: a running service is left alone.
set -uo pipefail

up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {  # name port
  for _ in $(seq 1 60); do up "$2" && { echo "services: $1 up on $2"; return 0; }; sleep 1; done
  echo "services: $1 did not come up on 127.0.0.1:$2" >&2; return 1
}

start() {  # name port command...
  local name=$1 port=$2; shift 2
  if up "$port"; then echo "services: $name already up on $port"; return 0; fi
  echo "services: starting $name"
  "$@" >/dev/null 2>&1 || true
  wait_for "$name" "$port"
}

status=0
start PostgreSQL 5432 bash -c 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start' || status=1
start MariaDB 3306 start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || status=1
start Redis 6379 redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log || status=1
start RabbitMQ 5672 rabbitmq-server -detached || status=1
exit $status
