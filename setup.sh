#!/usr/bin/env bash
# One entry point for a fresh Debian machine (Python 3.11, root) and for CI:
#   bash setup.sh samples   set everything up, then build every sample into out/samples/
#   bash setup.sh test      set everything up, then ruff, mypy and the whole test suite
# Setup installs what coopdocs needs from Debian (LibreOffice Writer, the fonts the templates
# use, the German and British hyphenation patterns LibreOffice hyphenates with, poppler for PDF
# checks, python3-uno for the tracked-changes checks, python3-venv) and
# PyPI (into .venv). `test` also installs what only the tests use: PostgreSQL (the survey's
# store is tested against a real server, a private one started for the test run and removed
# after it) and Chromium with its WebDriver (the survey's browser tests).
# It fails loudly when something cannot be installed; it never skips a step silently.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

APT_PACKAGES=(libreoffice-writer-nogui fonts-liberation2 fonts-crosextra-carlito
              fonts-crosextra-caladea poppler-utils python3-uno hyphen-de hyphen-en-gb)
TEST_APT_PACKAGES=(postgresql chromium chromium-driver)

say() { printf '\n== %s\n' "$*"; }
die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }

missing_debian_packages() {   # the packages given that are not installed
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  python3 -c "import ensurepip" 2>/dev/null || missing+=(python3-venv)
  echo "${missing[@]:-}"
}

install_system() {   # install_system PACKAGE...
  command -v python3 >/dev/null || die "python3 (3.11 or newer) is required"
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "Python 3.11 or newer is required, found $(python3 --version)"
  command -v dpkg-query >/dev/null || die "this script expects Debian/Ubuntu (dpkg, apt-get)"
  local missing
  missing=$(missing_debian_packages "$@")
  if [ -z "$missing" ]; then
    say "system packages: all present"
    return
  fi
  [ "$(id -u)" = 0 ] || die "missing Debian packages: $missing (run as root or install them)"
  say "installing Debian packages: $missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
  command -v soffice >/dev/null || die "LibreOffice (soffice) is still missing after install"
}

install_python() {
  if [ ! -x .venv/bin/python ]; then
    say "creating .venv"
    python3 -m venv .venv
  fi
  say "installing coopdocs and its tools into .venv"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet --editable ".[dev]"
  # Compile coopdocs' bytecode now, as pip does for the libraries it installs: an editable
  # install has none, and where PYTHONDONTWRITEBYTECODE is set every command would compile the
  # whole package again (a third of `coopdocs validate`'s time, bench/startup.py).
  .venv/bin/python -m compileall -q coopdocs
  # The German catalog of messages and help, compiled with Babel (coopdocs reads the .po
  # directly when the compiled file is missing or older, so this only saves that step).
  .venv/bin/python tools/i18n.py compile
}

build_samples() {
  say "building the samples into out/samples/"
  .venv/bin/coopdocs validate samples/*/cooperation.yaml
  .venv/bin/coopdocs agreement samples/*/cooperation.yaml --format all -o out/samples
  for sample in samples/*/cooperation.yaml; do   # the key terms (Eckpunkte) for the owners
    .venv/bin/coopdocs summary "$sample" --format all -o out/samples
  done
  local sample round rounds
  for sample in samples/*/; do
    rounds=()
    for round in "$sample"evaluation-*.yaml; do   # the report of each round, with its history
      [ -e "$round" ] || continue
      rounds+=("$round")
      .venv/bin/coopdocs report "$sample"cooperation.yaml "${rounds[@]}" --format all \
        -o out/samples
      if grep -q "change:" "$round"; then   # a round with changes: Nachtrag, Lesefassung, redline
        .venv/bin/coopdocs addendum "$sample"cooperation.yaml "${rounds[@]}" --format all \
          -o out/samples
      fi
    done
  done
  .venv/bin/coopdocs batch samples/network/network.yaml --format all -o out/samples/network
}

check_test_tools() {   # what the browser tests and start_test_postgres use, at Debian's paths
  local tool
  for tool in /usr/bin/chromium /usr/bin/chromedriver; do
    [ -x "$tool" ] || die "$tool is missing after installing ${TEST_APT_PACKAGES[*]}"
  done
  postgres_bin >/dev/null
}

