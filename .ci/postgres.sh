#!/usr/bin/env bash
# Brings up Debian's PostgreSQL for the record-store tests and prints, on its LAST line only,
#   export CADUCEUS_TEST_DATABASE_URL=postgres://caduceus:…@127.0.0.1:PORT/caduceus_test
# so CI can run `eval "$(.ci/postgres.sh)"`. Everything else goes to stderr.
# Idempotent (root, Debian 12): installs the package only if absent, starts the cluster only if down, creates the
# role and database only if missing, and keeps the role's random password in a root-only file so a second run prints
# the same URL (connections opened with the first one keep working).
set -euo pipefail

role=caduceus
database=caduceus_test
password_file=${CADUCEUS_PG_PASSWORD_FILE:-/var/lib/caduceus-ci/postgres-password}

log() { echo "postgres.sh: $*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
  log "must run as root (it installs and starts PostgreSQL)"
  exit 1
fi

if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

# The first cluster Debian knows about; create one if the package was installed without it.
cluster=$(pg_lsclusters --no-header | awk 'NR == 1 { print $1, $2, $3, $4 }')
if [[ -z $cluster ]]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  log "creating cluster $version/main"
  pg_createcluster "$version" main >&2
  cluster=$(pg_lsclusters --no-header | awk 'NR == 1 { print $1, $2, $3, $4 }')
fi
read -r version name port status <<<"$cluster"

if [[ $status != online* ]]; then
  log "starting cluster $version/$name on port $port"
  pg_ctlcluster "$version" "$name" start >&2 || service postgresql start >&2
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.5
done
if ! pg_isready -q -h 127.0.0.1 -p "$port"; then
  log "cluster $version/$name did not become ready; see /var/log/postgresql/postgresql-$version-$name.log"
  exit 1
fi

mkdir -p "$(dirname "$password_file")"
chmod 700 "$(dirname "$password_file")"
if [[ ! -s $password_file ]]; then
  (umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$password_file")
fi
password=$(<"$password_file")

psql_admin() { (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$port" "$@"); }

# The password is hex, so it needs no quoting inside the SQL literal; it is passed as a psql variable, not in argv.
psql_admin -d postgres -v role="$role" -v password="$password" >&2 <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role')
\gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'role', :'password')
\gexec
SQL
if [[ -z $(psql_admin -d postgres -tA -c "SELECT 1 FROM pg_database WHERE datname = '$database'") ]]; then
  log "creating database $database"
  psql_admin -d postgres -c "CREATE DATABASE $database OWNER $role" >&2
fi

url="postgres://$role:$password@127.0.0.1:$port/$database"
if ! PGCONNECT_TIMEOUT=5 psql -X -q -d "$url" -c 'SELECT 1' >/dev/null; then
  log "cannot connect as $role over TCP; check pg_hba.conf of cluster $version/$name"
  exit 1
fi
log "ready: cluster $version/$name, database $database, role $role"
echo "export CADUCEUS_TEST_DATABASE_URL=$url"
