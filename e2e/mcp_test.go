package e2e

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/report"
)

// mcpEnv adds the limited token to the fixtures' credentials.
var mcpEnv = append([]string{"AUTHSPEC_E2E_LIMITED=" + fixtures.LimitedToken}, credentialEnv...)

// startMCP starts every MCP fixture over TLS and returns a targets file
// naming them as MCP targets of their revision, with the valid and the
// limited token, POST and GET on the endpoint, and browser_origin where
// the fixture is about CORS.
func startMCP(t *testing.T, fs []fixtures.MCPFixture) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("defaults:\n  timeout: 5s\n  rate: 200\n  concurrency: 4\ntargets:\n")
	for _, f := range fs {
		url, cert, stop := f.Start()
		t.Cleanup(stop)
		ca := writePEM(t, dir, f.Name+".pem", cert.Raw)
		fmt.Fprintf(&b, "  - name: %s\n    url: %s\n    mcp: %q\n", f.Name, url, f.Revision)
		fmt.Fprintf(&b, "    resources:\n      - path: %s\n        methods: [POST, GET]\n", fixtures.MCPPath)
		fmt.Fprintf(&b, "    tls: {ca_file: %s}\n", ca)
		if f.Browser {
			fmt.Fprintf(&b, "    browser_origin: %s\n", fixtures.MCPOrigin)
		}
		b.WriteString("    credentials:\n      token: ${AUTHSPEC_E2E_TOKEN}\n      limited_token: ${AUTHSPEC_E2E_LIMITED}\n")
	}
	return b.String()
}

// Every MCP fixture fails exactly the rules it breaks and warns of the
// ones it bends, in one run of the real suite over all of them: the
// limited token, the invalid token, the scope on the challenge, the
// valid token's JSON-RPC result (as JSON and as an event stream), the
// 405s the revisions allow, and what a browser client can read.
func TestMCPFixtures(t *testing.T) {
	fs := fixtures.MCPFixtures()
	o := runSuite(t, startMCP(t, fs), mcpEnv...)
	if o.Code != 1 {
		t.Errorf("exit %d, want 1 (broken fixtures fail)\n%s", o.Code, tail(o.Stderr))
	}
	assertChecksPlanned(t, o.Run)
	for _, f := range fs {
		tg := o.target(t, f.Name)
		got := checksWith(tg, report.Fail)
		want := sortedKeys(setOf(f.ExpectFail))
		if !reflect.DeepEqual(nonNil(got), nonNil(want)) {
			t.Errorf("%s (%s): failed %v, want exactly %v\n%s", f.Name, f.Why, got, want, describe(tg))
		}
		if e := checksWith(tg, report.Error); len(e) > 0 {
			t.Errorf("%s: errors %v\n%s", f.Name, e, describe(tg))
		}
		warned := setOf(checksWith(tg, report.Warn))
		for _, w := range f.ExpectWarn {
			if !warned[w] {
				t.Errorf("%s (%s): no warning of %s; warnings %v\n%s", f.Name, f.Why, w, checksWith(tg, report.Warn), describe(tg))
			}
		}
		if len(f.ExpectFail) == 0 && len(f.ExpectWarn) == 0 && len(warned) > 0 {
			t.Errorf("%s is correct (%s) but warned %v\n%s", f.Name, f.Why, sortedKeys(warned), describe(tg))
		}
		informed := setOf(checksWith(tg, report.Info))
		for _, i := range f.ExpectInfo {
			if !informed[i] {
				t.Errorf("%s (%s): no info result of %s; infos %v", f.Name, f.Why, i, sortedKeys(informed))
			}
		}
		for _, w := range f.ExpectNotWarn {
			if warned[w] {
				t.Errorf("%s (%s): warned of %s\n%s", f.Name, f.Why, w, describe(tg))
			}
		}
	}
}

// outcomeOf returns the outcome of rule id on method in tg, "" when absent.
func outcomeOf(tg *report.Target, id, method, probe string) report.Outcome {
	for _, r := range tg.Results {
		if r.Check == id && r.Method == method && (probe == "" || r.Probe == probe) {
			return r.Outcome
		}
	}
	return ""
}

// The details of the MCP run: the valid token's result passes as JSON, as
// an event stream and as 2026-07-28's server/discover; a GET refused with
// 405 before authentication informs and the probes after it are skipped;
// the MCP rules are not planned on a target that is not MCP.
func TestMCPRunDetails(t *testing.T) {
	var pick []fixtures.MCPFixture
	for _, f := range fixtures.MCPFixtures() {
		switch f.Name {
		case "mcp-good-2025-06-18", "mcp-good-2025-11-25", "mcp-good-2026-07-28", "mcp-get-405-first", "mcp-cors-good":
			pick = append(pick, f)
		}
	}
	o := runSuite(t, startMCP(t, pick), mcpEnv...)
	if o.Code != 0 {
		t.Fatalf("exit %d, want 0\n%s", o.Code, tail(o.Stderr))
	}
	for _, name := range []string{"mcp-good-2025-06-18", "mcp-good-2025-11-25", "mcp-good-2026-07-28"} {
		tg := o.target(t, name)
		if got := outcomeOf(tg, "mcp/valid-token-result", "POST", ""); got != report.Pass {
			t.Errorf("%s: mcp/valid-token-result on POST is %q, want pass\n%s", name, got, describe(tg))
		}
		if got := outcomeOf(tg, "mcp/invalid-token-401", "POST", ""); got != report.Pass {
			t.Errorf("%s: mcp/invalid-token-401 on POST is %q, want pass", name, got)
		}
		if got := outcomeOf(tg, "rfc6750/limited-token-refused", "POST", ""); got != report.Pass {
			t.Errorf("%s: rfc6750/limited-token-refused on POST is %q, want pass", name, got)
		}
	}
	// 2026-07-28's metadata rule is planned and passes on a correct server.
	if got := outcomeOf(o.target(t, "mcp-good-2026-07-28"), "mcp/no-offline-access-metadata", "POST", ""); got != report.Pass {
		t.Errorf("mcp-good-2026-07-28: mcp/no-offline-access-metadata on POST is %q, want pass", got)
	}
	cors := o.target(t, "mcp-cors-good")
	for _, id := range []string{"cors/preflight-allows", "cors/challenge-readable", "cors/challenge-exposed", "cors/metadata-readable"} {
		if got := outcomeOf(cors, id, "POST", ""); got != report.Pass {
			t.Errorf("mcp-cors-good: %s is %q, want pass\n%s", id, got, describe(cors))
		}
	}
	tg := o.target(t, "mcp-get-405-first")
	if got := outcomeOf(tg, "rfc9110/protected-resource-401", "GET", "unauthenticated"); got != report.Info {
		t.Errorf("405 to GET before authentication: protected-resource-401 is %q, want info\n%s", got, describe(tg))
	}
	if got := outcomeOf(tg, "rfc9110/bad-credentials-rejected", "GET", ""); got != report.Skip {
		t.Errorf("after the allowed 405: bad-credentials-rejected on GET is %q, want skip", got)
	}
	if got := outcomeOf(tg, "rfc9110/bad-credentials-rejected", "POST", ""); got != report.Pass {
		t.Errorf("POST is still judged: bad-credentials-rejected is %q, want pass", got)
	}
}
