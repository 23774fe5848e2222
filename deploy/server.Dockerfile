# syntax=docker/dockerfile:1
# The Cairn server image: the `cairn` binary, the built web UI it serves, and the Python runtime that
# the `local` deployment target's model workers run in. Build from the repository root:
#
#   docker build -f deploy/server.Dockerfile -t cairn:0.1.0 .
#   docker run -p 8080:8080 -v cairn-data:/var/lib/cairn -e CAIRN_SECRET_KEY=... cairn:0.1.0
#
# deploy/docker-compose.yml runs it with PostgreSQL, Redis and an S3-compatible store. No container
# engine runs in CI: tools/k8s-check lints this file with BuildKit's parser and linter
# (scripts/check-kubernetes.sh, in make test), and its build stage runs scripts/build-server.sh,
# the script `make build` runs on every make test.

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
RUN scripts/build-server.sh build \
 && strip build/cairn

# --- the web UI: type-checked, bundled and precompressed, as `make web` builds it ---
FROM node:20-bookworm-slim AS web
WORKDIR /src
COPY api/ api/
COPY web/package.json web/package-lock.json web/
RUN cd web && npm ci --no-audit --no-fund
COPY web/ web/
# The user guides are bundled into the app (web/src/features/onboarding/guides.ts).
COPY docs/ docs/
RUN cd web && npm run build --silent

# --- the Python runtime of model workers: a virtual environment with the cairn package ---
FROM debian:bookworm-slim AS venv
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv \
 && rm -rf /var/lib/apt/lists/*
COPY sdk/python/ /tmp/cairn-python/
# The package's `cairn` console script (the client CLI) is removed: `cairn` in the image is the server.
RUN python3 -m venv /opt/cairn/venv \
 && /opt/cairn/venv/bin/pip install --no-cache-dir --disable-pip-version-check "/tmp/cairn-python/[runtime]" \
 && rm /opt/cairn/venv/bin/cairn

# --- the image: binary, web UI, python3 and the venv; no compiler, no root ---
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
COPY --from=web /src/web/dist /usr/share/cairn/web
COPY --from=venv /opt/cairn/venv /opt/cairn/venv
ENV CAIRN_HOST=0.0.0.0 \
    CAIRN_PORT=8080 \
    CAIRN_DATA_DIR=/var/lib/cairn \
    CAIRN_STATIC_DIR=/usr/share/cairn/web \
    CAIRN_RUNTIME_PYTHON=/opt/cairn/venv/bin/python \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/var/lib/cairn
WORKDIR /var/lib/cairn
VOLUME ["/var/lib/cairn"]
# Numeric, so that a kubelet can verify runAsNonRoot without reading /etc/passwd.
USER 10001:10001
EXPOSE 8080
# python3 is in the image for the model workers; it doubles as the probe (no curl needed).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"]
ENTRYPOINT ["cairn"]
CMD ["serve"]
