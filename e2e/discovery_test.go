package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/report"
)

// startDiscovery starts every discovery fixture over TLS and returns a
// targets file naming them, MCP targets with their revision.
func startDiscovery(t *testing.T, fs []fixtures.DiscoveryFixture) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("defaults:\n  timeout: 5s\n  rate: 200\n  concurrency: 4\ntargets:\n")
	for _, f := range fs {
		url, cert, stop := f.Start()
		t.Cleanup(stop)
		ca := writePEM(t, dir, f.Name+".pem", cert.Raw)
		fmt.Fprintf(&b, "  - name: %s\n    url: %s\n    resources: [%s]\n    tls: {ca_file: %s}\n", f.Name, url, fixtures.DiscoveryPath, ca)
		if f.MCP != "" {
			fmt.Fprintf(&b, "    mcp: %q\n", f.MCP)
		} else {
			b.WriteString("    expect_schemes: [Bearer]\n")
		}
	}
	return b.String()
}

// Every discovery fixture fails exactly the discovery rules it breaks,
// warns of the URLs authspec must not follow and informs of metadata it
// could not find, in one run of the real suite; the findings carry the
// chain from the 401 to the document, hop by hop, each with its curl line,
// in results.json.
func TestDiscoveryFixtures(t *testing.T) {
	fs := fixtures.DiscoveryFixtures()
	o := runSuite(t, startDiscovery(t, fs))
	if o.Code != 1 {
		t.Errorf("exit %d, want 1 (broken fixtures fail)\n%s", o.Code, tail(o.Stderr))
	}
	assertChecksPlanned(t, o.Run)
	// These targets declare Bearer (or MCP): their discovery checks are
	// planned from the configuration, so a server that stops answering
	// cannot make them vanish from the reports.
	for i := range o.Run.Targets {
		tg := &o.Run.Targets[i]
		for _, c := range tg.Checks() {
			if (strings.HasPrefix(c.Rule, "rfc9728/") || strings.HasPrefix(c.Rule, "rfc8414/")) && c.Method != "" && !c.Planned {
				t.Errorf("%s: %s has results but was not planned", tg.Name, c.Name())
			}
		}
	}
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
		for _, id := range f.ExpectWarn {
			if !setOf(checksWith(tg, report.Warn))[id] {
				t.Errorf("%s (%s): %s does not warn\n%s", f.Name, f.Why, id, describe(tg))
			}
		}
		for _, id := range f.ExpectInfo {
			if !setOf(checksWith(tg, report.Info))[id] {
				t.Errorf("%s (%s): %s does not inform\n%s", f.Name, f.Why, id, describe(tg))
			}
		}
		assertChains(t, tg)
	}
	raw, err := os.ReadFile(filepath.Join(o.Dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"chain": [`) && !strings.Contains(string(raw), `"chain":[`) {
		t.Errorf("results.json carries no discovery chain")
	}
}

// assertChains: every discovery finding shows the way from the 401, each
// hop with its URL and a curl line, and the link-local URL was not sent.
func assertChains(t *testing.T, tg *report.Target) {
	t.Helper()
	for _, r := range tg.Results {
		if r.Probe != "discovery" || r.Outcome == report.Pass || r.Outcome == report.Skip {
			continue
		}
		if r.Evidence == nil || len(r.Evidence.Chain) == 0 {
			t.Errorf("%s %s: no chain in the evidence", tg.Name, r.Check)
			continue
		}
		ch := r.Evidence.Chain
		if ch[0].Step != "challenge" || !strings.Contains(ch[0].Response, "401") {
			t.Errorf("%s %s: the chain does not start at the 401: %+v", tg.Name, r.Check, ch[0])
		}
		for _, h := range ch {
			if h.URL == "" || !strings.HasPrefix(h.Curl, "curl ") {
				t.Errorf("%s %s: hop %q without URL or curl line: %+v", tg.Name, r.Check, h.Step, h)
			}
			if strings.Contains(h.URL, "169.254.") && (h.Response != "" && !strings.Contains(h.Note, "not sent")) {
				t.Errorf("%s: the link-local URL was fetched: %+v", tg.Name, h)
			}
		}
		if r.Check == "rfc9728/fetch-not-followed" && !strings.Contains(r.Message, "metadata_hosts") && !strings.Contains(r.Message, "link-local") {
			t.Errorf("%s: the refusal does not say why or how to allow it: %s", tg.Name, r.Message)
		}
	}
}
