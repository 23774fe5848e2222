# syntax=docker/dockerfile:1
# The model-server image of the `kubernetes` deployment target (DESIGN.md D10, D18): the same
# `cairn` binary as the server, run by the rendered Deployment as `cairn serve-model ...`
# (server/src/deploy/kubernetes/kubernetes_manifests.hpp), with the `cairn` Python package for the
# python runtime's workers. Build from the repository root:
#
#   docker build -f deploy/model-server.Dockerfile -t cairn-model-server:0.1.0 .
#
# Checked without a container engine by tools/k8s-check (-dockerfile), in scripts/run-tests.sh.

# --- the cairn binary, built with the project's CMake on the Debian release it runs on ---
FROM debian:bookworm AS build
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config \
      libboost-dev libpq-dev libsqlite3-dev nlohmann-json3-dev libsimdjson-dev libsodium-dev libjwt-dev \
      libcurl4-openssl-dev zlib1g-dev libhiredis-dev libspdlog-dev libfmt-dev libcli11-dev libyaml-cpp-dev \
      libzip-dev libxgboost-dev libsnappy-dev libzstd-dev libgtest-dev libgmock-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY api/ api/
COPY server/ server/
COPY scripts/build-server.sh scripts/
# The same script as `make build` (and deploy/server.Dockerfile).
RUN scripts/build-server.sh build \
 && strip build/cairn

# --- the Python runtime: a virtual environment holding the cairn package and its dependencies ---
FROM debian:bookworm-slim AS venv
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv \
 && rm -rf /var/lib/apt/lists/*
COPY sdk/python/ /tmp/cairn-python/
# The package's own `cairn` console script (the Python client CLI) is removed: the venv is first on
# the PATH and the pods run `cairn serve-model`, which must be the server binary.
RUN python3 -m venv /opt/cairn/venv \
 && /opt/cairn/venv/bin/pip install --no-cache-dir --disable-pip-version-check /tmp/cairn-python/ \
 && rm /opt/cairn/venv/bin/cairn

# --- the image: the binary, its shared libraries, python3 and the venv; no compiler, no root ---
FROM debian:bookworm-slim
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates python3 \
      libcurl4 libfmt9 libhiredis0.14 libjwt0 libpq5 libsodium23 libspdlog1.10 libsqlite3-0 \
      libxgboost0 libyaml-cpp0.7 libzip4 zlib1g libsnappy1v5 libzstd1 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 cairn \
 && useradd --system --uid 10001 --gid cairn --home-dir /var/lib/cairn --no-create-home --shell /usr/sbin/nologin cairn \
 && install -d -o cairn -g cairn /var/lib/cairn
COPY --from=build /src/build/cairn /usr/local/bin/cairn
COPY --from=venv /opt/cairn/venv /opt/cairn/venv
# CAIRN_PYTHON is the runtime's interpreter; the manifests set it too (kModelServerPython).
ENV CAIRN_PYTHON=/opt/cairn/venv/bin/python \
    PATH=/opt/cairn/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/var/lib/cairn
WORKDIR /var/lib/cairn
# Numeric, so that the kubelet can verify runAsNonRoot without reading /etc/passwd.
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["cairn"]
CMD ["serve-model", "--help"]
