# authspec — see README.md. A fresh clone needs only Go.
GO      ?= go
TARGETS ?= targets.yaml
REPORTS ?= reports
LABELS  ?=
SHARD   ?=
SHARD_BY ?= target

STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: build run test checks cover bench fuzz interop interop-mcp lint readme schema release image screenshot browser

# `make run` must exit with authspec's own code (0 pass, 1 fail or error,
# 2 configuration error), but GNU make turns every failed recipe into 2. So
# the run happens while the makefile is read, its output on the terminal
# (stderr), and an exit code of 1 is handed back through make's question
# mode (-q), the one way make itself exits 1.
# `make -n run` and `make -q run` only ask what would be done: they send
# nothing.
MAKE_ASKS := $(findstring n,$(firstword -$(MAKEFLAGS)))$(findstring q,$(firstword -$(MAKEFLAGS)))
ifneq ($(filter run,$(MAKECMDGOALS)),)
ifeq ($(MAKE_ASKS),)
# (`go run` would turn every non-zero exit into 1, so the command is built.)
RUN_RC := $(shell if $(GO) build -o bin/authspec ./cmd/authspec 1>&2; then \
	./bin/authspec run -targets '$(TARGETS)' -reports '$(REPORTS)' -labels '$(LABELS)' -shard '$(SHARD)' -shard-by '$(SHARD_BY)' 1>&2; echo $$?; \
	else echo 2; fi)
ifeq ($(RUN_RC),1)
MAKEFLAGS += -q
endif
endif
endif

# bin/authspec: one static binary; it runs from any folder and needs no Go
# toolchain or source tree at run time.
build:
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/authspec ./cmd/authspec

run:
	@exit $(or $(RUN_RC),0)

# The project's own tests: unit, fuzz seed corpora, fixtures and the suite
# run end to end against loopback servers.
test:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 15m ./...
	cd interop/mcpsdk/go && $(GO) vet ./... && $(GO) test -count=1 ./...

checks:
	@$(GO) run ./cmd/authspec checks

# Regenerates the table of checks in docs/rules.md from the catalogue (the
# target keeps its name from when the table was in the README).
readme:
	$(GO) run ./cmd/authspec checks -format markdown -readme docs/rules.md

# The release files (tools/release): static binaries for linux, darwin and
# windows on amd64 and arm64 in archives with the README and the licence,
# a CycloneDX SBOM each (go tool cyclonedx-gomod, pinned in go.mod) and
# SHA256SUMS, into $(DIST). Reproducible: the same commit and Go give the
# same bytes (SOURCE_DATE_EPOCH, else the commit's time, dates the entries).
VERSION ?=
DIST    ?= dist
SBOM    ?= true
release:
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=v0.x.y" >&2; exit 2; }
	$(GO) run ./tools/release -version '$(VERSION)' -out '$(DIST)' -sbom=$(SBOM)

# The container image as an OCI image layout in $(DIST)/image (tools/image,
# go-containerregistry): an empty base, the static linux binary, the build
# machine's CA certificates, a non-root user; no daemon, nothing pulled.
image:
	$(GO) run ./tools/image -version '$(or $(VERSION),v0.0.0-dev)' -out '$(DIST)/image'

# Regenerates schema/targets.schema.json, the JSON Schema of targets.yaml
# (a test fails when it is stale).
schema:
	$(GO) run ./cmd/authspec schema > schema/targets.schema.json

cover:
	$(GO) test -count=1 -coverprofile=coverage.out ./internal/checks/
	$(GO) tool cover -func=coverage.out | tail -1
	@$(GO) tool cover -func=coverage.out | awk '/^total:/ { sub("%","",$$3); if ($$3+0 < 90) { print "checks/ coverage " $$3 "% is below 90%"; exit 1 } }'

# Micro-benchmarks, then whole runs of bin/authspec against the in-repo
# latency farm (bench/internal/farm): requests, wall time against the network floor,
# peak RSS and report sizes. docs/performance.md's figures come from here.
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./internal/checks/ ./internal/report/ ./authtest/
	$(GO) test -run '^$$' -bench BenchmarkOneResponseFlood -benchtime 1x ./e2e/
	$(GO) run ./bench/wholerun -sweep

# The code that reads what a hostile server, targets file or shard file
# sends, FUZZTIME (30s) a target: the challenge parser, Authentication-Info,
# problem and other bodies, raw response heads (each with every rule that
# reads it), targets.yaml, and results.json as merge reads it. A crash
# stops the run; its input is written under testdata/fuzz/ to commit as a
# seed once fixed.
FUZZTIME ?= 30s
FUZZ_TARGETS := internal/checks:FuzzParseChallenges internal/checks:FuzzParseAuthParams internal/checks:FuzzBodyRules \
	internal/checks:FuzzResponseHeads internal/config:FuzzParse internal/report:FuzzReadJSON
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t#*:}; \
		echo "fuzz: $$name ($$pkg, $(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) ./$$pkg/; \
	done

interop:
	bash interop/run.sh

# The MCP SDKs (Go SDK and TypeScript SDK) as resource servers; needs node
# and npm (installed when root), so it is not part of make test.
interop-mcp:
	bash interop/mcpsdk/run.sh

# docs/report.png, docs/reports.md's picture of report.html: a real run against
# some fixture servers, opened in headless Chromium (Debian's chromium).
screenshot:
	$(GO) run ./tools/screenshot -out docs/report.png

# report.html in headless Chromium (Debian's chromium): the cells, a filter,
# a cell's evidence, no network request; load times of large reports.
browser:
	AUTHSPEC_CHROMIUM=1 $(GO) test -count=1 -run Browser -v ./internal/report/...

# gofmt, go vet and staticcheck (pinned) must stay clean.
lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt would change these files"; exit 1; }
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
