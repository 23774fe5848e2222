#!/usr/bin/env bash
# Builds the Release `cairn` binary into BUILD_DIR (default build): what `make build` runs and what
# deploy/server.Dockerfile and deploy/model-server.Dockerfile RUN in their build stages, so the image
# is built the way every make test run builds it (no container engine runs here to build the image).
#
#   scripts/build-server.sh [BUILD_DIR] [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-build}"
jobs="${2:-$(nproc)}"
[ -f "$dir/build.ninja" ] || cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release
ninja -C "$dir" -j "$jobs" cairn
