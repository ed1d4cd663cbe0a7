package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/codescanning"
	"github.com/authspec/authspec/internal/cqcompare"
)

// What code scanning and GitLab's merge request widget make of one run
// after another, read with their own rules (internal/codescanning,
// internal/cqcompare): a target that goes down must leave its alerts open.

// twoTargets is a run of two failing targets, "api" and "billing", each
// with findings on GET and HEAD of one resource line.
func twoTargets() *Run {
	mk := func(name string, line int) Target {
		get := result("rfc9110/challenge-present", Fail, "unauthenticated", "")
		get.Basis = "mission"
		head := get
		head.Method, head.Probe = "HEAD", "head"
		open := result("rfc9110/protected-resource-401", Fail, "unauthenticated", "")
		open.Basis, open.Resource = "declared", "/open"
		return Target{Name: name, URL: "http://127.0.0.1:1", Kind: "origin", Line: line, Requests: 12,
			Units:   []Unit{{Method: "GET", Resource: "/admin", Line: line + 3}, {Method: "GET", Resource: "/open", Line: line + 4, Order: 1}},
			Results: []Result{get, head, open}}
	}
	return &Run{Version: 2, TargetsFile: "ci/targets.yaml", Targets: []Target{mk("api", 1), mk("billing", 10)}}
}

// billingDown is the same run with billing unreachable: every request an
// error, no finding.
func billingDown() *Run {
	run := twoTargets()
	b := &run.Targets[1]
	b.Requests, b.Verdict = 0, VerdictError
	b.Results = nil
	for _, res := range []string{"/admin", "/open"} {
		b.Results = append(b.Results, Result{Check: "rfc9110/response-received", RFC: "RFC 9110", Level: "MUST", Outcome: Error,
			Method: "GET", Resource: res, Probe: "unauthenticated", Message: "target could not be tested (connection refused)"})
	}
	return run
}

