package report

import (
	"fmt"
	"strings"
)

// A target that could not be tested must not make its findings look
// fixed. The CI views compare one run with the last: GitLab's merge
// request widget calls a Code Quality fingerprint that is gone "fixed",
// and code scanning closes an alert that a processed upload no longer
// holds. An unreachable target gives no findings, so on its own it would
// read as a fix. Three things keep its alerts open:
//
//   - every target that could not be tested (on some or all of its
//     resources) gets one "could not be tested" entry, in SARIF and in Code
//     Quality, with a fingerprint that depends on the target's name alone:
//     the same entry run after run while it stays down, gone when it is
//     back;
//   - given the previous run's results.json (-previous), the findings that
//     run had on the resources this run could not test are carried
//     forward, with their own fingerprints and a message that says they
//     were not re-tested (Target.Carried);
//   - SARIF's invocation says executionSuccessful=false while some
//     untested resource's earlier findings are unknown (no -previous, or a
//     previous run without that target): code scanning then refuses the
//     upload as an unsuccessful execution, which opens and closes nothing.

// NotTestedRule is the rule ID of the "could not be tested" entries.
const NotTestedRule = "authspec/could-not-be-tested"

// untestedResources returns the resources of t that got an error (could
// not be tested), in order of first appearance.
func untestedResources(t *Target) []string {
	var out []string
	seen := map[string]bool{}
	for i := range t.Results {
		r := &t.Results[i]
		if normalOutcome(r.Outcome) == Error && !seen[r.Resource] {
			seen[r.Resource] = true
			out = append(out, r.Resource)
		}
	}
	return out
}

// plannedResources counts the distinct resources of t's units.
func plannedResources(t *Target) int {
	seen := map[string]bool{}
	for _, u := range t.Units {
		seen[u.Resource] = true
	}
	return len(seen)
}

// CarryForward copies into each target of run that could not be tested
// somewhere the findings prev (the previous run's results) had there:
// the failures, warnings and infos on the resources that got an error
// now, and what prev itself carried forward on them. A target prev does
// not have is left alone (Carried stays nil: its earlier findings are not
// known); one prev has gets a non-nil Carried, empty when it had nothing
// there. Results of prev are copied, never shared.
func CarryForward(run, prev *Run) {
	if run == nil || prev == nil {
		return
	}
	byName := map[string]*Target{}
	for i := range prev.Targets {
		byName[prev.Targets[i].Name] = &prev.Targets[i]
	}
	for i := range run.Targets {
		t := &run.Targets[i]
		down := untestedResources(t)
		p := byName[t.Name]
		if len(down) == 0 || p == nil {
			continue
		}
		untested := map[string]bool{}
		for _, r := range down {
			untested[r] = true
		}
		t.Carried = []Result{}
		for _, set := range [][]Result{p.Results, p.Carried} {
			for _, r := range set {
				if isFinding(&r) && untested[r.Resource] {
					t.Carried = append(t.Carried, r)
				}
			}
		}
	}
}

// earlierUnknown reports whether t could not be tested somewhere and the
// run does not know what it found there before: no previous results
// were given for it.
func earlierUnknown(t *Target) bool {
	return t.Carried == nil && len(untestedResources(t)) > 0
}

// notTested is the "could not be tested" entry of a target: what it says,
// and whether there is one.
func notTested(t *Target) (string, bool) {
	down := untestedResources(t)
	if len(down) == 0 {
		return "", false
	}
	var first *Result
	for i := range t.Results {
		if normalOutcome(t.Results[i].Outcome) == Error {
			first = &t.Results[i]
			break
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s could not be tested", t.Name)
	if n := plannedResources(t); n > 0 {
		fmt.Fprintf(&b, " on %d of %d resources", len(down), n)
	}
	fmt.Fprintf(&b, " (%s sent): %s", plural(t.Requests, "request"), truncateRunes(oneLine(first.Message), mdMessageRunes))
	switch {
	case t.Carried == nil:
		b.WriteString(". Its findings there are unknown to this run, not fixed: pass the previous results.json with -previous to keep them listed")
	case len(t.Carried) > 0:
		fmt.Fprintf(&b, ". %s of the previous run there are carried forward, not re-tested", plural(len(groupResults(t.Carried, isFinding, caseKey)), "finding"))
	}
	return b.String(), true
}
