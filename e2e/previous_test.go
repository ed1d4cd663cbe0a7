package e2e

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/authspec/authspec/internal/codescanning"
	"github.com/authspec/authspec/internal/cqcompare"
	"github.com/authspec/authspec/internal/fixtures"
)

// Issue 17, section 1, end to end: a target that fails, then goes down,
// keeps its alerts open in code scanning and its findings in GitLab's
// widget when the second run is given the first one's results with
// -previous; without it, the SARIF says its execution did not succeed.
func TestPreviousKeepsAnUnreachableTargetsFindings(t *testing.T) {
	f, ok := fixtures.ByName("no-challenge")
	if !ok {
		t.Fatal("no fixture no-challenge")
	}
	url, stop, err := f.Start()
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	stopOnce := func() { once.Do(stop) }
	t.Cleanup(stopOnce)
	targets := targetsFor(f, url, "")

	up := runSuiteArgs(t, targets, nil)
	if up.Code != 1 || up.Run == nil {
		t.Fatalf("the failing run exited %d:\n%s", up.Code, tail(up.Stdout))
	}
	stopOnce() // the target goes down
	down := runSuiteArgs(t, targets, []string{"-previous=" + up.Dir})
	if down.Code != 1 || down.Run == nil {
		t.Fatalf("the run against the stopped target exited %d:\n%s", down.Code, tail(down.Stdout))
	}
	if c := down.Run.Targets[0].Carried; len(c) == 0 {
		t.Fatalf("no finding carried forward from -previous; results.json: %+v", down.Run.Targets[0])
	}
	unknown := runSuiteArgs(t, targets, nil)

	read := func(o outcome, name string) []byte {
		b, err := os.ReadFile(filepath.Join(o.Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var repo codescanning.Repository
	if ch, err := repo.Upload(read(up, "authspec.sarif"), "authspec", nil); err != nil || len(ch.New) == 0 {
		t.Fatalf("the failing run opened no alert: %v %+v", err, ch)
	}
	if ch, _ := repo.Upload(read(unknown, "authspec.sarif"), "authspec", nil); ch.Refused != "unsuccessful execution" {
		t.Errorf("without -previous the upload was not refused as an unsuccessful execution: %+v", ch)
	}
	ch, err := repo.Upload(read(down, "authspec.sarif"), "authspec", nil)
	if err != nil || ch.Refused != "" || len(ch.Fixed) != 0 || len(ch.New) != 1 {
		t.Errorf("with -previous: refused %q, fixed %v, new %v; want nothing fixed and the could-not-be-tested alert", ch.Refused, ch.Fixed, ch.New)
	}

	base, err := cqcompare.Read(read(up, "codequality.json"))
	if err != nil {
		t.Fatal(err)
	}
	head, err := cqcompare.Read(read(down, "codequality.json"))
	if err != nil {
		t.Fatal(err)
	}
	if c := cqcompare.Compare(base, head); len(c.Resolved) != 0 || len(c.New) != 1 {
		t.Errorf("GitLab's widget: %d resolved, %d new; want 0 and the could-not-be-tested issue", len(c.Resolved), len(c.New))
	}
}
