package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/report"
)

// expectation is a two-target expectation: one that passes with a warning,
// one that fails one rule.
func expectation() *Expected {
	return &Expected{
		Controls: []Control{{Check: "rfc9110/valid-credentials-accepted"}},
		Targets: []Target{
			{Name: "a", Server: "A", Package: "a", Location: "/a/", Verdict: "pass",
				Warn: map[string]string{"rfc7617/basic-cleartext": "plain http"}},
			{Name: "b", Server: "B", Package: "b", Location: "/b/", Verdict: "fail",
				Fail:     map[string]string{"rfc9110/diagnostic-body": "empty 401"},
				Controls: []Control{{Check: "rfc9110/valid-credentials-accepted", Variant: "digest"}}},
		},
	}
}

func result(check string, o report.Outcome, variant string) report.Result {
	return report.Result{Check: check, Outcome: o, Method: "GET", Resource: "/x/", Probe: "p", Variant: variant,
		Evidence: &report.Evidence{Response: "HTTP/1.1 401 Unauthorized\r\n\r\n"}}
}

// matchingRun is what the suite should report for expectation().
func matchingRun() *report.Run {
	return &report.Run{Version: 1, Targets: []report.Target{
		{Name: "a", Verdict: "pass", Results: []report.Result{
			result("rfc7617/basic-cleartext", report.Warn, ""),
			result("rfc9110/challenge-present", report.Pass, ""),
			result("rfc9110/valid-credentials-accepted", report.Pass, "basic"),
		}},
		{Name: "b", Verdict: "fail", Results: []report.Result{
			result("rfc9110/diagnostic-body", report.Fail, ""),
			result("rfc9110/diagnostic-body", report.Fail, "repeat"),
			result("rfc9110/valid-credentials-accepted", report.Pass, "digest-sha-256"),
		}},
	}}
}

func TestCompareAcceptsTheExpectedRun(t *testing.T) {
	rows, ms := Compare(matchingRun(), expectation())
	if len(ms) != 0 {
		t.Fatalf("mismatches on a matching run: %+v", ms)
	}
	if len(rows) != 2 || !rows[0].OK || !rows[1].OK || rows[1].ControlsOK != 2 {
		t.Fatalf("rows = %+v", rows)
	}
}

func TestCompareReportsEachKindOfDifference(t *testing.T) {
	cases := []struct {
		name   string
		change func(r *report.Run)
		want   string
	}{
		{"missing target", func(r *report.Run) { r.Targets = r.Targets[:1] }, "b: missing from results.json"},
		{"extra target", func(r *report.Run) { r.Targets = append(r.Targets, report.Target{Name: "c", Verdict: "pass"}) }, "c: in the results but not in the expectation"},
		{"other verdict", func(r *report.Run) { r.Targets[0].Verdict = "fail" }, "a: verdict fail, expected pass"},
		{"unexpected fail", func(r *report.Run) {
			r.Targets[0].Results = append(r.Targets[0].Results, result("rfc9110/content-type", report.Fail, ""))
		}, "a: unexpected: rfc9110/content-type fails"},
		{"unexpected warn", func(r *report.Run) {
			r.Targets[1].Results = append(r.Targets[1].Results, result("rfc9110/content-type", report.Warn, ""))
		}, "b: unexpected: rfc9110/content-type warns"},
		{"expected failure missing", func(r *report.Run) {
			r.Targets[1].Results = r.Targets[1].Results[2:]
		}, "b: expected rfc9110/diagnostic-body to fail, it did not"},
		{"expected warning missing", func(r *report.Run) {
			r.Targets[0].Results = r.Targets[0].Results[1:]
		}, "a: expected rfc7617/basic-cleartext to warn, it did not"},
		{"error", func(r *report.Run) {
			r.Targets[0].Results = append(r.Targets[0].Results, result("rfc9110/response-received", report.Error, ""))
		}, "a: rfc9110/response-received errored"},
		{"control skipped", func(r *report.Run) {
			r.Targets[0].Results[2].Outcome = report.Skip
		}, "a: control rfc9110/valid-credentials-accepted has no passing result"},
		{"control failed once", func(r *report.Run) {
			r.Targets[0].Results = append(r.Targets[0].Results, result("rfc9110/valid-credentials-accepted", report.Fail, "scheme"))
		}, "a: control rfc9110/valid-credentials-accepted did not pass"},
		{"control variant absent", func(r *report.Run) {
			r.Targets[1].Results[2].Variant = "basic"
		}, "b: control rfc9110/valid-credentials-accepted [digest] has no passing result"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			run := matchingRun()
			c.change(run)
			_, ms := Compare(run, expectation())
			var lines []string
			for _, m := range ms {
				lines = append(lines, m.Target+": "+m.What)
			}
			joined := strings.Join(lines, "\n")
			if !strings.Contains(joined, c.want) {
				t.Fatalf("mismatches\n%s\ndo not contain %q", joined, c.want)
			}
		})
	}
}

