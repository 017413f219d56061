#!/usr/bin/env bash
# Creates a Python virtualenv with upstream Nodepool from PyPI, the oracle that `npm run test:oracle` compares our
# validator with, and next to it PyYAML's own test data (from PyYAML's sdist on PyPI), the corpus of the YAML-layer
# oracle, and the Nodepool conformance corpus built from the fixtures Nodepool's wheel ships
# (`$cache/nodepool-conformance-<version>`, the layout of ../shared: point POOL_RECONCILER_SHARED at it where
# ../shared is absent). All live outside the repo, keyed by version, so only the first run installs; later runs
# return at once.
#
#   scripts/nodepool-oracle-venv.sh           installs when missing, prints the venv's python
#   NODEPOOL_VERSION=X                        which release (default below)
#   POOL_RECONCILER_CACHE=DIR                 where to keep it (default ~/.cache/pool-reconciler)
#   PYTHON=python3.11                         which interpreter creates the venv (default python3)
#
# PyYAML is pinned to what `pip install nodepool==11.0.0` resolved when the pin was set (PyYAML's manylinux wheels
# carry libyaml, so the pin fixes both loaders Nodepool uses: pure-Python SafeLoader for config-validate, libyaml's
# CSafeLoader for the launcher). A new PyYAML is a deliberate change: bump PYYAML_VERSION and the README together.
#
# The venv is built in a directory of its own and renamed into place when complete, under a lock, so a second run
# (another checkout, another CI step) waits instead of deleting a venv that is being built.
set -euo pipefail

NODEPOOL_VERSION="${NODEPOOL_VERSION:-11.0.0}"
PYYAML_VERSION="6.0.4"
cache="${POOL_RECONCILER_CACHE:-$HOME/.cache/pool-reconciler}"
venv="$cache/nodepool-venv-${NODEPOOL_VERSION}"
python_bin="$venv/bin/python"
marker="$venv/.installed"
yaml_data="$cache/pyyaml-tests-${PYYAML_VERSION}"
conformance="$cache/nodepool-conformance-${NODEPOOL_VERSION}"
here="$(cd "$(dirname "$0")" && pwd)"

log() { echo "nodepool-oracle-venv: $*" >&2; }
# shellcheck source=scripts/venv-relocate.sh
source "$here/venv-relocate.sh"
work="$cache/.nodepool-venv-${NODEPOOL_VERSION}.building"

ready() { [[ -x "$python_bin" && -f "$marker" && -f "$yaml_data/.complete" && -f "$conformance/.complete" ]] && ! venv_scripts_moved "$venv/bin/nodepool"; }

if ready; then
  echo "$python_bin"
  exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/nodepool-venv.lock"
flock 9
if ready; then
  echo "$python_bin"
  exit 0
fi

py="${PYTHON:-python3}"
if [[ ! -x "$python_bin" || ! -f "$marker" ]]; then
  command -v "$py" >/dev/null 2>&1 || { log "no '$py' on PATH: install Python 3 (3.10 or newer)"; exit 1; }
  rm -rf "$work"
  log "creating $venv with nodepool==${NODEPOOL_VERSION} and PyYAML==${PYYAML_VERSION} (first run only)"
  "$py" -m venv --prompt "$(basename "$venv")" "$work"
  "$work/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  # nodepool 11.0.0's drivers import `cachetools` without declaring it as a dependency: install it alongside.
  "$work/bin/python" -m pip install --quiet --disable-pip-version-check "nodepool==${NODEPOOL_VERSION}" \
    "PyYAML==${PYYAML_VERSION}" cachetools >&2
  # The driver imports every Nodepool driver (each imports its cloud SDK), and the launcher's loader is libyaml's:
  # fail here, not in the tests.
  "$work/bin/python" -c '
import yaml, nodepool.cmd.config_validator, nodepool.config
from nodepool.driver import Drivers
Drivers.get("openstack")
assert yaml.__with_libyaml__ and yaml.SafeLoader is not None, "PyYAML without libyaml"
from yaml import CSafeLoader
' >&2
  rm -rf "$venv"
  mv "$work" "$venv"
  touch "$marker"
fi
if venv_scripts_moved "$venv/bin/nodepool"; then
  relocate_venv "$work" "$venv"
  # The launcher and builder as a user starts them (their scripts, not `python -m`): fail here, not in the tier.
  "$venv/bin/nodepool-launcher" --help >/dev/null
  "$venv/bin/nodepool-builder" --help >/dev/null
fi

if [[ ! -f "$yaml_data/.complete" ]]; then
  # PyYAML's sdist carries its test data (tests/legacy_tests/data): download it from PyPI (the pinned version),
  # unpack only that folder into the cache. Nothing of it goes into the repo.
  log "fetching PyYAML ${PYYAML_VERSION}'s test data (sdist from PyPI)"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  # pip cannot download an sdist without building its metadata: find it in PyPI's simple index (what pip reads),
  # download it and check its sha256.
  "$python_bin" - "$PYYAML_VERSION" "$tmp/pyyaml.tar.gz" <<'PY' >&2
import hashlib, json, sys, urllib.request
version, dest = sys.argv[1], sys.argv[2]
req = urllib.request.Request("https://pypi.org/simple/pyyaml/", headers={"Accept": "application/vnd.pypi.simple.v1+json"})
with urllib.request.urlopen(req, timeout=120) as r:
    index = json.load(r)
sdist = next(f for f in index["files"] if f["filename"].lower() == f"pyyaml-{version}.tar.gz")
with urllib.request.urlopen(sdist["url"], timeout=300) as r:
    data = r.read()
if hashlib.sha256(data).hexdigest() != sdist["hashes"]["sha256"]:
    sys.exit(f"PyYAML {version} sdist: sha256 does not match PyPI's")
open(dest, "wb").write(data)
PY
  sdist="$tmp/pyyaml.tar.gz"
  rm -rf "$yaml_data"
  mkdir -p "$yaml_data.building"
  tar -xzf "$sdist" -C "$yaml_data.building" --strip-components=4 --wildcards '*/tests/legacy_tests/data/*' \
    || tar -xzf "$sdist" -C "$yaml_data.building" --strip-components=3 --wildcards '*/tests/data/*'
  [[ -n "$(ls "$yaml_data.building")" ]] || { log "PyYAML's sdist has no test data"; exit 1; }
  mv "$yaml_data.building" "$yaml_data"
  touch "$yaml_data/.complete"
fi

if [[ ! -f "$conformance/.complete" ]]; then
  rm -rf "$conformance" "$conformance.building"
  "$python_bin" "$here/nodepool_conformance.py" "$conformance.building" >&2
  mv "$conformance.building" "$conformance"
  touch "$conformance/.complete"
fi
echo "$python_bin"
