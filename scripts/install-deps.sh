#!/usr/bin/env bash
# Installs what `make run` and `make test` need on Debian or Ubuntu, skipping what is present:
# system packages (apt; sudo when not root), the Python venv, and the web UI's npm packages.
#   scripts/install-deps.sh [run|test]
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-run}"

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost-dev libpq-dev libsqlite3-dev nlohmann-json3-dev libsimdjson-dev libsodium-dev libjwt-dev
  libcurl4-openssl-dev zlib1g-dev libhiredis-dev libspdlog-dev libfmt-dev libcli11-dev libyaml-cpp-dev libzip-dev libxgboost-dev
  libsnappy-dev libzstd-dev
  libgtest-dev libgmock-dev python3 python3-venv nodejs npm
)
if [ "$purpose" = test ]; then
  # The S3 test server (versitygw) is built with Go >= 1.25 by scripts/install-s3-server.sh;
  # Debian 12's golang package is too old, so Go comes from the machine image (/usr/local/go).
  packages+=(postgresql redis-server curl)
  # The scale-out test puts a real load balancer in front of three replicas.
  packages+=(haproxy)
  # make test checks the server's formatting (clang-format, config in .clang-format) and runs
  # scripts/check-tidy.py runs clang-tidy (.clang-tidy; version 16, the first that parses this tree).
  packages+=(clang-format clang-tidy-16)
  # The web UI's end-to-end tests drive Debian's Chromium through playwright-core, which never
  # downloads a browser of its own.
  packages+=(chromium)
fi

missing=()
for p in "${packages[@]}"; do
  # A tool may come from elsewhere (nodejs from NodeSource, npm bundled with it): skip those.
  case "$p" in
    nodejs) command -v node >/dev/null && continue ;;
    npm) command -v npm >/dev/null && continue ;;
    python3) command -v python3 >/dev/null && continue ;;
    python3-venv) python3 -c 'import venv, ensurepip' 2>/dev/null && continue ;;
    cmake) command -v cmake >/dev/null && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Go for tools/k8s-check (Kubernetes manifests against k8s.io/api): the version its go.mod names.
# Debian's golang-go only when it is new enough (Debian 12's is not); else a clear message.
if [ "$purpose" = test ] && ! scripts/check-kubernetes.sh --find-go >/dev/null 2>&1; then
  debian_go=$(apt-cache policy golang-go 2>/dev/null | sed -n 's/^ *Candidate: \([0-9]*:\)\{0,1\}\([0-9.]*\).*/\2/p')
  need_go=$(sed -n 's/^go //p' tools/k8s-check/go.mod)
  if [ -n "$debian_go" ] && dpkg --compare-versions "$debian_go" ge "$need_go"; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends golang-go >/dev/null
  fi
  scripts/check-kubernetes.sh --find-go >/dev/null || exit 1
fi

# Python: the test venv (pytest, httpx, the SMTP sink, and later the mlflow client).
if [ "$purpose" = test ]; then
  # Installed again when the requirements or the cairn package's own dependencies (and console
  # script) change: tests/requirements.txt installs sdk/python editable.
  stamp=.venv/.requirements-stamp
  wanted=$(cat tests/requirements.txt sdk/python/pyproject.toml)
  if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    .venv/bin/pip install -q --disable-pip-version-check -r tests/requirements.txt
    printf '%s\n' "$wanted" > "$stamp"
  fi
fi

# `make run`: the venv the server runs Python model workers with (build/cairn finds .venv/bin/python)
# and the `cairn` client, so a model deployed from the demo or the UI starts on a fresh machine; the
# demo extra is what the demo seeder (cairn.demo) trains and logs with.
if [ "$purpose" = run ]; then
  stamp=.venv/.run-stamp
  wanted=$(cat sdk/python/pyproject.toml)
  if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
  if [ ! -f .venv/.requirements-stamp ] && { [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; }; then
    .venv/bin/pip install -q --disable-pip-version-check -e "sdk/python[runtime,demo]"
    printf '%s\n' "$wanted" > "$stamp"
  fi
fi

# Web: npm packages, installed again only when the lock file changed.
if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
