#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) are running for the test suite.
# Installs them from Debian's packages only when they are missing (needs root or sudo), then starts them.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }

# The browser tests (test/e2e/web-*.e2e.test.ts) drive Debian's chromium; browsers are not downloadable here.
if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium from Debian's packages (browser tests)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi

if ! pg_up || ! redis_up; then
  need=()
  command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]} from Debian's packages"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

if ! pg_up; then
  ver=$(ls /etc/postgresql | sort -V | tail -1)
  # Tests connect over TCP as the postgres role without a password (trust on loopback only).
  hba=/etc/postgresql/$ver/main/pg_hba.conf
  if ! as_root grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start
fi
if ! redis_up; then
  as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no
fi
for _ in $(seq 1 30); do pg_up && redis_up && break; sleep 1; done
pg_up || { echo "PostgreSQL did not start on 127.0.0.1:5432"; exit 1; }
redis_up || { echo "Redis did not start on 127.0.0.1:6379"; exit 1; }
echo "PostgreSQL and Redis are up"
