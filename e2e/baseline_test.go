package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/report"
)

// A team adopts authspec on a server with known findings: the first run
// fails, `authspec baseline` records its findings, and the next run with
// that baseline passes, reporting them as known in every report. A
// finding the baseline does not list fails again; an entry whose finding
// no longer occurs is reported as fixed, with the line to delete.
func TestBaselineKnownNewAndFixed(t *testing.T) {
	f, url := startFixture(t, "no-challenge")
	targets := targetsFor(f, url, "")
	first := runSuite(t, targets)
	if first.Code != 1 {
		t.Fatalf("first run exited %d, want 1\n%s", first.Code, tail(first.Stdout))
	}

	cmd := exec.Command(authspecBin, "baseline", "-reports", first.Dir)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("authspec baseline: %v", err)
	}
	text := string(out)
	for _, want := range []string{"version: 1", `rule: "rfc9110/challenge-present"`, `method: "GET"`, `method: "HEAD"`, `probe: "unauthenticated"`} {
		if !strings.Contains(text, want) {
			t.Errorf("the baseline lacks %q:\n%s", want, text)
		}
	}
	for _, never := range []string{"HTTP/1.1", "problem+json", "Authentication is required", "curl"} {
		if strings.Contains(text, never) {
			t.Errorf("the baseline holds response bytes or evidence (%q):\n%s", never, text)
		}
	}
	file := filepath.Join(t.TempDir(), "authspec-baseline.yaml")
	if err := os.WriteFile(file, out, 0o600); err != nil {
		t.Fatal(err)
	}

	// Every finding known: the run passes and says so everywhere.
	known := runSuiteArgs(t, targets, []string{"-baseline", file})
	if known.Code != 0 {
		t.Fatalf("run with the baseline exited %d, want 0\n%s", known.Code, tail(known.Stdout+known.Stderr))
	}
	b := known.Run.Baseline
	if b == nil || b.New != 0 || b.Known == 0 || len(b.Fixed) != 0 {
		t.Fatalf("baseline status %+v, want only known findings", b)
	}
	if !strings.Contains(known.Stdout, "0 new, ") || !strings.Contains(known.Stdout, " known, 0 fixed") {
		t.Errorf("the terminal does not show the counts:\n%s", tail(known.Stdout))
	}
	for _, r := range known.Run.Targets[0].Results {
		if r.Outcome == report.Fail || r.Outcome == report.Warn {
			t.Errorf("a known finding still %s: %s %s %s", r.Outcome, r.Check, r.Method, r.Resource)
		}
	}
	states := sarifBaselineStates(t, filepath.Join(known.Dir, "authspec.sarif"))
	if states["unchanged"] == 0 || states["new"] != 0 || states["absent"] != 0 {
		t.Errorf("SARIF baselineStates %v, want only unchanged", states)
	}
	if !strings.Contains(string(known.JUnit), `name="baseline.known"`) || strings.Contains(string(known.JUnit), "<failure") {
		t.Errorf("junit.xml lacks the baseline counts or still fails a known finding")
	}
	summary := readReportFile(t, filepath.Join(known.Dir, "summary.md"))
	if !strings.Contains(summary, "**Baseline**") || !strings.Contains(summary, "0 new") {
		t.Errorf("summary.md does not show the baseline counts:\n%s", summary)
	}
	html := readReportFile(t, filepath.Join(known.Dir, "report.html"))
	if !strings.Contains(html, `"baseline":["baseline `) {
		t.Errorf("report.html carries no baseline counts")
	}

	// Drop the HEAD entry (it becomes new) and add one for a rule that
	// holds there (it is fixed).
	var kept []string
	for _, line := range strings.Split(text, "\n") {
		if !strings.Contains(line, `method: "HEAD"`) {
			kept = append(kept, line)
		}
	}
	stale := `  - {rule: "rfc9110/diagnostic-body", target: "` + f.Name + `", method: "GET", resource: "/protected/", probe: "unauthenticated"}`
	edited := strings.TrimRight(strings.Join(kept, "\n"), "\n") + "\n" + stale + "\n"
	staleLine := strings.Count(edited, "\n")
	if err := os.WriteFile(file, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	mixed := runSuiteArgs(t, targets, []string{"-baseline", file})
	if mixed.Code != 1 {
		t.Fatalf("a new finding: exit %d, want 1\n%s", mixed.Code, tail(mixed.Stdout))
	}
	b = mixed.Run.Baseline
	if b == nil || b.New == 0 || b.Known == 0 || len(b.Fixed) != 1 {
		t.Fatalf("baseline status %+v, want new, known and one fixed", b)
	}
	if b.Fixed[0].Rule != "rfc9110/diagnostic-body" || b.Fixed[0].Line != staleLine {
		t.Errorf("fixed %+v, want rfc9110/diagnostic-body on line %d", b.Fixed[0], staleLine)
	}
	wantLine := "delete line " + itoa(staleLine) + " of " + file
	if !strings.Contains(mixed.Stdout, wantLine) {
		t.Errorf("the terminal does not say %q:\n%s", wantLine, tail(mixed.Stdout))
	}
	states = sarifBaselineStates(t, filepath.Join(mixed.Dir, "authspec.sarif"))
	if states["new"] == 0 || states["unchanged"] == 0 || states["absent"] != 1 {
		t.Errorf("SARIF baselineStates %v, want new, unchanged and one absent", states)
	}
	headFailed := false
	for _, r := range mixed.Run.Targets[0].Results {
		if r.Method == "HEAD" && r.Outcome == report.Fail && r.Baseline == report.BaselineNew {
			headFailed = true
		}
	}
	if !headFailed {
		t.Errorf("the HEAD finding left out of the baseline is not a new failure")
	}

	// The baseline key in targets.yaml works like the flag.
	keyed := runSuite(t, "baseline: "+file+"\n"+targets)
	if keyed.Run == nil || keyed.Run.Baseline == nil || keyed.Run.Baseline.File != file {
		t.Errorf("the baseline key was not applied")
	}

	// A baseline that cannot be read is a configuration error.
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("version: 1\nfindings:\n  - {rule: x, colour: red}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	broken := runSuiteArgs(t, targets, []string{"-baseline", bad})
	if broken.Code != 2 || !strings.Contains(broken.Stderr, bad+":3") {
		t.Errorf("a bad baseline: exit %d, want 2 and its line named\n%s", broken.Code, broken.Stderr)
	}
}

func sarifBaselineStates(t *testing.T, path string) map[string]int {
	t.Helper()
	var doc struct {
		Runs []struct {
			Results []struct {
				BaselineState string `json:"baselineState"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(readReportFile(t, path)), &doc); err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, r := range doc.Runs[0].Results {
		states[r.BaselineState]++
	}
	return states
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// Every report names the authspec version that ran the probes, and
// `authspec version` names it too.
func TestEveryReportCarriesTheVersion(t *testing.T) {
	f, url := startFixture(t, "no-challenge")
	o := runSuite(t, targetsFor(f, url, ""))
	out, err := exec.Command(authspecBin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	version := strings.TrimPrefix(first, "authspec ")
	if version == first || version == "" || !strings.Contains(string(out), "\ngo go1.") {
		t.Fatalf("authspec version printed %q", out)
	}
	if o.Run.AuthspecVersion != version {
		t.Errorf("results.json authspec_version = %q, want %q", o.Run.AuthspecVersion, version)
	}
	for file, want := range map[string]string{
		"junit.xml":      `<property name="authspec_version" value="` + version + `">`,
		"summary.md":     "Made by authspec " + version + ".",
		"report.html":    `"tool":"authspec ` + version + `"`,
		"authspec.sarif": `"version":"` + version + `"`,
	} {
		if text := readReportFile(t, filepath.Join(o.Dir, file)); !strings.Contains(strings.ReplaceAll(text, `": "`, `":"`), want) {
			t.Errorf("%s does not carry the version (%s)", file, want)
		}
	}
}
