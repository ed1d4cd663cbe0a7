package e2e

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/report"
)

// The shipped targets.yaml must give a whole green run against the built-in
// reference server, with every probe exercised, the control checks passing
// for Basic, Digest and Bearer, and the proxy path through the 407.
func TestShippedTargetsRunGreen(t *testing.T) {
	shipped, err := os.ReadFile("../targets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o := runSuite(t, string(shipped))
	if o.Code != 0 {
		t.Fatalf("exit %d, want 0\n%s\nstdout:\n%s", o.Code, tail(o.Stderr), tail(o.Stdout))
	}
	for _, name := range []string{"reference", "reference-proxy"} {
		tg := o.target(t, name)
		if tg.Verdict != "pass" {
			t.Errorf("%s: verdict %s, want pass\n%s", name, tg.Verdict, describe(tg))
		}
		if tg.Requests == 0 {
			t.Errorf("%s: no requests counted", name)
		}
		if w := checksWith(tg, report.Warn); len(w) > 0 {
			t.Errorf("%s: the reference server draws warnings %v\n%s", name, w, describe(tg))
		}
	}
	ref := o.target(t, "reference")
	// Passes are summarised per rule, method and resource: the control
	// check passing on /digest/ is the Digest credentials getting through.
	for _, want := range []struct{ check, resource string }{
		{"rfc9110/challenge-present", "/basic/"},
		{"rfc9110/diagnostic-body", "/multi/"},
		{"rfc9110/head-no-content", "/basic/"},
		{"rfc9110/valid-credentials-accepted", "/basic/"},
		{"rfc9110/valid-credentials-accepted", "/digest/"},
		{"rfc9110/valid-credentials-accepted", "/bearer/"},
		{"rfc9110/scheme-case-insensitive", "/digest/"},
		{"rfc9110/malformed-credentials-rejected", "/basic/"},
		{"rfc7616/digest-qop-required", "/digest/"},
		{"rfc7616/digest-nonce-unique", "/digest/"},
		// credentials: {query_token: true}: the token in the query too.
		{"rfc6750/one-token-method", "/bearer/"},
		{"rfc6750/query-token-private", "/bearer/"},
		{"rfc6750/one-token-method", "/multi/"},
		{"rfc6750/query-token-private", "/multi/"},
		{"rfc7616/digest-uri-mismatch-400", "/digest/"},
		{"rfc7616/digest-uri-checked", "/digest/"},
		{"rfc7616/digest-replay-refused", "/digest/"},
	} {
		if !hasPass(ref, want.check, want.resource) {
			t.Errorf("reference: no pass of %s on %s", want.check, want.resource)
		}
	}
	proxy := o.target(t, "reference-proxy")
	if !hasPass(proxy, "rfc9110/proxy-challenge-present", "/") {
		t.Errorf("reference-proxy: 407 challenge not judged")
	}
	if !hasPass(proxy, "rfc9110/valid-credentials-accepted", "/") {
		t.Errorf("reference-proxy: control check did not pass through the proxy")
	}
	if !strings.Contains(string(o.JUnit), "<testsuite ") {
		t.Errorf("junit.xml missing or empty")
	}
}

// hasPass reports whether check passed on resource: a pass summary with a
// count, and nothing but passes for that check there.
func hasPass(tg *report.Target, check, resource string) bool {
	passed := false
	for _, r := range tg.Results {
		if r.Check != check || r.Resource != resource {
			continue
		}
		if r.Outcome != report.Pass {
			return false
		}
		passed = r.Count > 0
	}
	return passed
}

// outcomeKeys lists every result as one comparable line, in report order,
// with the number of judgments a pass sums up.
func outcomeKeys(run *report.Run) []string {
	var out []string
	for _, tg := range run.Targets {
		for _, r := range tg.Results {
			out = append(out, strings.Join([]string{tg.Name, r.Check, r.Method, r.Resource, r.Probe, r.Variant, string(r.Outcome), strconv.Itoa(r.Count)}, " "))
		}
	}
	return out
}

func firstDiff(a, b []string) string {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] + " <> " + b[i]
		}
	}
	return "one is a prefix of the other"
}