postgres_bin() {   # the newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/N/bin)
  local dir
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null \
        | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] \
    || die "PostgreSQL (initdb, pg_ctl) not found under /usr/lib/postgresql"
  echo "$dir"
}

as_postgres() {   # root cannot run PostgreSQL: run a server command as the postgres user
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A private PostgreSQL for one test run: a cluster in a temporary folder (owned by the postgres
# user when run as root), trust authentication, listening only on a socket in that folder and on
# 127.0.0.1 at a free port; no durability settings (the data is thrown away). It exports
# COOPDOCS_TEST_POSTGRES for the tests and is stopped and removed by stop_test_postgres (which
# the caller puts in an EXIT trap). When it does not start, its log is printed and setup fails.
TEST_PG_DIR=""
TEST_PG_BIN=""
start_test_postgres() {
  TEST_PG_BIN=$(postgres_bin)
  local parent=${TMPDIR:-/tmp}
  [ "$(id -u)" != 0 ] || parent=/tmp   # a folder the postgres user can reach
  TEST_PG_DIR=$(mktemp -d "$parent/coopdocs-postgres.XXXXXX")
  mkdir "$TEST_PG_DIR/socket"
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres:postgres "$TEST_PG_DIR"
  fi
  chmod 700 "$TEST_PG_DIR"
  local port log="$TEST_PG_DIR/postgres.log"
  port=$(free_port)
  say "starting a private PostgreSQL for the tests on 127.0.0.1:$port"
  if ! as_postgres "$TEST_PG_BIN/initdb" --pgdata="$TEST_PG_DIR/data" --username=postgres \
      --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$TEST_PG_DIR/initdb.log" 2>&1; then
    cat "$TEST_PG_DIR/initdb.log" >&2
    die "initdb of the test PostgreSQL failed (log above)"
  fi
  if ! as_postgres "$TEST_PG_BIN/pg_ctl" --pgdata="$TEST_PG_DIR/data" --log="$log" --wait \
      --timeout=60 --silent start --options="-c listen_addresses=127.0.0.1 -c port=$port \
      -c unix_socket_directories=$TEST_PG_DIR/socket -c fsync=off -c synchronous_commit=off \
      -c full_page_writes=off -c max_connections=200"; then
    cat "$log" >&2 || true
    die "the test PostgreSQL did not start (log above)"
  fi
  if ! as_postgres "$TEST_PG_BIN/psql" --quiet --no-psqlrc --host=127.0.0.1 --port="$port" \
      --username=postgres --dbname=postgres --set=ON_ERROR_STOP=1 \
      --command="CREATE DATABASE coopdocs_test" >/dev/null; then
    cat "$log" >&2 || true
    die "could not create the database coopdocs_test in the test PostgreSQL (log above)"
  fi
  export COOPDOCS_TEST_POSTGRES="postgresql://postgres@127.0.0.1:$port/coopdocs_test"
}

stop_test_postgres() {
  [ -n "$TEST_PG_DIR" ] || return 0
  if [ -f "$TEST_PG_DIR/data/postmaster.pid" ]; then
    as_postgres "$TEST_PG_BIN/pg_ctl" --pgdata="$TEST_PG_DIR/data" --mode=fast --wait --silent \
      stop >/dev/null 2>&1 || printf 'setup.sh: could not stop the test PostgreSQL\n' >&2
  fi
  rm -rf "$TEST_PG_DIR"
  TEST_PG_DIR=""
}

run_tests() {
  check_test_tools
  say "ruff"
  .venv/bin/ruff check coopdocs tests tools bench
  say "mypy --strict"
  .venv/bin/mypy
  trap stop_test_postgres EXIT
  start_test_postgres
  say "pytest"
  .venv/bin/pytest
}

# Sourced (`source setup.sh`), it only defines the functions, so that a part such as
# start_test_postgres/stop_test_postgres can be tried alone.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    samples) install_system "${APT_PACKAGES[@]}"; install_python; build_samples ;;
    test) install_system "${APT_PACKAGES[@]}" "${TEST_APT_PACKAGES[@]}"; install_python
          run_tests ;;
    *) die "usage: bash setup.sh samples | test" ;;
  esac
fi
