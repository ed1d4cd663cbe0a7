package e2e

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/report"
)

// hostileTimeout is the per-request timeout of the hostile run: short, so
// the test is quick, and the base of the bound the run must end within.
const hostileTimeout = 2 * time.Second

// Every hostile server, next to the well-behaved reference, in one run of
// the real suite: the run ends within a bound set by the timeouts, every
// hostile target is reported (error, or fail where a rule applies) with a
// message that says what happened, the reference's results are untouched,
// and the process's peak memory stays under 200 MB.
func TestHostileTargets(t *testing.T) {
	hostile := fixtures.Hostile()
	var b strings.Builder
	fmt.Fprintf(&b, "defaults:\n  timeout: %s\n  max_body: 64KiB\n  retries: 1\n  max_retry_after: 1s\n  rate: 100\n  concurrency: 2\ntargets:\n", hostileTimeout)
	b.WriteString("  - name: reference\n    url: builtin:reference\n    resources: [/basic/, /digest/, /bearer/]\n")
	for _, f := range hostile {
		url, stop, err := f.Start()
		if err != nil {
			t.Fatalf("starting %s: %v", f.Name, err)
		}
		t.Cleanup(stop)
		writeTarget(&b, f, url)
	}
	// Two targets with nothing behind them: a name that cannot resolve
	// (.invalid never reaches a resolver) and a closed port.
	b.WriteString("  - name: no-such-host\n    url: http://nonexistent.invalid:8080\n    resources: [/x]\n")
	fmt.Fprintf(&b, "  - name: closed-port\n    url: http://127.0.0.1:%d\n    resources: [/x]\n", closedPort(t))

	o := runSuite(t, b.String(), credentialEnv...)
	if o.Code != 1 {
		t.Errorf("exit %d, want 1 (hostile targets error)", o.Code)
	}
	// Liveness, not performance: with the breaker, a target that cannot be
	// tested costs a few timeouts; a run that hung would take minutes.
	bound := time.Duration(len(hostile)+2)*8*hostileTimeout + 60*time.Second
	if o.Elapsed > bound {
		t.Errorf("the run took %s, beyond the bound of %s the timeouts allow", o.Elapsed, bound)
	}
	t.Logf("hostile run: %s, peak memory %d MB", o.Elapsed.Round(time.Second), o.MaxRSSKiB/1024)
	if mb := o.MaxRSSKiB / 1024; mb >= 200 {
		t.Errorf("peak memory %d MB, want under 200 MB", mb)
	}

	ref := o.target(t, "reference")
	if ref.Verdict != "pass" || len(checksWith(ref, report.Warn)) > 0 {
		t.Errorf("the reference next to hostile targets: verdict %s, warnings %v\n%s", ref.Verdict, checksWith(ref, report.Warn), describe(ref))
	}
	for _, f := range hostile {
		tg := o.target(t, f.Name)
		checkHostile(t, tg, f.ExpectError, f.ExpectFail, f.Why)
	}
	checkHostile(t, o.target(t, "no-such-host"), true, nil, "DNS name that does not resolve")
	checkHostile(t, o.target(t, "closed-port"), true, nil, "port closed")
	assertMessage(t, o.target(t, "no-such-host"), "(dns)")
	assertMessage(t, o.target(t, "closed-port"), "(refused)")
	assertMessage(t, o.target(t, "silent"), "(timeout)")
	assertMessage(t, o.target(t, "not-http"), "(protocol)")
	assertMessage(t, o.target(t, "huge-header"), "(too-large)")
	assertMessage(t, o.target(t, "retry-after-a-day"), "(unavailable)")
	assertMessage(t, o.target(t, "retry-after-a-day"), "longer than max_retry_after")
	assertMessage(t, o.target(t, "rate-limited-an-hour"), "(rate-limited)")
	assertMessage(t, o.target(t, "retry-after-overflow"), "longer than max_retry_after")
	for _, name := range []string{"retry-after-a-day", "rate-limited-an-hour", "retry-after-overflow"} {
		tg := o.target(t, name)
		if tg.Requests != 1 {
			t.Errorf("%s: %d requests; a Retry-After beyond max_retry_after must stop the target after the first", name, tg.Requests)
		}
		if f := checksWith(tg, report.Fail); len(f) > 0 {
			t.Errorf("%s: failed %v; a rate-limited exchange is an error only\n%s", name, f, describe(tg))
		}
	}
}

// checkHostile asserts a hostile target's verdict: error with a message
// naming the kind of failure when it cannot be tested, otherwise exactly
// the expected failures and no error.
func checkHostile(t *testing.T, tg *report.Target, wantError bool, wantFail []string, why string) {
	t.Helper()
	if wantError {
		if tg.Verdict != "error" {
			t.Errorf("%s (%s): verdict %s, want error\n%s", tg.Name, why, tg.Verdict, describe(tg))
			return
		}
		for _, r := range tg.Results {
			if r.Outcome == report.Error && !strings.Contains(r.Message, "target could not be tested (") {
				t.Errorf("%s: error message %q does not say what happened", tg.Name, r.Message)
			}
		}
		return
	}
	if got, want := checksWith(tg, report.Fail), sortedKeys(setOf(wantFail)); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("%s (%s): failed %v, want %v\n%s", tg.Name, why, got, want, describe(tg))
	}
	if e := checksWith(tg, report.Error); len(e) > 0 {
		t.Errorf("%s (%s): errors, want it judged\n%s", tg.Name, why, describe(tg))
	}
}

// assertMessage checks that some error result of tg names its cause.
func assertMessage(t *testing.T, tg *report.Target, kind string) {
	t.Helper()
	for _, r := range tg.Results {
		if r.Outcome == report.Error && strings.Contains(r.Message, kind) {
			return
		}
	}
	t.Errorf("%s: no error result naming %s\n%s", tg.Name, kind, describe(tg))
}

// closedPort returns a loopback port nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

// A target that answers every request 429 (or 503) with a short
// Retry-After: once one request has used up its retries, the target is
// stopped and reported once as rate-limited (unavailable), instead of every
// probe of every resource going out with retries of its own (117 requests
// for three resources). The wait holds for the whole target, so the
// requests in flight when the first 429 came back are the only others.
func TestAlwaysRetryAfterStopsTheTarget(t *testing.T) {
	const retries, concurrency = 2, 2
	for name, kind := range map[string]string{"rate-limited-always": "(rate-limited)", "unavailable-always": "(unavailable)"} {
		t.Run(name, func(t *testing.T) {
			f, url := startFixture(t, name)
			var b strings.Builder
			fmt.Fprintf(&b, "defaults:\n  retries: %d\n  concurrency: %d\n  rate: 100\n  max_retry_after: 5s\ntargets:\n", retries, concurrency)
			writeTarget(&b, f, url)
			o := runSuite(t, b.String())
			tg := o.target(t, name)
			if o.Code != 1 || tg.Verdict != "error" {
				t.Errorf("exit %d, verdict %s; want 1 and error\n%s", o.Code, tg.Verdict, describe(tg))
			}
			// At most every request in flight, each with its retries.
			if max := concurrency * (retries + 1); tg.Requests > max {
				t.Errorf("%d requests, want at most %d (%d in flight, %d retries each)", tg.Requests, max, concurrency, retries)
			}
			if f := checksWith(tg, report.Fail); len(f) > 0 {
				t.Errorf("failed %v; a target that keeps asking us to wait could not be tested, it broke nothing\n%s", f, describe(tg))
			}
			assertMessage(t, tg, kind)
		})
	}
}
