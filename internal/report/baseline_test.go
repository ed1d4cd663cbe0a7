package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/checks"
)

func mustReadBaseline(t *testing.T, text string) *Baseline {
	t.Helper()
	b, err := ReadBaseline(strings.NewReader(text), "bl.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// What authspec baseline writes, ReadBaseline reads back, each entry with
// its line; the file carries nothing but the five names.
func TestBaselineRoundTrip(t *testing.T) {
	run := shardOf("", 3, []int{0, 1}, 1)
	run.Targets[0].Results[1].Message = "secret-looking message"
	run.Targets[0].Results[1].Evidence = &Evidence{Curl: "curl -H 'Authorization: Bearer xyz'"}
	var buf bytes.Buffer
	if err := WriteBaseline(&buf, BaselineOf(run)); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	if strings.Contains(text, "secret-looking") || strings.Contains(text, "curl") {
		t.Errorf("the baseline holds a message or evidence:\n%s", text)
	}
	b := mustReadBaseline(t, text)
	if len(b.Entries) != 1 {
		t.Fatalf("read %d entries, want 1:\n%s", len(b.Entries), text)
	}
	e := b.Entries[0]
	if e.Rule != "rfc9110/challenge-present" || e.Target != "a" || e.Method != "GET" || e.Resource != "/b" || e.Line != 6 {
		t.Errorf("entry %+v", e)
	}
	if lines := strings.Split(text, "\n"); !strings.Contains(lines[e.Line-1], `resource: "/b"`) {
		t.Errorf("line %d is %q, not the entry", e.Line, lines[e.Line-1])
	}
}

func TestBaselineReadErrorsNameTheLine(t *testing.T) {
	for text, want := range map[string]string{
		"version: 2\nfindings: []\n":                                        "bl.yaml:1",
		"version: 1\nfindings:\n  - {rule: a, probe: b}\n":                  "bl.yaml:3: a finding needs",
		"version: 1\nfindings:\n  - {rule: a, target: b, probe: c, x: 1}\n": "bl.yaml:3: unknown field",
		"version: 1\nwaivers: []\n":                                         "bl.yaml:2: unknown field",
		"":                                                                  "empty",
		"version: 1\n":                                                      "no findings",
	} {
		_, err := ReadBaseline(strings.NewReader(text), "bl.yaml")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want it to say %q", text, err, want)
		}
	}
}

// Known findings stop failing; new ones fail; an entry judged again that
// did not occur is fixed; one whose unit was not judged is not.
func TestApplyBaselineMarksKnownNewAndFixed(t *testing.T) {
	run := shardOf("", 3, []int{0, 1, 2}, 1)
	run.Targets[0].Results[0].Outcome, run.Targets[0].Results[0].Count = Fail, 0 // /a fails too
	b := mustReadBaseline(t, `version: 1
findings:
  - {rule: rfc9110/challenge-present, target: a, method: GET, resource: /b, probe: unauthenticated}
  - {rule: rfc9110/challenge-present, target: a, method: GET, resource: /c, probe: unauthenticated}
  - {rule: rfc9110/challenge-present, target: a, method: GET, resource: /zzz, probe: unauthenticated}
`)
	for i := range run.Targets[0].Results {
		run.Targets[0].Results[i].Probe = "unauthenticated"
	}
	for i := range run.Targets[0].Units {
		run.Targets[0].Units[i].Rules = []string{"rfc9110/challenge-present"}
	}
	ApplyBaseline(run, b)
	rs := run.Targets[0].Results
	if rs[0].Baseline != BaselineNew || rs[0].Outcome != Fail {
		t.Errorf("/a: %s %s, want a new failure", rs[0].Baseline, rs[0].Outcome)
	}
	if rs[1].Baseline != BaselineKnown || rs[1].Outcome != Skip || !strings.Contains(rs[1].Message, "known finding (bl.yaml line 3), was fail") {
		t.Errorf("/b: %s %s %q, want a known finding", rs[1].Baseline, rs[1].Outcome, rs[1].Message)
	}
	st := run.Baseline
	if st.New != 1 || st.Known != 1 || len(st.Fixed) != 1 || st.Fixed[0].Resource != "/c" || st.Fixed[0].Line != 4 {
		t.Errorf("status %+v, want 1 new, 1 known, /c fixed on line 4", st)
	}
	run.Targets[0].Results = rs[1:] // only the known one left
	if Verdict(run.Targets[0].Results) != VerdictPass {
		t.Errorf("a run of known findings only does not pass")
	}
}

func TestApplyBaselineAcceptsFormerRuleIDs(t *testing.T) {
	current, alias := "", ""
	for old, now := range checks.Aliases() {
		alias, current = old, now
		break
	}
	if alias == "" {
		t.Skip("the catalogue has no rule alias yet")
	}
	run := &Run{Targets: []Target{{Name: "a", Results: []Result{{Check: current, Outcome: Fail, Method: "GET", Resource: "/x", Probe: "unauthenticated"}}}}}
	b := &Baseline{File: "bl.yaml", Entries: []BaselineEntry{{Rule: alias, Target: "a", Method: "GET", Resource: "/x", Probe: "unauthenticated", Line: 3}}}
	ApplyBaseline(run, b)
	if run.Targets[0].Results[0].Baseline != BaselineKnown {
		t.Errorf("an entry under the former ID %s does not match %s", alias, current)
	}
}

// Shards each apply the baseline to their own units; merged, the counts
// add up and every fixed entry is there once.
func TestMergeKeepsBaselineStates(t *testing.T) {
	s1 := shardOf("1/2", 2, []int{0, 2}, 0)
	s2 := shardOf("2/2", 2, []int{1, 3}, 3)
	s1.PlanUnits, s2.PlanUnits = 4, 4 // two units a shard
	s1.Baseline = &BaselineStatus{File: "bl.yaml", New: 0, Known: 1, Fixed: []BaselineEntry{{Rule: "r", Target: "a", Resource: "/c", Line: 5}}}
	s2.Baseline = &BaselineStatus{File: "bl.yaml", New: 1, Known: 0, Fixed: []BaselineEntry{{Rule: "r", Target: "a", Resource: "/b", Line: 4}}}
	s1.Targets[0].Results[0].Baseline = BaselineKnown
	s1.Targets[0].Results[0].Outcome = Skip
	s2.Targets[0].Results[1].Baseline = BaselineNew
	got, err := Merge([]Input{{"s1", s1}, {"s2", s2}})
	if err != nil {
		t.Fatal(err)
	}
	b := got.Baseline
	if b == nil || b.New != 1 || b.Known != 1 || len(b.Fixed) != 2 || b.Fixed[0].Line != 4 {
		t.Fatalf("merged baseline %+v", b)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, got); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, r := range back.Targets[0].Results {
		states[r.Baseline]++
	}
	if back.Baseline == nil || len(back.Baseline.Fixed) != 2 || states[BaselineKnown] != 1 || states[BaselineNew] != 1 {
		t.Errorf("results.json lost the baseline: %+v %v", back.Baseline, states)
	}
	if got.ExitCode() != 1 {
		t.Errorf("a new failure in one shard: exit %d, want 1", got.ExitCode())
	}
}

// SARIF with baseline states (new, unchanged, absent) stays valid SARIF
// 2.1.0, and the absent result says which line to delete.
func TestBaselineSARIFValidates(t *testing.T) {
	run := ciRun()
	b := &Baseline{File: "authspec-baseline.yaml"}
	tg := &run.Targets[0]
	for i := range tg.Results {
		if r := &tg.Results[i]; r.Outcome == Fail {
			b.Entries = append(b.Entries, BaselineEntry{Rule: r.Check, Target: tg.Name, Method: r.Method, Resource: r.Resource, Probe: r.Probe, Line: 10 + i})
			break
		}
	}
	b.Entries = append(b.Entries, BaselineEntry{Rule: "rfc9110/gone", Target: tg.Name, Method: "GET", Resource: "/gone", Probe: "unauthenticated", Line: 99})
	ApplyBaseline(run, b)
	run.Baseline.Fixed = append(run.Baseline.Fixed, b.Entries[len(b.Entries)-1]) // judged nowhere: force it
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, run); err != nil {
		t.Fatal(err)
	}
	if err := validateSARIF(t, buf.Bytes()); err != nil {
		t.Fatalf("invalid SARIF: %v", err)
	}
	doc := buf.String()
	for _, want := range []string{`"baselineState":"new"`, `"baselineState":"unchanged"`, `"baselineState":"absent"`, "delete line 99 of authspec-baseline.yaml"} {
		if !strings.Contains(doc, want) {
			t.Errorf("SARIF lacks %s", want)
		}
	}
}
