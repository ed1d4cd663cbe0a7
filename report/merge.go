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
	out := &Run{Version: FormatVersion, Plan: inputs[0].Run.Plan, TargetsFile: inputs[0].Run.TargetsFile, JUnitCases: inputs[0].Run.JUnitCases}
	for _, in := range inputs {
		out.Interrupted = out.Interrupted || in.Run.Interrupted
		mergeBaseline(out, in.Run)
		for _, t := range in.Run.Targets {
			if err := mergeTarget(out, in, t); err != nil {
				return nil, err
			}
		}
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
