#!/usr/bin/env bash
# What `make test` runs once everything is built and the test services are up.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/test-services.sh env)"
export CAIRN_TEST_REQUIRE_PG=1
export CAIRN_TEST_REQUIRE_S3=1

# Each phase's start with the seconds spent so far: where CI's time goes.
phase() { echo "== $* [${SECONDS}s] =="; }

phase "server sources are clang-formatted (.clang-format)"
git ls-files 'server/src/*.cpp' 'server/src/*.hpp' 'server/tests/*.cpp' 'server/tests/*.hpp' |
  xargs clang-format --dry-run --Werror

# clang-tidy runs beside the suites at the lowest priority: it mostly finds each file's verdict in its
# cache (scripts/check-tidy.py), and on a cold cache it takes the CPU the suites leave while they wait.
tidy_log="$(mktemp)"
nice -n 19 scripts/check-tidy.py >"$tidy_log" 2>&1 &
tidy_pid=$!
trap 'kill "$tidy_pid" 2>/dev/null || true; rm -f "$tidy_log"' EXIT

phase "unit tests (AddressSanitizer + UBSan build)"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build-asan/cairn_unit_tests --gtest_brief=1

phase "Kubernetes manifests against k8s.io/api, the server and model-server Dockerfiles against BuildKit's parser"
scripts/check-kubernetes.sh build-asan/cairn_unit_tests

# Two pytest workers, a test module to each (--dist loadfile keeps a module's own server in one
# worker): the suites wait on servers more than they compute, so two overlap well on two cores.
PYTEST_PARALLEL=(-n 2 --dist loadfile)

phase "Python package (sdk/python): worker protocol, runtime worker, model environments"
.venv/bin/pytest sdk/python/tests -q "${PYTEST_PARALLEL[@]}"

# The contract (schemathesis over every operation, tests/test_contract.py) runs once, in the release
# phase: under the sanitizers its thousands of requests would be the phase's longest module by far.
phase "API and MLflow tests on SQLite with the local artifact store, sanitizer build"
CAIRN_BIN=build-asan/cairn CAIRN_TEST_BACKENDS=sqlite .venv/bin/pytest tests -q -m "not contract" "${PYTEST_PARALLEL[@]}"

phase "API and MLflow tests and the OpenAPI contract on PostgreSQL with the S3 artifact store, release build"
CAIRN_BIN=build/cairn CAIRN_TEST_BACKENDS=postgres CAIRN_TEST_ARTIFACT_STORE=s3 .venv/bin/pytest tests -q "${PYTEST_PARALLEL[@]}"

phase "web UI: generated API types match api/openapi.yaml, lint (ESLint), component tests (Vitest)"
(cd web && npm run --silent check:api && npm run --silent lint && npm test --silent)

phase "web UI: end-to-end in Chromium against the release build (fresh database)"
(cd web && npm run --silent test:e2e)

phase "server sources pass clang-tidy (.clang-tidy)"
tidy_status=0
wait "$tidy_pid" || tidy_status=$?
cat "$tidy_log"
[ "$tidy_status" -eq 0 ]
phase "done"