func TestUnexpectedFindingCarriesTheResponse(t *testing.T) {
	run := matchingRun()
	run.Targets[0].Results = append(run.Targets[0].Results, result("rfc9110/content-type", report.Warn, ""))
	_, ms := Compare(run, expectation())
	if len(ms) != 1 || !strings.Contains(ms[0].Evidence, "401 Unauthorized") {
		t.Fatalf("mismatches = %+v, want one with the response as evidence", ms)
	}
}

func TestValidateRejectsUnexplainedExpectations(t *testing.T) {
	cases := map[string]func(e *Expected){
		"no reason":           func(e *Expected) { e.Targets[0].Warn["rfc7617/basic-cleartext"] = "" },
		"fail without rules":  func(e *Expected) { e.Targets[1].Fail = nil },
		"pass with failures":  func(e *Expected) { e.Targets[0].Fail = map[string]string{"x": "y"} },
		"unknown verdict":     func(e *Expected) { e.Targets[0].Verdict = "error" },
		"duplicate name":      func(e *Expected) { e.Targets[1].Name = "a" },
		"missing package":     func(e *Expected) { e.Targets[0].Package = "" },
		"both fail and warn":  func(e *Expected) { e.Targets[1].Warn = map[string]string{"rfc9110/diagnostic-body": "z"} },
		"control without ID":  func(e *Expected) { e.Controls = append(e.Controls, Control{}) },
		"no targets at all":   func(e *Expected) { e.Targets = nil },
		"target without name": func(e *Expected) { e.Targets[0].Name = "" },
	}
	for name, change := range cases {
		e := expectation()
		change(e)
		if err := e.validate(); err == nil {
			t.Errorf("%s: validate accepted it", name)
		}
	}
	if err := expectation().validate(); err != nil {
		t.Fatalf("valid expectation rejected: %v", err)
	}
}

// TestShippedExpectationLoads keeps interop/expected.json well-formed.
func TestShippedExpectationLoads(t *testing.T) {
	if _, err := LoadExpected(filepath.Join("..", "expected.json")); err != nil {
		t.Fatal(err)
	}
}

func TestMarkdownListsEveryFindingWithItsReason(t *testing.T) {
	e := expectation()
	e.Targets[1].Fail["rfc9110/x"] = "a | pipe"
	md := Markdown(e, func(pkg string) string { return "1.0-" + pkg })
	for _, want := range []string{
		"| A | a 1.0-a | /a/ | pass | warn `rfc7617/basic-cleartext`: plain http |",
		"fail `rfc9110/diagnostic-body`: empty 401<br>fail `rfc9110/x`: a \\| pipe |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestRunExitCodes(t *testing.T) {
	dir := t.TempDir()
	exp := filepath.Join("..", "expected.json")
	bad := filepath.Join(dir, "results.json")
	if err := os.WriteFile(bad, []byte(`{"version":1,"targets":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"-results", bad, "-expected", exp}, &out, &errOut); code != 1 {
		t.Errorf("empty results: exit %d, want 1\n%s%s", code, out.String(), errOut.String())
	}
	if code := run([]string{"-expected", exp}, &out, &errOut); code != 2 {
		t.Errorf("no -results: exit %d, want 2", code)
	}
	if code := run([]string{"-results", filepath.Join(dir, "absent.json"), "-expected", exp}, &out, &errOut); code != 2 {
		t.Errorf("absent results: exit %d, want 2", code)
	}
}
