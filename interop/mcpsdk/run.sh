#!/usr/bin/env bash
# interop/mcpsdk/run.sh runs authspec against MCP servers built with the
# official SDKs, wired the way the SDKs' own documentation shows:
#   - the Go SDK (github.com/modelcontextprotocol/go-sdk, interop/mcpsdk/go, a
#     module of its own so that authspec's go.mod does not gain the SDK):
#     auth.RequireBearerToken without options, and with options beside
#     auth.ProtectedResourceMetadataHandler;
#   - the TypeScript SDK (@modelcontextprotocol/sdk from the npm registry,
#     interop/mcpsdk/ts, installed with `npm ci` from the committed
#     package-lock.json): requireBearerAuth with mcpAuthMetadataRouter.
# Each server listens on a free loopback port; authspec runs on them the way a
# user runs it (bin/authspec run), and interop/verify compares results.json with
# interop/mcpsdk/expected.json, whose verdicts are reasoned from the RFC and MCP
# texts and the bytes each SDK sends.
#
# Usage: bash interop/mcpsdk/run.sh   (what `make interop-mcp` does)
# Needs: go, and node with npm (the Debian packages nodejs and npm; installed
# when missing and root).
# Exit codes: 0 all verdicts as expected; 1 a mismatch, or a server would not
# start; 2 a tool is missing and this script cannot install it.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly REPO
readonly HERE="$REPO/interop/mcpsdk"
readonly REPORTS_KEEP="$REPO/reports/interop-mcp"
log() { printf 'interop-mcp: %s\n' "$*" >&2; }

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
	if [[ $(id -u) == 0 ]]; then
		log "installing nodejs and npm"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
	else
		log "node and npm are missing and this is not root: install nodejs and npm"
		exit 2
	fi
fi

WORK=$(mktemp -d)
PIDS=()
cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$WORK"
}
trap cleanup EXIT

log "building authspec and the Go SDK server"
make -s -C "$REPO" build
(cd "$HERE/go" && go build -o "$WORK/mcpsdk-go" .)
log "npm ci (TypeScript SDK)"
(cd "$HERE/ts" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

# Throwaway tokens: the verifiers know them, authspec reads them from the
# environment, no report shows them.
MCP_TOKEN="interop-valid-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
MCP_LIMITED_TOKEN="interop-limited-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export MCP_TOKEN MCP_LIMITED_TOKEN

# start NAME CMD...: runs CMD in the background, its output in $WORK/NAME.out.
start() {
	local name=$1
	shift
	"$@" >"$WORK/$name.out" 2>&1 &
	PIDS+=($!)
}
# url_of NAME KEY: waits for the line KEY=URL the server prints when it listens.
url_of() {
	local i
	for ((i = 0; i < 200; i++)); do
		if grep -q "^$2=" "$WORK/$1.out" 2>/dev/null; then
			sed -n "s/^$2=//p" "$WORK/$1.out" | head -1
			return 0
		fi
		sleep 0.1
	done
	log "$1 did not start:"
	cat "$WORK/$1.out" >&2
	return 1
}

start go "$WORK/mcpsdk-go"
start ts node "$HERE/ts/server.mjs"
GO_PLAIN=$(url_of go plain)
GO_OPTIONS=$(url_of go options)
TS=$(url_of ts ts)
log "Go SDK: $GO_PLAIN (no options), $GO_OPTIONS (options, metadata); TypeScript SDK: $TS"

target() { # name url extra-credentials extra-keys [revision]
	cat <<YAML
  - name: $1
    url: $2
    mcp: "${5:-2025-11-25}"
    resources:
      - path: /mcp
        methods: [POST]
    credentials:
      token: \${MCP_TOKEN}
$3$4
YAML
}
{
	echo "defaults:"
	echo "  timeout: 10s"
	echo "targets:"
	target go-sdk-plain "$GO_PLAIN" "" ""
	target go-sdk-options "$GO_OPTIONS" "      limited_token: \${MCP_LIMITED_TOKEN}
" "    browser_origin: https://app.example.com"
	# The same server asked in 2026-07-28's stateless form (server/discover).
	target go-sdk-options-2026 "$GO_OPTIONS" "      limited_token: \${MCP_LIMITED_TOKEN}
" "" 2026-07-28
	target ts-sdk "$TS" "      limited_token: \${MCP_LIMITED_TOKEN}
" "    browser_origin: https://app.example.com"
} >"$WORK/targets.yaml"

status=0
"$REPO/bin/authspec" run -targets "$WORK/targets.yaml" -reports "$WORK/reports" || status=$?
if [[ $status -gt 1 ]]; then
	log "authspec exited $status"
	exit 1
fi
rm -rf "$REPORTS_KEEP"
mkdir -p "$(dirname "$REPORTS_KEEP")"
cp -r "$WORK/reports" "$REPORTS_KEEP"
log "reports kept in reports/interop-mcp/"
(cd "$REPO" && go run ./interop/verify -results "$REPORTS_KEEP/results.json" -expected "$HERE/expected.json")
