package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func summary(run *Run, color bool) string {
	var buf bytes.Buffer
	WriteSummary(&buf, run, color)
	return buf.String()
}

func TestSummaryTargetLine(t *testing.T) {
	// Checks, not judgments: forty passes of one rule on one resource are
	// one check, and every check is counted once, skipped ones included.
	results := make([]Result, 0, 45)
	for range 40 {
		results = append(results, Result{Check: "c", Outcome: Pass, Method: "GET", Resource: "/"})
	}
	results = append(results, Result{Check: "w1", Outcome: Warn}, Result{Check: "w2", Outcome: Warn}, Result{Check: "s", Outcome: Skip})
	run := &Run{Targets: []Target{{Name: "reference", URL: "http://127.0.0.1:1234", Requests: 57, Results: results,
		Units: []Unit{{Method: "GET", Resource: "/", Rules: []string{"c", "planned-1", "planned-2"}}}}}}
	out := summary(run, false)
	want := "PASS  reference  http://127.0.0.1:1234  6 checks: 1 pass, 0 fail, 2 warn, 0 error, 3 skip  (57 requests sent)\n"
	if !strings.HasPrefix(out, want) {
		t.Errorf("summary starts\n%q\nwant\n%q", out, want)
	}
	if !strings.HasSuffix(out, "\nauthspec: 1 target passed\n") {
		t.Errorf("last line wrong:\n%s", out)
	}
}

func TestSummaryProblemsAndWarnings(t *testing.T) {
	out := summary(sampleRun(), false)
	lines := strings.Split(out, "\n")
	for _, want := range []string{
		"FAIL  reference       http://127.0.0.1:1234              5 checks: 1 pass, 1 fail, 1 warn, 0 error, 1 skip, 1 info  (57 requests sent)",
		"ERROR broken.example  http://user:xxxxx@127.0.0.1:5678/  could not be tested; 1 check: 0 pass, 0 fail, 0 warn, 1 error, 0 skip  (1 request sent)",
		"PASS  empty           http://127.0.0.1:9                 0 checks: 0 pass, 0 fail, 0 warn, 0 error, 0 skip  (0 requests sent)",
		"FAIL  MEDIUM  reference  rfc7617/basic-realm-required  RFC 9110 §11.6.1  MUST",
		"      requires:  A 401 response must carry a WWW-Authenticate challenge.",
		"      GET /admin: fail message for rfc7617/basic-realm-required",
		"        probe:     bad-credentials/basic",
		"        request:   GET /admin HTTP/1.1",
		"        response:  HTTP/1.1 401 Unauthorized",
		`        reproduce: curl -i -u "${USER}:${PASS}" http://127.0.0.1:8080/admin`,
		"ERROR broken.example  authspec/reachable  MUST",
		"      GET /: connection refused",
		"WARN  reference  rfc9110/repeat-challenge  RFC 9110 §15.5.2, §11.6.1  SHOULD  GET /admin: warn message for rfc9110/repeat-challenge",
		"authspec: 1 target failed, 1 target errored; 1 passed",
	} {
		if !contains(lines, want) {
			t.Errorf("summary lacks line %q\n%s", want, out)
		}
	}
	if strings.Contains(out, "hunter2") {
		t.Error("summary leaks a URL password")
	}
	for _, absent := range []string{"info message", "waived in targets.yaml", "\x1b"} {
		if strings.Contains(out, absent) {
			t.Errorf("summary shows %q; only failures, errors and warnings are listed, uncoloured", absent)
		}
	}
	if lines[len(lines)-2] != "authspec: 1 target failed, 1 target errored; 1 passed" {
		t.Errorf("verdict is not the last line: %q", lines[len(lines)-2])
	}
}

