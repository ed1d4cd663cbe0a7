package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/authspec/authspec/report"
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
	for _, want := range []struct{ check, probe, variant string }{
		{"rfc9110/challenge-present", "unauthenticated", ""},
		{"rfc9110/diagnostic-body", "repeated-challenge", ""},
		{"rfc9110/head-no-content", "head", ""},
		{"rfc9110/valid-credentials-accepted", "valid-credentials", "basic"},
		{"rfc9110/valid-credentials-accepted", "valid-credentials", "digest"},
		{"rfc9110/valid-credentials-accepted", "valid-credentials", "bearer"},
		{"rfc9110/scheme-case-insensitive", "valid-credentials", ""},
		{"rfc9110/malformed-credentials-rejected", "malformed-credentials", ""},
		{"rfc7616/digest-qop-required", "unauthenticated", ""},
	} {
		if !hasOutcome(ref, want.check, want.probe, want.variant, report.Pass) {
			t.Errorf("reference: no pass of %s in probe %s (variant %q)", want.check, want.probe, want.variant)
		}
	}
	proxy := o.target(t, "reference-proxy")
	if !hasOutcome(proxy, "rfc9110/proxy-challenge-present", "unauthenticated", "", report.Pass) {
		t.Errorf("reference-proxy: 407 challenge not judged")
	}
	if !hasOutcome(proxy, "rfc9110/valid-credentials-accepted", "valid-credentials", "", report.Pass) {
		t.Errorf("reference-proxy: control check did not pass through the proxy")
	}
	if !strings.Contains(string(o.JUnit), "<testsuite ") {
		t.Errorf("junit.xml missing or empty")
	}
}

// hasOutcome reports whether a result of check in probe has the outcome; an
// empty variant matches any, otherwise the variant must start with it.
func hasOutcome(tg *report.Target, check, probe, variant string, oc report.Outcome) bool {
	for _, r := range tg.Results {
		if r.Check == check && r.Probe == probe && r.Outcome == oc && strings.HasPrefix(r.Variant, variant) {
			return true
		}
	}
	return false
}

// Ginkgo is the engine: the suite run by the pinned ginkgo CLI with two
// parallel processes gives the same results as the compiled suite run
// serially, because the reports are built from Ginkgo's merged report.
func TestParallelRunGivesSameResults(t *testing.T) {
	shipped, err := os.ReadFile("../targets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	serial := runSuite(t, string(shipped))
	dir := t.TempDir()
	tf := filepath.Join(dir, "targets.yaml")
	if err := os.WriteFile(tf, shipped, 0o600); err != nil {
		t.Fatal(err)
	}
	reports := filepath.Join(dir, "reports")
	cmd := exec.Command("go", "tool", "ginkgo", "--no-color", "-p", "--procs=2", "../suite", "--", "-targets="+tf, "-reports="+reports)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ginkgo -p: %v\n%s", err, tail(string(out)))
	}
	f, err := os.Open(filepath.Join(reports, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	parallel, err := report.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := outcomeKeys(parallel), outcomeKeys(serial.Run); !reflect.DeepEqual(got, want) {
		t.Errorf("ginkgo -p gave %d results, the serial run %d; first difference: %s", len(got), len(want), firstDiff(got, want))
	}
	for i := range parallel.Targets {
		if p, s := parallel.Targets[i].Requests, serial.Run.Targets[i].Requests; p != s {
			t.Errorf("%s: %d requests counted under -p, %d serially", parallel.Targets[i].Name, p, s)
		}
	}
}

// outcomeKeys lists every result as one comparable line, in report order.
func outcomeKeys(run *report.Run) []string {
	var out []string
	for _, tg := range run.Targets {
		for _, r := range tg.Results {
			out = append(out, strings.Join([]string{tg.Name, r.Check, r.Method, r.Resource, r.Probe, r.Variant, string(r.Outcome)}, " "))
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