func sarifBytes(t *testing.T, run *Run) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, run); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func cqReport(t *testing.T, run *Run) cqcompare.Report {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCodeQuality(&buf, run); err != nil {
		t.Fatal(err)
	}
	r, err := cqcompare.Read(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Section 1 of issue 17: with code scanning's rules, an unreachable
// target closes none of its alerts, with or without -previous, and the
// next good run reopens nothing as new.
func TestCodeScanningKeepsAnUnreachableTargetsAlertsOpen(t *testing.T) {
	var repo codescanning.Repository
	first, err := repo.Upload(sarifBytes(t, twoTargets()), "authspec", nil)
	if err != nil || first.Refused != "" {
		t.Fatalf("first upload: %v %q", err, first.Refused)
	}
	if len(first.New) != 6 { // 2 targets × (GET, HEAD, the open resource)
		t.Fatalf("first upload opened %d alerts, want 6: %v", len(first.New), first.New)
	}

	// Without -previous: the upload says its execution failed, and code
	// scanning refuses it, so nothing closes.
	down, err := repo.Upload(sarifBytes(t, billingDown()), "authspec", nil)
	if err != nil {
		t.Fatal(err)
	}
	if down.Refused != "unsuccessful execution" || len(down.Fixed) != 0 {
		t.Errorf("billing down, no -previous: refused %q, fixed %v; want an unsuccessful execution that closes nothing", down.Refused, down.Fixed)
	}

	// With -previous: billing's findings are carried forward under their
	// own fingerprints; the upload is processed and closes nothing, and
	// "could not be tested" is the one new alert.
	withPrev := billingDown()
	CarryForward(withPrev, twoTargets())
	carried, err := repo.Upload(sarifBytes(t, withPrev), "authspec", nil)
	if err != nil || carried.Refused != "" {
		t.Fatalf("billing down, -previous: %v %q", err, carried.Refused)
	}
	if len(carried.Fixed) != 0 || len(carried.New) != 1 || !strings.Contains(carried.New[0], NotTestedRule) {
		t.Errorf("billing down, -previous: fixed %v, new %v; want nothing fixed and one could-not-be-tested alert", carried.Fixed, carried.New)
	}
	if len(carried.Open) != 7 {
		t.Errorf("%d alerts open, want billing's 3 kept, api's 3 and the could-not-be-tested one", len(carried.Open))
	}

	// Back up: the same alerts, none new; "could not be tested" closes.
	back, err := repo.Upload(sarifBytes(t, twoTargets()), "authspec", nil)
	if err != nil || back.Refused != "" {
		t.Fatal(err, back.Refused)
	}
	if len(back.New) != 0 || len(back.Reopened) != 0 || len(back.Fixed) != 1 || !strings.Contains(back.Fixed[0], NotTestedRule) {
		t.Errorf("billing back: new %v, reopened %v, fixed %v; want only could-not-be-tested fixed", back.New, back.Reopened, back.Fixed)
	}

	// The reader can tell a closure: a run that leaves billing out
	// altogether (as authspec did before) closes its alerts as fixed.
	gone := twoTargets()
	gone.Targets = gone.Targets[:1]
	if ch, _ := repo.Upload(sarifBytes(t, gone), "authspec", nil); len(ch.Fixed) != 3 {
		t.Errorf("the control: a run without billing fixed %v, want billing's 3", ch.Fixed)
	}
}

// Section 1, GitLab: the merge request widget compares fingerprints with
// the target branch. With -previous an unreachable target's findings stay
// "existing"; its "could not be tested" issue is the one new finding.
func TestCodeQualityKeepsAnUnreachableTargetsFindings(t *testing.T) {
	base := cqReport(t, twoTargets())
	withPrev := billingDown()
	CarryForward(withPrev, twoTargets())
	c := cqcompare.Compare(base, cqReport(t, withPrev))
	if len(c.Resolved) != 0 || len(c.New) != 1 || c.New[0].CheckName != NotTestedRule || len(c.Existing) != 6 {
		t.Errorf("billing down with -previous: %d resolved, new %+v, %d existing; want 0, could-not-be-tested, 6", len(c.Resolved), c.New, len(c.Existing))
	}
	if c.New[0].Severity != "critical" || !strings.Contains(c.New[0].Description, "billing could not be tested on 2 of 2 resources (0 requests sent)") {
		t.Errorf("the could-not-be-tested issue: %+v", c.New[0])
	}
	// Without -previous the findings are gone from the report, and GitLab
	// calls them resolved: the one thing authspec can do is say why, in
	// the new issue, and point at -previous.
	c = cqcompare.Compare(base, cqReport(t, billingDown()))
	if len(c.Resolved) != 3 || len(c.New) != 1 || !strings.Contains(c.New[0].Description, "not fixed: pass the previous results.json with -previous") {
		t.Errorf("billing down without -previous: %d resolved, new %+v", len(c.Resolved), c.New)
	}
}

// Section 2: authspec writes primaryLocationLineHash itself, so findings
// on GET and HEAD of one line are two alerts, and editing the targets
// file around them changes no alert. Without it, upload-sarif's hash of
// the line's text folds them into one and moves with every edit.
func TestCodeScanningFingerprintsAreOursNotTheFilesText(t *testing.T) {
	file := "targets:\n  - name: api\n    resources:\n      - /admin\n      - /open\n"
	files := map[string]string{"ci/targets.yaml": file}
	var repo codescanning.Repository
	ch, err := repo.Upload(sarifBytes(t, twoTargets()), "authspec", files)
	if err != nil || len(ch.New) != 6 {
		t.Fatalf("%v: %d alerts, want 6 (GET and HEAD of /admin are two)", err, len(ch.New))
	}
	edited := map[string]string{"ci/targets.yaml": "# staging\n" + strings.Replace(file, "/open", "/open   # public?", 1)}
	if ch, _ := repo.Upload(sarifBytes(t, twoTargets()), "authspec", edited); len(ch.New)+len(ch.Fixed) != 0 {
		t.Errorf("editing the targets file opened %v and fixed %v", ch.New, ch.Fixed)
	}

	// The control: the same results without authspec's hash, as
	// upload-sarif would fingerprint them from the text.
	stripped := bytes.ReplaceAll(sarifBytes(t, twoTargets()), []byte(`"primaryLocationLineHash"`), []byte(`"somethingElse"`))
	var plain codescanning.Repository
	ch, _ = plain.Upload(stripped, "authspec", files)
	if len(ch.New) >= 6 {
		t.Errorf("the control: upload-sarif's own hash gave %d alerts; GET and HEAD on one line should fold", len(ch.New))
	}
}

// Columns are those of the resource's path on its line, when the
// targets file is at hand.
func TestSARIFColumnsOfTheResource(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "targets.yaml")
	if err := os.WriteFile(path, []byte("targets:\n  - name: api\n    url: http://x\n    resources:\n      - /admin\n      - /open\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := twoTargets()
	run.TargetsFile = path
	run.Targets = run.Targets[:1]
	run.Targets[0].Line, run.Targets[0].Units[0].Line, run.Targets[0].Units[1].Line = 2, 5, 6
	for _, r := range decodeSARIF(t, sarifBytes(t, run)).Runs[0].Results {
		reg := r.Locations[0].PhysicalLocation.Region
		want := [3]int{5, 9, 15}
		if r.Properties.Resource == "/open" {
			want = [3]int{6, 9, 14}
		}
		if got := [3]int{reg.StartLine, reg.StartColumn, reg.EndColumn}; got != want {
			t.Errorf("%s %s: region %v, want %v", r.Properties.Method, r.Properties.Resource, got, want)
		}
		if loc := r.Locations[0].LogicalLocations[0].FullyQualifiedName; loc != "api "+r.Properties.Method+" "+r.Properties.Resource {
			t.Errorf("logical location %q", loc)
		}
	}
}
