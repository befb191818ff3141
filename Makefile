# 掌上人大 — build, run and test. Every recipe sources scripts/env.sh (PATH, wasm route).
#   make run       build the app (Trunk, release) and the server, serve both on http://127.0.0.1:8080
#   make dev       trunk serve on :8081 (live reload) + the server on :8080 behind its /api, /media proxy
#   make test      native cargo tests → wasm tests in headless Chromium → Playwright journeys
#   make conformance  check a backend against the contract: BASE=https://… [TOKEN= OTHER_TOKEN= STAFF_TOKEN=] (api/README.md)
#   make bench     first-load bytes and time to first article (scripts/bench)
#   make bench-sse 2,000 idle notification streams: server memory and broadcast latency
#   make bench-server  requests/s, p50/p99 of four endpoints at 50 and 200 clients (oha); reads under
#                  writes; SQLite, PostgreSQL and two instances on PostgreSQL
#   make screenshots  the main screens, default and 长辈模式, into docs/screenshots/ (README)
#   make openapi   regenerate api/openapi.json from the contract types
#   make clean     remove build outputs (target/, dist/, test results)
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
# One cargo at a time on 2 cores (make -j would run app and server builds together).
.NOTPARALLEL:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

ENV  := . scripts/env.sh
ADDR ?= 127.0.0.1:8080
DB   ?= data/zsrd.db
DEV_PORT ?= 8081

.PHONY: help bootstrap app server build run dev test test-native test-browser test-e2e test-conformance conformance bench screenshots openapi clean

help:
	@sed -n 's/^#   /  /p' Makefile

bootstrap:
	@bash scripts/bootstrap

# The wasm app → dist/ (release: cargo profile wasm-release, wasm-opt, hashed file names).
app: bootstrap
	@$(ENV)
	bash scripts/build-app

server: bootstrap
	@$(ENV)
	cargo build --release -p server

build: app server

run: build
	@$(ENV)
	mkdir -p "$(dir $(DB))"
	echo "make run: serving the app and /api/v1 on http://$(ADDR)/ (Ctrl-C stops)"
	exec target/release/server --demo --addr $(ADDR) --db $(DB) --static dist

# trunk serve proxies /api and /media to the server (see Trunk.toml [[proxy]]).
dev: bootstrap
	@$(ENV)
	cargo build -p server
	# Trunk.toml's [watch] ignore paths must exist before trunk serve starts.
	mkdir -p "$(dir $(DB))" data dist style/.stylance
	target/debug/server --demo --addr $(ADDR) --db $(DB) --static dist &
	server_pid=$$!
	trap 'kill $$server_pid 2>/dev/null || true' EXIT INT TERM
	echo "make dev: server (pid $$server_pid) on http://$(ADDR); app with live reload on http://127.0.0.1:$(DEV_PORT)/"
	trunk serve --offline --address 127.0.0.1 --port $(DEV_PORT)

test: bootstrap
	@bash scripts/test

test-native test-browser test-e2e test-conformance: bootstrap
	@bash scripts/test $(@:test-%=%)

# Any backend: make conformance BASE=https://their-backend.example TOKEN=… (without BASE: the
# reference server, built and started on a temporary demo database).
conformance: bootstrap
	@$(ENV)
	if [ -n "$${BASE:-}" ]; then bash scripts/conformance; else cargo build --release -q -p server && bash scripts/conformance --local; fi

bench: bootstrap
	@bash scripts/bench

screenshots: build
	@$(ENV)
	cd tests && npx playwright test --config screenshots.config.ts

openapi:
	@$(ENV)
	UPDATE_OPENAPI=1 cargo test -q -p contract --features openapi --test openapi
	git --no-pager diff --stat -- api/openapi.json

clean:
	@$(ENV)
	cargo clean
	rm -rf dist style/.stylance tests/test-results tests/playwright-report

# Not a test: N concurrent notification streams (default 2,000) against a release server on a
# temporary database; its memory (VmRSS) and the delivery latency of a broadcast. INSTANCES=2:
# two servers on one database, the streams spread over both; DATABASE=postgres://…: on it.
.PHONY: bench-sse
bench-sse: bootstrap
	@$(ENV)
	ulimit -n "$$(ulimit -Hn)" 2>/dev/null || ulimit -n 8192 2>/dev/null || true
	echo "bench-sse: open files limit $$(ulimit -n)"
	cargo build --release -q -p server --example bench_sse
	"$${CARGO_TARGET_DIR:-target}/release/examples/bench_sse" --streams $${STREAMS:-2000} --rounds $${ROUNDS:-5} \
	  --instances $${INSTANCES:-1} $${DATABASE:+--database "$$DATABASE"}

# Not a test: oha (installed on first use) against the release server on a temporary demo
# database: four endpoints at 50 and 200 connections, and GET /articles under a write load with
# and without the read-only connections (BENCH_SECS a run, default 10).
.PHONY: bench-server
bench-server: bootstrap
	@bash scripts/pg-throwaway -- bash scripts/bench-server
