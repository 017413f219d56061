#!/usr/bin/env bash
# Builds actionlint (rhysd/actionlint, the workflow linter) from its Go module into a cache outside the repo, keyed by
# version, and prints the binary's path. Only the first run builds; later runs return at once.
#
#   scripts/build-actionlint.sh          builds when missing, prints the path of the actionlint binary
#   POOL_RECONCILER_CACHE=DIR            where to keep it (default ~/.cache/pool-reconciler)
#   ACTIONLINT_VERSION=vX.Y.Z            which release (default below)
set -euo pipefail

ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-v1.7.12}"
cache="${POOL_RECONCILER_CACHE:-$HOME/.cache/pool-reconciler}"
bin="$cache/actionlint/$ACTIONLINT_VERSION/bin"

if [[ -x "$bin/actionlint" ]]; then
  echo "$bin/actionlint"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "build-actionlint: Go is not installed (actionlint is built from its Go module)" >&2
  exit 1
fi
export GOMODCACHE="$cache/go/mod"
export GOCACHE="$cache/go/build"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
export GOFLAGS="-buildvcs=false"
export CGO_ENABLED=0
export GOBIN="$bin"
mkdir -p "$bin" "$GOMODCACHE" "$GOCACHE"
go install "github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}" >&2
echo "$bin/actionlint"
