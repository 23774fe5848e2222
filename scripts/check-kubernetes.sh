#!/usr/bin/env bash
# The Kubernetes target's check (DESIGN.md D18): builds tools/k8s-check (Go, k8s.io/api), runs its
# own tests, has the unit-test binary render the manifests of its sample deployments
# (server/tests/deploy/kubernetes/kubernetes_manifests_samples_test.cpp) and decodes them strictly
# into the real API types, lints both Dockerfiles with BuildKit's parser, and renders the Helm chart
# (deploy/helm/cairn) with Helm's engine and checks it the same way.
#
#   scripts/check-kubernetes.sh [UNIT_TEST_BINARY]   default build/cairn_unit_tests
#   scripts/check-kubernetes.sh --find-go            print a Go that builds the checker, or fail
#
# Warm (Go's module and build caches in ~/go and ~/.cache/go-build) it takes a few seconds; from
# cold caches the first build of k8s.io/api and Helm's engine takes about two and a half minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Go version tools/k8s-check/go.mod asks for (its dependencies set it).
need_go=$(sed -n 's/^go //p' tools/k8s-check/go.mod)

# Prints the first Go at least $need_go: on PATH, then the machine image's /usr/local/go.
find_go() {
  local candidate version
  for candidate in "$(command -v go || true)" /usr/local/go/bin/go; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    version=$(GOTOOLCHAIN=local "$candidate" env GOVERSION 2>/dev/null | sed 's/^go//')
    if [ -n "$version" ] && dpkg --compare-versions "$version" ge "$need_go"; then
      echo "$candidate"
      return 0
    fi
  done
  echo "check-kubernetes: tools/k8s-check needs Go >= $need_go (go.mod of k8s.io/api and BuildKit)," \
    "found none on PATH or in /usr/local/go; install it from https://go.dev/dl/" >&2
  return 1
}

if [ "${1:-}" = "--find-go" ]; then
  find_go
  exit
fi

tests_bin="${1:-build/cairn_unit_tests}"
go_bin=$(find_go)
# Never download another toolchain or edit go.mod/go.sum during a test run.
export GOTOOLCHAIN=local GOFLAGS=-mod=readonly

out=build/k8s-check
rm -rf "$out/manifests"
mkdir -p "$out/manifests"
(cd tools/k8s-check && nice -n 10 "$go_bin" build -o "../../$out/k8s-check" . && "$go_bin" vet ./... &&
  "$go_bin" test ./...)
CAIRN_K8S_MANIFESTS_DIR="$out/manifests" "$tests_bin" --gtest_filter='KubernetesManifestSamples.*' \
  --gtest_brief=1 >/dev/null
ls "$out"/manifests/*.yaml >/dev/null # the sample test wrote something
"$out/k8s-check" -dockerfile deploy/model-server.Dockerfile -dockerfile deploy/server.Dockerfile "$out"/manifests/*.yaml
# The Helm chart, rendered by Helm's own engine with the production example (its tests in
# tools/k8s-check/helm_test.go render the other cases and check what comes out).
"$out/k8s-check" -chart deploy/helm/cairn -values deploy/helm/cairn/values-production.example.yaml
