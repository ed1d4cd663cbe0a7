package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/authspec/authspec/internal/schedule"
)

// Input is one results.json to merge, with the name it was read from.
type Input struct {
	Name string
	Run  *Run
}

// Merge puts the shards of one run back together: the results come out
// as one run of the whole plan would have written them, so the merged
// reports and exit code are those of a single run. The inputs must be
// every shard of one plan, each once; or a single whole run (a version 1
// file, say), which is passed through.
func Merge(inputs []Input) (*Run, error) {
	if len(inputs) == 0 {
		return nil, fmt.Errorf("nothing to merge: name the results.json files or the folders holding them")
	}
	if err := checkShards(inputs); err != nil {
		return nil, err
	}
	first := inputs[0].Run
	out := &Run{Version: FormatVersion, Plan: first.Plan, PlanUnits: first.PlanUnits, Selection: first.Selection, TargetsFile: first.TargetsFile, JUnitCases: first.JUnitCases}
	for _, in := range inputs {
		out.Interrupted = out.Interrupted || in.Run.Interrupted
		mergeBaseline(out, in.Run)
		if out.AuthspecVersion == "" {
			out.AuthspecVersion = in.Run.AuthspecVersion
		}
		for _, t := range in.Run.Targets {
			if err := mergeTarget(out, in, t); err != nil {
				return nil, err
			}
		}
	}
	if err := checkCoverage(out, inputs); err != nil {
		return nil, err
	}
	for i := range out.Targets {
		settleMerged(&out.Targets[i], inputs)
		if out.Targets[i].Verdict == VerdictInterrupted {
			out.Unfinished = append(out.Unfinished, out.Targets[i].Name)
		}
	}
	return out, nil
}

