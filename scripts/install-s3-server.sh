#!/usr/bin/env bash
# Installs the S3-compatible server the tests run against: the Versity S3 Gateway (`versitygw`,
# Apache-2.0), a real S3 server whose posix backend keeps objects as files, built from its Go
# module at a pinned version. Skipped when that version is installed.
#
#   scripts/install-s3-server.sh               install unless present
#   scripts/install-s3-server.sh --print-path  print where the binary is (installed or not)
#
# Needs Go >= 1.25. From clean Go caches it builds in about 1.5 minutes on 2 cores; the binary
# lands in $CAIRN_TOOLS_DIR (default ~/.cache/cairn-tools), so later runs skip it.
#
# Why not SeaweedFS: it works with Cairn's S3 store too (same contract suite, all green), but its
# `weed` binary took 4 to 8.5 minutes to build on this 2-core machine (idle / busy), four times
# the CPU of versitygw, too much of a CI run that also builds Cairn twice.
set -euo pipefail

VERSITYGW_PACKAGE=github.com/versity/versitygw/cmd/versitygw
VERSITYGW_VERSION=v1.8.0
TOOLS_DIR="${CAIRN_TOOLS_DIR:-${HOME:-/root}/.cache/cairn-tools}"
INSTALL_DIR="$TOOLS_DIR/versitygw-$VERSITYGW_VERSION"
BIN="$INSTALL_DIR/versitygw"

log() { echo "install-s3-server: $*" >&2; }

installed() { [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; }

if [ "${1:-}" = "--print-path" ]; then
    echo "$BIN"
    exit 0
fi
installed && exit 0

# Go from the machine image may sit outside PATH in non-login shells (CI).
[ -x /usr/local/go/bin/go ] && PATH="$PATH:/usr/local/go/bin"
command -v go >/dev/null || { log "Go 1.25 or newer is needed to build versitygw (Debian 12's golang package is too old)"; exit 1; }

mkdir -p "$INSTALL_DIR"
# Two test runs starting at once build it once.
exec 9>"$INSTALL_DIR/.install.lock"
flock 9
installed && exit 0

started=$(date +%s)
log "building versitygw $VERSITYGW_VERSION from the Go module proxy (once per machine)"
build_log="$INSTALL_DIR/build.log"
# Built into a scratch directory and moved, so an interrupted build never looks installed.
rm -rf "$INSTALL_DIR/.build"
if ! GOBIN="$INSTALL_DIR/.build" GOFLAGS=-buildvcs=false \
    go install -trimpath -ldflags="-s -w" "$VERSITYGW_PACKAGE@$VERSITYGW_VERSION" >"$build_log" 2>&1; then
    log "go install failed; tail of $build_log:"
    tail -n 30 "$build_log" >&2
    exit 1
fi
mv -f "$INSTALL_DIR/.build/versitygw" "$BIN"
rmdir "$INSTALL_DIR/.build" 2>/dev/null || true
log "installed $BIN in $(( $(date +%s) - started )) s"
