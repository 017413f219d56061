#!/usr/bin/env bash
# Creates a Python virtualenv with upstream Zuul from PyPI: the reference `npm run test:oracle` compares our reading
# of Zuul's config (zuul.d/: nodesets, jobs and the labels they ask for) with. Zuul's own config loader
# (zuul.configloader: its YAML loader and the voluptuous schemas of its parsers) is run on each file. The venv lives
# outside the repo, keyed by version, so only the first run installs; later runs return at once.
#
#   scripts/zuul-oracle-venv.sh               installs when missing, prints the venv's python
#   ZUUL_VERSION=X                            which release (default below)
#   POOL_RECONCILER_CACHE=DIR                 where to keep it (default ~/.cache/pool-reconciler)
#   PYTHON=python3.11                         which interpreter creates the venv (default python3; Zuul needs 3.11+)
#
# PyYAML is pinned to the version the Nodepool oracle pins (scripts/nodepool-oracle-venv.sh): both references read
# YAML with the same PyYAML, the one our reader is compared with.
#
# The venv is built in a directory of its own and renamed into place when complete, under a lock, so a second run
# waits instead of deleting a venv that is being built.
set -euo pipefail

ZUUL_VERSION="${ZUUL_VERSION:-14.3.0}"
PYYAML_VERSION="6.0.4"
cache="${POOL_RECONCILER_CACHE:-$HOME/.cache/pool-reconciler}"
venv="$cache/zuul-venv-${ZUUL_VERSION}"
python_bin="$venv/bin/python"
marker="$venv/.installed"

log() { echo "zuul-oracle-venv: $*" >&2; }
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/venv-relocate.sh
source "$here/venv-relocate.sh"
work="$cache/.zuul-venv-${ZUUL_VERSION}.building"

ready() { [[ -x "$python_bin" && -f "$marker" ]] && ! venv_scripts_moved "$venv/bin/zuul-admin"; }

if ready; then
  echo "$python_bin"
  exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/zuul-venv.lock"
flock 9
if ready; then
  echo "$python_bin"
  exit 0
fi

py="${PYTHON:-python3}"
if [[ -x "$python_bin" && -f "$marker" ]]; then
  relocate_venv "$work" "$venv"
  echo "$python_bin"
  exit 0
fi
command -v "$py" >/dev/null 2>&1 || { log "no '$py' on PATH: install Python 3 (3.11 or newer)"; exit 1; }
rm -rf "$work"
log "creating $venv with zuul==${ZUUL_VERSION} and PyYAML==${PYYAML_VERSION} (first run only)"
"$py" -m venv --prompt "$(basename "$venv")" "$work"
"$work/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
# Wheels only: Zuul's sdist builds its web UI with yarn, which the wheel ships built.
"$work/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary zuul \
  "zuul==${ZUUL_VERSION}" "PyYAML==${PYYAML_VERSION}" >&2
# The config loader and the parsers the oracle uses must import: fail here, not in the tests.
"$work/bin/python" -c '
import yaml, zuul.configloader, zuul.model
assert hasattr(zuul.configloader, "NodeSetParser") and hasattr(zuul.configloader, "JobParser")
' >&2
rm -rf "$venv"
mv "$work" "$venv"
relocate_venv "$work" "$venv"
touch "$marker"
echo "$python_bin"
