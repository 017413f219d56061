#!/usr/bin/env bash
# Builds a real Kubernetes control plane from Go modules (no Docker, no download site): etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler and KWOK. The binaries and the Go caches live outside the repo, keyed by
# version, so only the first run builds (tens of minutes on 2 cores); later runs return at once.
#
#   scripts/build-control-plane.sh            builds when missing, prints the bin directory
#   POOL_RECONCILER_CACHE=DIR                 where to keep it (default ~/.cache/pool-reconciler)
#
# k8s.io/kubernetes cannot be built with a plain `go install`: its go.mod requires ~30 staging modules at v0.0.0.
# A small wrapper module requires it and replaces each staging module with its published v0.<minor>.<patch>.
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-v1.36.3}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.16}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"

cache="${POOL_RECONCILER_CACHE:-$HOME/.cache/pool-reconciler}"
key="k8s-${K8S_VERSION}_etcd-${ETCD_VERSION}_kwok-${KWOK_VERSION}"
bin="$cache/control-plane/$key/bin"
binaries=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

have_all() {
  local b
  for b in "${binaries[@]}"; do [[ -x "$bin/$b" ]] || return 1; done
}

if have_all; then
  echo "$bin"
  exit 0
fi

export GOMODCACHE="$cache/go/mod"
export GOCACHE="$cache/go/build"
export GOFLAGS="-mod=mod -buildvcs=false"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
export CGO_ENABLED=0
mkdir -p "$bin" "$GOMODCACHE" "$GOCACHE"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log() { echo "build-control-plane: $*" >&2; }
started=$SECONDS

# --- Kubernetes: wrapper module pinning the staging modules -------------------------------------------------
minor_patch="${K8S_VERSION#v1.}"           # 36.3
staging_version="v0.${minor_patch}"        # v0.36.3
mkdir -p "$work/k8s"
cd "$work/k8s"
go mod init pool-reconciler.local/control-plane >/dev/null 2>&1
gomod="$(go mod download -json "k8s.io/kubernetes@${K8S_VERSION}" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')"
[[ -f "$gomod" ]] || { log "cannot read k8s.io/kubernetes@${K8S_VERSION}'s go.mod"; exit 1; }
{
  echo "require k8s.io/kubernetes ${K8S_VERSION}"
  # Every module that k8s.io/kubernetes requires at v0.0.0 is a staging module.
  grep -oE '^[[:space:]]*k8s\.io/[a-z0-9-]+ v0\.0\.0$' "$gomod" | awk -v v="$staging_version" '{print "replace " $1 " => " $1 " " v}'
} >>go.mod
cat >tools.go <<'EOF'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
EOF
log "resolving k8s.io/kubernetes ${K8S_VERSION} (staging modules at ${staging_version})"
go mod tidy -e >/dev/null 2>&1 || true
go get "k8s.io/kubernetes@${K8S_VERSION}" >/dev/null
# The version the binaries report (`kubectl version`, /version): what upstream's build stamps in.
major="${K8S_VERSION#v}"; major="${major%%.*}"
minor="${minor_patch%%.*}"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X ${pkg}.gitVersion=${K8S_VERSION} -X ${pkg}.gitMajor=${major} -X ${pkg}.gitMinor=${minor}"
  ldflags+=" -X ${pkg}.gitTreeState=clean -X ${pkg}.buildDate=1970-01-01T00:00:00Z"
done
for cmd in kube-apiserver kube-controller-manager kube-scheduler; do
  if [[ ! -x "$bin/$cmd" ]]; then
    log "building $cmd"
    go build -trimpath -ldflags "$ldflags" -o "$bin/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd"
    mv "$bin/$cmd.tmp" "$bin/$cmd"
  fi
done

# --- etcd: package main at the root of the server module --------------------------------------------------
if [[ ! -x "$bin/etcd" ]]; then
  mkdir -p "$work/etcd"
  cd "$work/etcd"
  go mod init pool-reconciler.local/etcd >/dev/null 2>&1
  go get "go.etcd.io/etcd/server/v3@${ETCD_VERSION}" >/dev/null
  log "building etcd ${ETCD_VERSION}"
  go build -trimpath -ldflags "-s -w" -o "$bin/etcd.tmp" go.etcd.io/etcd/server/v3
  mv "$bin/etcd.tmp" "$bin/etcd"
fi

# --- KWOK: fake nodes and pods (Running, Ready, exec) -----------------------------------------------------
if [[ ! -x "$bin/kwok" ]]; then
  mkdir -p "$work/kwok"
  cd "$work/kwok"
  go mod init pool-reconciler.local/kwok >/dev/null 2>&1
  go get "sigs.k8s.io/kwok@${KWOK_VERSION}" >/dev/null
  log "building kwok ${KWOK_VERSION}"
  go build -trimpath -ldflags "-s -w" -o "$bin/kwok.tmp" sigs.k8s.io/kwok/cmd/kwok
  mv "$bin/kwok.tmp" "$bin/kwok"
fi

have_all || { log "a binary is missing after the build"; exit 1; }
log "built in $((SECONDS - started)) s"
echo "$bin"
