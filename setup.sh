#!/usr/bin/env bash
# One entry point for a fresh Debian machine (Python 3.11, root) and for CI:
#   bash setup.sh samples   set everything up, then build every sample into out/samples/
#   bash setup.sh test      set everything up, then ruff, mypy and the whole test suite
# Setup installs what coopdocs needs from Debian (LibreOffice Writer, the fonts the templates
# use, the German and British hyphenation patterns LibreOffice hyphenates with, poppler for PDF
# checks, python3-uno for the tracked-changes checks, python3-venv) and
# PyPI (into .venv). It fails loudly when something cannot be installed; it never skips a
# step silently.
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(libreoffice-writer-nogui fonts-liberation2 fonts-crosextra-carlito
              fonts-crosextra-caladea poppler-utils python3-uno hyphen-de hyphen-en-gb)

say() { printf '\n== %s\n' "$*"; }
die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }

missing_debian_packages() {
  local missing=()
  for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  python3 -c "import ensurepip" 2>/dev/null || missing+=(python3-venv)
  echo "${missing[@]:-}"
}

install_system() {
  command -v python3 >/dev/null || die "python3 (3.11 or newer) is required"
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "Python 3.11 or newer is required, found $(python3 --version)"
  command -v dpkg-query >/dev/null || die "this script expects Debian/Ubuntu (dpkg, apt-get)"
  local missing
  missing=$(missing_debian_packages)
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

run_tests() {
  say "ruff"
  .venv/bin/ruff check coopdocs tests tools bench
  say "mypy --strict"
  .venv/bin/mypy
  say "pytest"
  .venv/bin/pytest
}

case "${1:-}" in
  samples) install_system; install_python; build_samples ;;
  test) install_system; install_python; run_tests ;;
  *) die "usage: bash setup.sh samples | test" ;;
esac
