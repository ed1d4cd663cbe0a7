package e2e

import (
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/report"
)

// startNamed starts the named fixtures and returns a targets file for them.
func startNamed(t *testing.T, defaults string, names ...string) string {
	t.Helper()
	var fs []fixtures.Fixture
	for _, n := range names {
		f, ok := fixtures.ByName(n)
		if !ok {
			t.Fatalf("no fixture %q", n)
		}
		fs = append(fs, f)
	}
	return startAll(t, fs, defaults)
}

// A head Go's parser refuses (a control character in the realm) is judged
// by every rule, not reported as an error, and the failing result shows the
// head as received, escaped, in evidence.raw_head.
func TestRawHeadIsJudgedAndShown(t *testing.T) {
	o := runSuite(t, startNamed(t, "  timeout: 5s\n  rate: 200\n", "ctl-in-realm", "obs-fold"), credentialEnv...)
	ctl := o.target(t, "ctl-in-realm")
	if e := checksWith(ctl, report.Error); len(e) > 0 {
		t.Fatalf("ctl-in-realm errored %v: the head must be judged\n%s", e, describe(ctl))
	}
	// Every 401 carries the control character, so every probe that got
	// one leaves a failure naming it; passes are counted per rule and
	// resource, so the control probe shows in its check's count.
	judged := map[string]bool{}
	for _, r := range ctl.Results {
		if r.Outcome != report.Pass || r.Check == "rfc9110/valid-credentials-accepted" {
			judged[r.Probe] = true
		}
		if r.Check == "rfc9110/valid-credentials-accepted" {
			judged["valid-credentials"] = true
		}
	}
	for _, p := range []string{"unauthenticated", "bad-credentials", "malformed-credentials", "repeated-challenge", "head", "valid-credentials"} {
		if !judged[p] {
			t.Errorf("ctl-in-realm: no result from probe %s: the breaker stopped the target?\n%s", p, describe(ctl))
		}
	}
	fold := o.target(t, "obs-fold")
	// The first failing result of each method carries the evidence; the
	// others, the same defect on other requests, do not repeat it.
	var shown, failed int
	for _, r := range fold.Results {
		if r.Check != "rfc9112/obs-fold" || r.Outcome != report.Fail {
			continue
		}
		failed++
		if r.Evidence == nil {
			continue
		}
		if !strings.Contains(r.Evidence.RawHead, "WWW-Authenticate: Basic\\r\\n\n realm=") {
			t.Fatalf("obs-fold evidence does not show the folded head: %+v", r.Evidence)
		}
		shown++
	}
	if failed == 0 {
		t.Fatalf("no failing rfc9112/obs-fold result\n%s", describe(fold))
	}
	if shown == 0 || shown > 2 {
		t.Errorf("%d of %d failing obs-fold results carry evidence, want one for GET and one for HEAD at most", shown, failed)
	}
	for _, r := range fold.Results {
		if r.Evidence != nil && r.Evidence.RawHead != "" && r.Check != "rfc9112/obs-fold" {
			t.Errorf("%s carries raw_head evidence; only the wire rules should", r.Check)
		}
	}
}

// An expired waiver is announced at the start of every run, not only by
// validate, and no "waived nothing" note contradicts the results that say
// it expired.
func TestExpiredWaiverWarnsAtStart(t *testing.T) {
	targets := startNamed(t, "  timeout: 5s\n  rate: 200\n", "basic-charset-latin1")
	targets += "    waivers:\n      - {check: rfc7617/basic-charset-value, reason: ticket 42, until: 2020-01-01}\n"
	o := runSuite(t, targets, credentialEnv...)
	if !strings.Contains(o.Stderr, "waiver for rfc7617/basic-charset-value expired on 2020-01-01") {
		t.Errorf("no warning about the expired waiver at the start:\n%s", tail(o.Stderr))
	}
	tg := o.target(t, "basic-charset-latin1")
	var expired bool
	for _, r := range tg.Results {
		if r.Check != "rfc7617/basic-charset-value" {
			continue
		}
		if strings.Contains(r.Message, "waived nothing") {
			t.Errorf("contradictory note: %s", r.Message)
		}
		if r.Outcome == report.Warn && strings.Contains(r.Message, "waiver expired on 2020-01-01") {
			expired = true
		}
	}
	if !expired {
		t.Errorf("no result says the waiver expired\n%s", describe(tg))
	}
}

// A proxy in front of a reachable origin: the challenges it relays are
// compared with the origin's own, and a faithful relay passes the rule
// (it is judged, not skipped).
func TestProxyRelayIsCompared(t *testing.T) {
	o := runSuite(t, startNamed(t, "  timeout: 5s\n  rate: 200\n", "proxy-relays-challenge", "proxy-rewrites-challenge"), credentialEnv...)
	outcomes := func(name string) map[report.Outcome]int {
		m := map[report.Outcome]int{}
		for _, r := range o.target(t, name).Results {
			if r.Check == "rfc9110/proxy-no-modify-challenge" {
				m[r.Outcome]++
			}
		}
		return m
	}
	if got := outcomes("proxy-relays-challenge"); got[report.Pass] == 0 || len(got) != 1 {
		t.Errorf("faithful relay: outcomes %v, want passes only", got)
	}
	if got := outcomes("proxy-rewrites-challenge"); got[report.Fail] == 0 {
		t.Errorf("rewriting relay: outcomes %v, want a fail", got)
	}
}