// checkShards refuses inputs that are not exactly one run: shards of
// different plans or counts, a shard given twice or missing, a whole run
// mixed with shards.
func checkShards(inputs []Input) error {
	if len(inputs) == 1 && inputs[0].Run.Shard == "" {
		return nil
	}
	seen := map[int]string{}
	count := 0
	for _, in := range inputs {
		if in.Run.Shard == "" {
			return fmt.Errorf("%s is a whole run, not a shard: merge either one whole run or every shard of one run", in.Name)
		}
		s, err := schedule.ParseShard(in.Run.Shard)
		if err != nil {
			return fmt.Errorf("%s: %v", in.Name, err)
		}
		if count == 0 {
			count = s.Count
		}
		if s.Count != count {
			return fmt.Errorf("%s is shard %s, but %s is of %d shards: these are not shards of one run", in.Name, in.Run.Shard, inputs[0].Name, count)
		}
		if err := sameRun(in, inputs[0]); err != nil {
			return err
		}
		if in.Run.Plan != inputs[0].Run.Plan {
			return fmt.Errorf("%s was planned from other targets than %s (plan %s, not %s): these are not shards of one run", in.Name, inputs[0].Name, in.Run.Plan, inputs[0].Run.Plan)
		}
		if in.Run.JUnitCases != inputs[0].Run.JUnitCases {
			return fmt.Errorf("%s asked for junit.xml test cases %q, but %s for %q: run every shard with the same -junit-cases, or pass one to merge", in.Name, orAuto(in.Run.JUnitCases), inputs[0].Name, orAuto(inputs[0].Run.JUnitCases))
		}
		if prev, dup := seen[s.Index]; dup {
			return fmt.Errorf("shard %d/%d is given twice: %s and %s", s.Index, count, prev, in.Name)
		}
		seen[s.Index] = in.Name
	}
	var missing []string
	for k := 1; k <= count; k++ {
		if seen[k] == "" {
			missing = append(missing, fmt.Sprintf("%d/%d", k, count))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing shard %s: merge every shard of the run", strings.Join(missing, ", "))
	}
	return nil
}

// sameRun refuses a shard asked for another selection than the first, or
// split another way, or written without the plan's size (by an authspec
// before merge could check that the shards cover the plan), or listing
// other targets: each shard lists every target of the plan, the other
// shards' as not run.
func sameRun(in, first Input) error {
	if !in.Run.Selection.Equal(first.Run.Selection) {
		return fmt.Errorf("%s was run with selection %s, but %s with %s: run every shard with the same -labels, -focus and -skip", in.Name, in.Run.Selection, first.Name, first.Run.Selection)
	}
	if in.Run.ShardBy != first.Run.ShardBy {
		return fmt.Errorf("%s was split by %q, but %s by %q: run every shard with the same -shard-by", in.Name, in.Run.ShardBy, first.Name, first.Run.ShardBy)
	}
	if in.Run.PlanUnits <= 0 {
		return fmt.Errorf("%s does not say how many units its plan has (plan_units): it was written by an older authspec, or edited; run the shards again with this one", in.Name)
	}
	if in.Run.PlanUnits != first.Run.PlanUnits {
		return fmt.Errorf("%s has a plan of %d units, but %s of %d: these are not shards of one run", in.Name, in.Run.PlanUnits, first.Name, first.Run.PlanUnits)
	}
	if a, b := targetNames(in.Run), targetNames(first.Run); a != b {
		return fmt.Errorf("%s lists targets %s, but %s lists %s: every shard lists every target of the plan; these are not shards of one run", in.Name, a, first.Name, b)
	}
	return nil
}

// targetNames lists a run's target names, quoted, in order.
func targetNames(run *Run) string {
	names := make([]string, len(run.Targets))
	for i, t := range run.Targets {
		names[i] = fmt.Sprintf("%q", t.Name)
	}
	return "[" + strings.Join(names, ", ") + "]"
}

// checkCoverage refuses a merge whose units are not exactly the plan's:
// every unit of the plan (orders 0 to plan_units-1) in one shard, none
// outside it. A shard that lost its units would otherwise shrink the run
// into a smaller pass. A file that does not record the plan's size (a
// single whole run of version 1) is taken as it is.
func checkCoverage(out *Run, inputs []Input) error {
	n := out.PlanUnits
	if n <= 0 {
		return nil
	}
	seen := make([]bool, n)
	for _, t := range out.Targets {
		for _, u := range t.Units {
			if u.Order < 0 || u.Order >= n {
				return fmt.Errorf("%s %s of target %q has order %d, outside the plan of %d units: these are not the shards of one run", u.Method, u.Resource, t.Name, u.Order, n)
			}
			seen[u.Order] = true
		}
	}
	var missing []string
	for o, ok := range seen {
		if !ok {
			missing = append(missing, fmt.Sprint(o))
		}
	}
	switch {
	case len(missing) == 1:
		return fmt.Errorf("unit %s of the plan is in no shard (of %d units): a shard lost its units; run it again", missing[0], n)
	case len(missing) > 1:
		if len(missing) > 10 {
			missing = append(missing[:10], "...")
		}
		return fmt.Errorf("units %s of the plan are in no shard (of %d units): a shard lost its units; run it again", strings.Join(missing, ", "), n)
	}
	return nil
}

// mergeTarget adds one shard's view of a target to out.
func mergeTarget(out *Run, in Input, t Target) error {
	var m *Target
	for i := range out.Targets {
		if out.Targets[i].Name == t.Name {
			m = &out.Targets[i]
		}
	}
	if m == nil {
		out.Targets = append(out.Targets, Target{Name: t.Name, URL: t.URL, Kind: t.Kind, Line: t.Line, Verdict: VerdictNotRun, Results: []Result{}})
		m = &out.Targets[len(out.Targets)-1]
	}
	if t.Verdict != VerdictNotRun && m.Verdict == VerdictNotRun {
		m.Verdict, m.URL = "", t.URL
	}
	if t.Verdict == VerdictInterrupted || t.Verdict == VerdictError {
		m.Verdict = worse(m.Verdict, t.Verdict)
	}
	m.Requests += t.Requests
	if m.Protocol == "" {
		m.Protocol = t.Protocol
	}
	for _, u := range t.Units {
		for _, mu := range m.Units {
			if mu.Order == u.Order {
				return fmt.Errorf("%s: %s %s of target %q is in two shards", in.Name, u.Method, u.Resource, t.Name)
			}
		}
		m.Units = append(m.Units, u)
	}
	m.Results = append(m.Results, t.Results...)
	if t.Carried != nil { // what a shard carried forward stays carried
		m.Carried = append(append([]Result{}, m.Carried...), t.Carried...)
	}
	return nil
}

// settleMerged puts a merged target's units and results in plan order and
// settles its waiver notes and verdict.
func settleMerged(t *Target, inputs []Input) {
	sort.SliceStable(t.Units, func(i, j int) bool { return t.Units[i].Order < t.Units[j].Order })
	order := map[string]int{}
	for _, u := range t.Units {
		order[u.Method+" "+u.Resource] = u.Order
	}
	at := func(r *Result) int {
		if o, ok := order[r.Method+" "+r.Resource]; ok && !isWaiverNote(r) {
			return o
		}
		return 1 << 30 // notes about the configuration come last
	}
	sort.SliceStable(t.Results, func(i, j int) bool { return at(&t.Results[i]) < at(&t.Results[j]) })
	t.Results = settleWaiverNotes(t.Results)
	if t.Verdict != VerdictNotRun && t.Verdict != VerdictInterrupted {
		t.Verdict = worse(t.Verdict, Verdict(t.Results))
	}
}

// isWaiverNote reports whether r notes a waiver that waived nothing.
func isWaiverNote(r *Result) bool { return r.Probe == "config" && r.Variant == "waiver" }

// settleWaiverNotes keeps one note per waiver that waived nothing in any
// shard: a waiver unused in one shard may have waived a failure in another.
func settleWaiverNotes(rs []Result) []Result {
	waived := map[string]bool{}
	for _, r := range rs {
		if r.Outcome == Skip && strings.HasPrefix(r.Message, "waived") {
			waived[r.Check] = true
		}
	}
	noted := map[string]bool{}
	out := rs[:0]
	for _, r := range rs {
		if isWaiverNote(&r) {
			if waived[r.Check] || noted[r.Check] {
				continue
			}
			noted[r.Check] = true
		}
		out = append(out, r)
	}
	return out
}

// orAuto names an empty -junit-cases choice.
func orAuto(cases string) string {
	if cases == "" {
		return JUnitAuto
	}
	return cases
}