func contains(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

func TestSummaryVerdictLine(t *testing.T) {
	pass := Target{Results: outcomes(Pass)}
	fail := Target{Results: outcomes(Fail)}
	errd := Target{Results: outcomes(Error)}
	tests := []struct {
		targets []Target
		want    string
	}{
		{nil, "authspec: no targets"},
		{[]Target{pass}, "authspec: 1 target passed"},
		{[]Target{pass, pass}, "authspec: 2 targets passed"},
		{[]Target{fail}, "authspec: 1 target failed"},
		{[]Target{fail, fail, pass}, "authspec: 2 targets failed; 1 passed"},
		{[]Target{errd}, "authspec: 1 target errored"},
		{[]Target{fail, errd, errd}, "authspec: 1 target failed, 2 targets errored"},
	}
	for _, tt := range tests {
		out := summary(&Run{Targets: tt.targets}, false)
		if !strings.HasSuffix(out, "\n"+tt.want+"\n") {
			t.Errorf("summary of %d targets ends %q, want %q", len(tt.targets), out, tt.want)
		}
	}
	if out := summary(nil, false); !strings.Contains(out, "authspec: no targets") {
		t.Errorf("nil run summary = %q", out)
	}
}

func TestSummaryColor(t *testing.T) {
	out := summary(sampleRun(), true)
	for _, want := range []string{ansiRed + "FAIL" + ansiReset + "  reference", ansiBoldRed + "ERROR" + ansiReset + " broken", ansiGreen + "PASS" + ansiReset + "  empty", ansiYellow + "WARN" + ansiReset} {
		if !strings.Contains(out, want) {
			t.Errorf("coloured summary lacks %q", want)
		}
	}
}

// A hostile server must not get a single control character onto the
// terminal, nor a line of its own.
func TestSummaryEscapesHostileBytes(t *testing.T) {
	for _, color := range []bool{false, true} {
		out := summary(hostileRun(), color)
		if color {
			// Our own colour codes are the only escapes allowed.
			for _, c := range []string{ansiGreen, ansiRed, ansiBoldRed, ansiYellow, ansiReset} {
				out = strings.ReplaceAll(out, c, "")
			}
		}
		if !utf8.ValidString(out) {
			t.Errorf("summary (color=%v) is not valid UTF-8", color)
		}
		for i, r := range out {
			if r != '\n' && !terminalKeeps(r) {
				t.Errorf("summary (color=%v) holds %U at byte %d", color, r, i)
			}
		}
		if strings.Contains(out, "\nFAKE LINE") {
			t.Error("a server-sent line break started a line of the summary")
		}
		for _, want := range []string{`\x1b]0;pwned\x07`, `\x00`, `\xff\xfe`, `\u202e`, `\x9b31m`} {
			if !strings.Contains(out, want) {
				t.Errorf("summary lacks visible escape %q", want)
			}
		}
	}
}

func TestSummaryTruncatesLongMessages(t *testing.T) {
	long := strings.Repeat("x", 5000)
	run := &Run{Targets: []Target{{Name: "t", Results: []Result{{Check: "c", Outcome: Fail, Message: long,
		Evidence: &Evidence{Request: "GET /" + long + " HTTP/1.1\r\n", Curl: "curl " + long}}}}}}
	out := summary(run, false)
	if !strings.Contains(out, ": "+strings.Repeat("x", maxMessageRunes)+"…\n") {
		t.Errorf("truncated message not marked:\n%.400s", out)
	}
	if !strings.Contains(out, "curl "+long) {
		t.Error("the curl command must stay whole: it is how the user reproduces the failure")
	}
}

// Each failure is printed once: one rule broken by every probe on one
// resource is one entry, with how many requests broke it; one rule broken
// on several resources is printed once, with each resource under it; a
// warning is one line per rule.
func TestSummaryPrintsEachFailureOnce(t *testing.T) {
	tg := Target{Name: "api", URL: "http://127.0.0.1:1", Kind: "origin", Requests: 6, Results: []Result{
		result("rfc9110/challenge-present", Fail, "unauthenticated", "no-credentials"),
		result("rfc9110/challenge-present", Fail, "bad-credentials", "basic"),
		result("rfc9110/challenge-present", Fail, "malformed-credentials", "empty"),
		result("rfc9110/content-type", Warn, "unauthenticated", ""),
		result("rfc9110/content-type", Warn, "bad-credentials", "basic"),
	}}
	other := result("rfc9110/challenge-present", Fail, "unauthenticated", "")
	other.Resource = "/other"
	tg.Results = append(tg.Results, other, Result{Check: "rfc9110/challenge-present", Outcome: Pass, Method: "GET", Resource: "/admin", Count: 2})
	var b strings.Builder
	WriteSummary(&b, &Run{Version: 1, Targets: []Target{tg}}, false)
	out := b.String()
	if n := strings.Count(out, "FAIL  HIGH  api  rfc9110/challenge-present"); n != 1 {
		t.Errorf("the rule is named %d times, want once:\n%s", n, out)
	}
	// The same defect on another resource is named, not repeated.
	for _, want := range []string{"      GET /admin: fail message for rfc9110/challenge-present (3 of 5 requests)\n",
		"      the same as on api GET /admin on 1 more check: GET /other\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "reproduce: "); n != 1 {
		t.Errorf("%d curl lines, want one per defect:\n%s", n, out)
	}
	if strings.Count(out, "WARN") != 1 {
		t.Errorf("warnings not grouped:\n%s", out)
	}
}

// A rule broken on many resources lists the first few and counts the rest.
func TestSummaryCapsResourcesPerRule(t *testing.T) {
	var rs []Result
	for i := range maxPerRule + 5 {
		r := result("rfc9110/challenge-present", Fail, "unauthenticated", "")
		r.Resource = fmt.Sprintf("/r%d", i)
		r.Message += r.Resource // a defect of its own on each resource
		rs = append(rs, r)
	}
	out := summary(&Run{Targets: []Target{{Name: "api", Results: rs}}}, false)
	if n := strings.Count(out, "reproduce: "); n != maxPerRule || !strings.Contains(out, "... and 5 more resources") {
		t.Errorf("%d resources shown in full, want %d and a count of the rest:\n%s", n, maxPerRule, out)
	}
}

// The rule line shows the basis next to the RFC's keyword.
func TestSummaryShowsBasis(t *testing.T) {
	r := result("rfc9110/diagnostic-body", Fail, "unauthenticated", "")
	r.Level, r.Basis = "SHOULD", "mission"
	var b strings.Builder
	WriteSummary(&b, &Run{Version: 1, Targets: []Target{{Name: "api", Results: []Result{r}}}}, false)
	if !strings.Contains(b.String(), "SHOULD, mission") {
		t.Errorf("summary does not show the basis:\n%s", b.String())
	}
}

// A big failing run prints each defect's evidence once and names the
// other resources on one line: 20 targets of 50 broken resources stay a
// screenful per rule, and every target is named under every rule.
func TestSummaryGroupsTheSameDefect(t *testing.T) {
	var b strings.Builder
	WriteSummary(&b, hugeRun(20, 50), false)
	out := b.String()
	if b.Len() > 32<<10 {
		t.Errorf("the terminal summary of 20 × 50 broken resources is %d bytes", b.Len())
	}
	if n := strings.Count(out, "reproduce: curl"); n != 3 {
		t.Errorf("%d reproductions printed, want one per defect (3)", n)
	}
	for i := range 20 {
		if !strings.Contains(out, fmt.Sprintf("FAIL  HIGH  target-%d  rfc9110/challenge-present", i)) {
			t.Errorf("target-%d is not named under rfc9110/challenge-present", i)
		}
	}
	if !strings.Contains(out, "the same as on target-0 GET /r/0 on 50 more checks: GET /r/0, GET /r/1") {
		t.Errorf("the other resources are not listed:\n%s", out[:min(len(out), 4000)])
	}
}
