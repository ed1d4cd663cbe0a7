package report

import (
	"bytes"
	"encoding/xml"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Version 1 files, as authspec wrote them before results were summarised,
// still read: each result carries its rule's text itself.
func TestReadJSONReadsVersion1(t *testing.T) {
	v1 := `{"version":1,"targets":[{"name":"a","url":"http://127.0.0.1:1","kind":"origin","verdict":"fail","requests":3,
	"results":[{"check":"rfc9110/challenge-present","rfc":"RFC 9110","section":"11.6.1","level":"MUST","outcome":"fail",
	"resource":"/x","method":"GET","probe":"unauthenticated","message":"no challenge","requirement":"A 401 carries a challenge."}]}]}`
	run, err := ReadJSON(strings.NewReader(v1))
	if err != nil {
		t.Fatal(err)
	}
	r := run.Targets[0].Results[0]
	if run.Version != 1 || r.RFC != "RFC 9110" || r.Requirement == "" || r.Outcome != Fail || run.ExitCode() != 1 {
		t.Errorf("read %+v", run)
	}
}

// shardOf builds a shard's run: target "a" with the given units (order
// numbers), one result each, passing unless failing says otherwise.
func shardOf(shard string, requests int, orders []int, failing int) *Run {
	t := Target{Name: "a", URL: "http://127.0.0.1:1", Kind: "origin", Requests: requests}
	for _, o := range orders {
		path := "/" + string(rune('a'+o))
		t.Units = append(t.Units, Unit{Method: "GET", Resource: path, Order: o})
		res := Result{Check: "rfc9110/challenge-present", RFC: "RFC 9110", Level: "MUST", Outcome: Pass, Resource: path, Method: "GET", Count: 2}
		if o == failing {
			res.Outcome, res.Count, res.Message = Fail, 0, "no challenge"
		}
		t.Results = append(t.Results, res)
	}
	if len(orders) == 0 {
		t.Verdict = VerdictNotRun
	} else {
		t.Verdict = Verdict(t.Results)
	}
	return &Run{Version: 2, Shard: shard, Plan: "p1", PlanUnits: planUnits(shard), Targets: []Target{t}}
}

// planUnits is the plan's size in the shards shardOf makes for a test
// unless it says otherwise: one unit per shard, orders 0..N-1.
func planUnits(shard string) int {
	if _, n, _ := strings.Cut(shard, "/"); n != "" {
		return int(n[0] - '0')
	}
	return 1
}

func TestMergeRestoresPlanOrderAndVerdict(t *testing.T) {
	s1, s2 := shardOf("1/2", 5, []int{0, 2}, -1), shardOf("2/2", 4, []int{1, 3}, 3)
	s1.PlanUnits, s2.PlanUnits = 4, 4
	got, err := Merge([]Input{{"s2", s2}, {"s1", s1}})
	if err != nil {
		t.Fatal(err)
	}
	tg := got.Targets[0]
	var paths []string
	for _, r := range tg.Results {
		paths = append(paths, r.Resource)
	}
	if !reflect.DeepEqual(paths, []string{"/a", "/b", "/c", "/d"}) || tg.Requests != 9 || tg.Verdict != VerdictFail || got.ExitCode() != 1 || got.Shard != "" {
		t.Errorf("merged: paths %v requests %d verdict %s exit %d shard %q", paths, tg.Requests, tg.Verdict, got.ExitCode(), got.Shard)
	}
}

func TestMergeRefusesWhatIsNotOneRun(t *testing.T) {
	tests := []struct {
		name   string
		inputs []Input
		want   string
	}{
		{"missing", []Input{{"s1", shardOf("1/3", 1, []int{0}, -1)}, {"s2", shardOf("2/3", 1, []int{1}, -1)}}, "missing shard 3/3"},
		{"twice", []Input{{"s1", shardOf("1/2", 1, []int{0}, -1)}, {"s1again", shardOf("1/2", 1, []int{0}, -1)}}, "given twice"},
		{"counts", []Input{{"s1", shardOf("1/2", 1, []int{0}, -1)}, {"s2", shardOf("2/3", 1, []int{1}, -1)}}, "not shards of one run"},
		{"whole and shard", []Input{{"w", shardOf("", 1, []int{0}, -1)}, {"s2", shardOf("2/2", 1, []int{1}, -1)}}, "whole run"},
		{"none", nil, "nothing to merge"},
	}
	other := shardOf("2/2", 1, []int{1}, -1)
	other.Plan = "p2"
	tests = append(tests, struct {
		name   string
		inputs []Input
		want   string
	}{"plans", []Input{{"s1", shardOf("1/2", 1, []int{0}, -1)}, {"s2", other}}, "other targets"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Merge(tt.inputs); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Merge error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// A waiver that waived nothing in one shard may have done its job in
// another: the merged run notes only waivers unused everywhere, once.
func TestMergeSettlesWaiverNotes(t *testing.T) {
	note := func(check string) Result {
		return Result{Check: check, Outcome: Info, Probe: "config", Variant: "waiver", Message: "the waiver … waived nothing"}
	}
	s1 := shardOf("1/2", 1, []int{0}, -1)
	s1.Targets[0].Results = append(s1.Targets[0].Results, note("rfc9110/content-type"), note("rfc9110/diagnostic-body"))
	s2 := shardOf("2/2", 1, []int{1}, -1)
	s2.Targets[0].Results = append(s2.Targets[0].Results,
		Result{Check: "rfc9110/content-type", Outcome: Skip, Resource: "/b", Method: "GET", Message: "waived: ticket 1 (was warn: x)"},
		note("rfc9110/diagnostic-body"))
	got, err := Merge([]Input{{"s1", s1}, {"s2", s2}})
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, r := range got.Targets[0].Results {
		if isWaiverNote(&r) {
			notes = append(notes, r.Check)
		}
	}
	if !reflect.DeepEqual(notes, []string{"rfc9110/diagnostic-body"}) {
		t.Errorf("notes = %v, want only the waiver unused in every shard, once", notes)
	}
}

// Merged shards make the junit.xml the whole run makes: the same test
// cases, planned ones not judged included, with the same texts, each shard
// having gone through its results.json.
func TestMergeRebuildsTheSameJUnit(t *testing.T) {
	whole := planRun()
	for i := range whole.Targets[0].Units {
		whole.Targets[0].Units[i].Elapsed = 0 // results.json holds no times
	}
	shard := func(k string, unit int) *Run {
		r := planRun()
		tg := &r.Targets[0]
		u := tg.Units[unit]
		tg.Units = []Unit{u}
		var kept []Result
		for _, res := range tg.Results {
			if res.Method == u.Method {
				kept = append(kept, res)
			}
		}
		tg.Results, tg.Requests = kept, unit+4 // 4 + 5 = the whole's 9
		r.Shard, r.Plan, r.PlanUnits = k, "p", 2
		var buf bytes.Buffer
		if err := WriteJSON(&buf, r); err != nil {
			t.Fatal(err)
		}
		back, err := ReadJSON(&buf)
		if err != nil {
			t.Fatal(err)
		}
		return back
	}
	merged, err := Merge([]Input{{"s2", shard("2/2", 1)}, {"s1", shard("1/2", 0)}})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	want, _ := xml.Marshal(junitDocument(whole, "authspec", now))
	got, _ := xml.Marshal(junitDocument(merged, "authspec", now))
	if !bytes.Equal(want, got) {
		t.Errorf("merged junit.xml differs from the whole run's:\nwhole:  %s\nmerged: %s", want, got)
	}
}

// Shards of one plan but of different selections, or that do not cover
// the plan (a shard emptied, a target renamed), are not one run.
func TestMergeRefusesShardsThatDoNotCoverThePlan(t *testing.T) {
	mk := func() (*Run, *Run) { return shardOf("1/2", 1, []int{0}, -1), shardOf("2/2", 1, []int{1}, -1) }
	tests := []struct {
		name   string
		change func(s1, s2 *Run)
		want   string
	}{
		{"labels", func(s1, s2 *Run) { s2.Selection = &Selection{Labels: "rfc6750"} }, "selection"},
		{"focus", func(s1, s2 *Run) { s1.Selection = &Selection{Focus: []string{"admin"}} }, "selection"},
		{"skip", func(s1, s2 *Run) {
			s1.Selection, s2.Selection = &Selection{Skip: []string{"a"}}, &Selection{Skip: []string{"b"}}
		}, "selection"},
		{"shard-by", func(s1, s2 *Run) { s1.ShardBy, s2.ShardBy = "target", "resource" }, "-shard-by"},
		{"emptied", func(s1, s2 *Run) { s2.Targets[0].Units, s2.Targets[0].Results = []Unit{}, []Result{} }, "unit 1 of the plan is in no shard"},
		{"renamed", func(s1, s2 *Run) { s2.Targets[0].Name = "b" }, "targets"},
		{"plan size", func(s1, s2 *Run) { s2.PlanUnits = 3 }, "plan"},
		{"no plan size", func(s1, s2 *Run) { s1.PlanUnits, s2.PlanUnits = 0, 0 }, "plan_units"},
		{"out of plan", func(s1, s2 *Run) { s2.Targets[0].Units[0].Order = 7 }, "outside the plan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s1, s2 := mk()
			tt.change(s1, s2)
			if _, err := Merge([]Input{{"s1", s1}, {"s2", s2}}); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Merge error = %v, want one containing %q", err, tt.want)
			}
		})
	}
	s1, s2 := mk()
	s1.Selection, s2.Selection = &Selection{Labels: "rfc6750"}, &Selection{Labels: "rfc6750"}
	got, err := Merge([]Input{{"s1", s1}, {"s2", s2}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Selection.String() != "labels 'rfc6750'" || got.PlanUnits != 2 {
		t.Errorf("merged run: selection %q, plan units %d; want the shards'", got.Selection.String(), got.PlanUnits)
	}
	var b strings.Builder
	WriteSummary(&b, got, false)
	if !strings.Contains(b.String(), "selection: labels 'rfc6750'") {
		t.Errorf("the merged summary does not name the selection:\n%s", b.String())
	}
}
