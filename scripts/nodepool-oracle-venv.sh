#!/usr/bin/env bash
# Creates a Python virtualenv with upstream Nodepool from PyPI, the oracle that `npm run test:oracle` compares our
# validator with. The venv lives outside the repo, keyed by version, so only the first run installs; later runs
# return at once.
#
#   scripts/nodepool-oracle-venv.sh           installs when missing, prints the venv's python
#   NODEPOOL_VERSION=X                        which release (default below)
#   POOL_RECONCILER_CACHE=DIR                 where to keep it (default ~/.cache/pool-reconciler)
#   PYTHON=python3.11                         which interpreter creates the venv (default python3)
set -euo pipefail

NODEPOOL_VERSION="${NODEPOOL_VERSION:-11.0.0}"
cache="${POOL_RECONCILER_CACHE:-$HOME/.cache/pool-reconciler}"
venv="$cache/nodepool-venv-${NODEPOOL_VERSION}"
python_bin="$venv/bin/python"
marker="$venv/.installed"

log() { echo "nodepool-oracle-venv: $*" >&2; }

if [[ -x "$python_bin" && -f "$marker" ]]; then
  echo "$python_bin"
  exit 0
fi

py="${PYTHON:-python3}"
command -v "$py" >/dev/null 2>&1 || { log "no '$py' on PATH: install Python 3 (3.10 or newer)"; exit 1; }
rm -rf "$venv"
mkdir -p "$cache"
log "creating $venv with nodepool==${NODEPOOL_VERSION} (first run only)"
"$py" -m venv "$venv"
"$python_bin" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
# nodepool 11.0.0's drivers import `cachetools` without declaring it as a dependency: install it alongside.
"$python_bin" -m pip install --quiet --disable-pip-version-check "nodepool==${NODEPOOL_VERSION}" cachetools >&2
# The driver imports every Nodepool driver (each imports its cloud SDK): fail here, not in the tests.
"$python_bin" -c 'import nodepool.cmd.config_validator, nodepool.config; from nodepool.driver import Drivers; Drivers.get("openstack")' >&2
touch "$marker"
echo "$python_bin"
