# Cairn. `make run` starts a server with a demo account; `make test` builds and runs every test.
.DEFAULT_GOAL := run
SHELL := /bin/bash
JOBS ?= $(shell nproc)
DATA_DIR ?= ./data
PORT ?= 8080

.PHONY: run test build build-asan web deps deps-test unit-tests api-tests services clean

deps:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

build-asan/build.ninja:
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCAIRN_SANITIZE=ON

## build: the Release binary at build/cairn (`ninja -C build` also builds the unit tests; make test
## runs those from the sanitizer build)
build:
	scripts/build-server.sh build $(JOBS)

## build-asan: a Debug build with AddressSanitizer and UndefinedBehaviorSanitizer
build-asan: build-asan/build.ninja
	ninja -C build-asan -j $(JOBS)

## web: the web UI (type-checked, bundled by Vite) and the API reference viewer into web/dist
web:
	cd web && npm run build --silent

## run: the server in the foreground, and (unless NO_DEMO=1) the demo seeder in the background: once the
## server answers, it fills the demo organization (python -m cairn.demo, skipped where the content
## exists) and sends the demo deployment traffic until the server stops ($$$$: the shell the server
## replaces with exec).
run: deps build web
	@if [ "$(NO_DEMO)" != 1 ]; then \
	  .venv/bin/python -m cairn.demo --url http://127.0.0.1:$(PORT) --wait 60 --exit-with-pid $$$$ & \
	fi; \
	echo "build/cairn serve --host 127.0.0.1 --port $(PORT) --data-dir $(DATA_DIR) --demo"; \
	exec build/cairn serve --host 127.0.0.1 --port $(PORT) --data-dir $(DATA_DIR) --demo

services:
	@scripts/test-services.sh start

## test: unit tests under the sanitizers, the API suites on SQLite and PostgreSQL, then the web UI tests
test: deps-test build build-asan web services
	@scripts/run-tests.sh

clean:
	rm -rf build build-asan web/dist
