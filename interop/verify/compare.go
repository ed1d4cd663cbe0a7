package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/authspec/authspec/internal/report"
)

// Mismatch is one way the suite's results differ from the expectation.
type Mismatch struct {
	Target string
	What   string
	// Evidence is the response that carried an unexpected finding, so a
	// suspected rule bug can be reported with the exact bytes.
	Evidence string
}

// Row is one target's line of the comparison table.
type Row struct {
	Name                    string
	WantVerdict, GotVerdict string
	WantFail, GotFail       int
	WantWarn, GotWarn       int
	ControlsOK, Controls    int
	OK                      bool
}

// Compare checks run against e: every expected target is present with its
// verdict, exactly the expected rules fail and warn, nothing errors, the
// controls pass, and no target appears that the expectation lacks.
func Compare(run *report.Run, e *Expected) ([]Row, []Mismatch) {
	got := map[string]*report.Target{}
	for i := range run.Targets {
		got[run.Targets[i].Name] = &run.Targets[i]
	}
	var rows []Row
	var all []Mismatch
	for i := range e.Targets {
		want := &e.Targets[i]
		row, ms := compareTarget(want, got[want.Name], e.controlsOf(want))
		delete(got, want.Name)
		rows = append(rows, row)
		all = append(all, ms...)
	}
	extra := make([]string, 0, len(got))
	for name := range got {
		extra = append(extra, name)
	}
	sort.Strings(extra)
	for _, name := range extra {
		all = append(all, Mismatch{Target: name, What: "in the results but not in the expectation: add it to expected.json"})
	}
	return rows, all
}

func compareTarget(want *Target, got *report.Target, controls []Control) (Row, []Mismatch) {
	row := Row{Name: want.Name, WantVerdict: want.Verdict, WantFail: len(want.Fail), WantWarn: len(want.Warn), Controls: len(controls)}
	if got == nil {
		row.GotVerdict = "missing"
		return row, []Mismatch{{Target: want.Name, What: "missing from results.json"}}
	}
	row.GotVerdict = got.Verdict
	var ms []Mismatch
	add := func(what, evidence string) {
		ms = append(ms, Mismatch{Target: want.Name, What: what, Evidence: evidence})
	}
	if got.Verdict != want.Verdict {
		add(fmt.Sprintf("verdict %s, expected %s", got.Verdict, want.Verdict), "")
	}

	byOutcome := firstByCheck(got.Results)
	gotFail, gotWarn := byOutcome[report.Fail], byOutcome[report.Warn]
	row.GotFail, row.GotWarn = len(gotFail), len(gotWarn)
	ms = append(ms, compareSet(want.Name, "fails", want.Fail, gotFail)...)
	ms = append(ms, compareSet(want.Name, "warns", want.Warn, gotWarn)...)
	for _, check := range sortedResultKeys(byOutcome[report.Error]) {
		r := byOutcome[report.Error][check]
		add(fmt.Sprintf("%s errored on %s %s (%s): %s", check, r.Method, r.Resource, probeName(r), r.Message), evidenceOf(r))
	}

	for _, c := range controls {
		if what := checkControl(got.Results, c); what != "" {
			add(what, "")
		} else {
			row.ControlsOK++
		}
	}
	row.OK = len(ms) == 0
	return row, ms
}

// firstByCheck indexes the results by outcome, then by check, keeping the
// first result of each check as the example to show.
func firstByCheck(results []report.Result) map[report.Outcome]map[string]report.Result {
	out := map[report.Outcome]map[string]report.Result{}
	for _, r := range results {
		m := out[r.Outcome]
		if m == nil {
			m = map[string]report.Result{}
			out[r.Outcome] = m
		}
		if _, ok := m[r.Check]; !ok {
			m[r.Check] = r
		}
	}
	return out
}

// compareSet reports rules that fail (or warn) without being expected to,
// and expected ones that did not.
func compareSet(target, verb string, want map[string]string, got map[string]report.Result) []Mismatch {
	var ms []Mismatch
	for _, check := range sortedResultKeys(got) {
		if _, ok := want[check]; ok {
			continue
		}
		r := got[check]
		ms = append(ms, Mismatch{
			Target:   target,
			What:     fmt.Sprintf("unexpected: %s %s on %s %s (%s): %s", check, verb, r.Method, r.Resource, probeName(r), r.Message),
			Evidence: evidenceOf(r),
		})
	}
	for _, check := range sortedKeys(want) {
		if _, ok := got[check]; !ok {
			ms = append(ms, Mismatch{Target: target, What: fmt.Sprintf("expected %s to %s, it did not (expected because: %s)", check, strings.TrimSuffix(verb, "s"), want[check])})
		}
	}
	return ms
}

// checkControl returns "" when control c passed on the target: at least one
// pass, and no fail, warn or error, among the results of its check (and
// variant).
func checkControl(results []report.Result, c Control) string {
	passes := 0
	for _, r := range results {
		if r.Check != c.Check || !strings.HasPrefix(r.Variant, c.Variant) {
			continue
		}
		switch r.Outcome {
		case report.Pass:
			passes++
		case report.Fail, report.Warn, report.Error:
			return fmt.Sprintf("control %s did not pass: %s on %s %s (%s): %s", controlName(c), r.Outcome, r.Method, r.Resource, probeName(r), r.Message)
		}
	}
	if passes == 0 {
		return fmt.Sprintf("control %s has no passing result (was it skipped?)", controlName(c))
	}
	return ""
}

func controlName(c Control) string {
	if c.Variant == "" {
		return c.Check
	}
	return c.Check + " [" + c.Variant + "]"
}

func probeName(r report.Result) string {
	if r.Variant == "" {
		return r.Probe
	}
	return r.Probe + "/" + r.Variant
}

// evidenceOf returns the response of a result's evidence, cut to a size a
// terminal can show.
func evidenceOf(r report.Result) string {
	if r.Evidence == nil {
		return ""
	}
	const max = 1500
	s := r.Evidence.Response
	if len(s) > max {
		s = s[:max] + "\n[... cut]"
	}
	return s
}

func sortedResultKeys(m map[string]report.Result) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
