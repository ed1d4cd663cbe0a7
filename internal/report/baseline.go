package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/probe"
)

// A baseline lists the known findings of an estate, so that a team can
// adopt authspec on servers with hundreds of them and fail only on new
// ones. Each finding is a rule broken on a method of a resource of a
// target, by one probe. It holds no response bytes, no messages and no
// secrets: only names the targets file already holds.
//
// The file is YAML, one finding per line, so the line to delete when a
// finding is fixed is one line:
//
//	version: 1
//	findings:
//	  - {rule: "rfc9110/challenge-present", target: "billing-api", method: "GET", resource: "/invoices/", probe: "unauthenticated"}

// Baseline states of a finding, as results.json's Result.Baseline words
// them. SARIF's baselineState says the same: new, unchanged (known) or
// absent (fixed).
const (
	BaselineNew   = "new"
	BaselineKnown = "known"
)

// BaselineEntry is one known finding.
type BaselineEntry struct {
	Rule     string `yaml:"rule" json:"rule"`
	Target   string `yaml:"target" json:"target"`
	Method   string `yaml:"method" json:"method"`
	Resource string `yaml:"resource" json:"resource"`
	Probe    string `yaml:"probe" json:"probe"`
	// Line is the entry's line in the baseline file (0: not read from one).
	Line int `yaml:"-" json:"line,omitempty"`
}

func (e BaselineEntry) key() string {
	return strings.Join([]string{canonicalRule(e.Rule), e.Target, e.Method, e.Resource, e.Probe}, "\x00")
}

// String is the entry as the baseline file writes it: its line.
func (e BaselineEntry) String() string {
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	return fmt.Sprintf("- {rule: %s, target: %s, method: %s, resource: %s, probe: %s}",
		q(e.Rule), q(e.Target), q(e.Method), q(e.Resource), q(e.Probe))
}

// canonicalRule resolves a former rule ID (an alias) to the current one,
// so a baseline written before a rename still matches.
func canonicalRule(id string) string {
	if current, ok := checks.IsAlias(id); ok {
		return current
	}
	return id
}

// Baseline is a read baseline file.
type Baseline struct {
	File    string
	Entries []BaselineEntry
}

// BaselineStatus is what applying a baseline found, kept in results.json
// so merged shards and rebuilt reports say the same. New and Known count
// findings (distinct baseline entries' worth: rule, target, method,
// resource, probe); Fixed are the entries whose finding was judged again
// and did not occur, each with its line to delete.
type BaselineStatus struct {
	File  string          `json:"file"`
	New   int             `json:"new"`
	Known int             `json:"known"`
	Fixed []BaselineEntry `json:"fixed"`
}

// String is the counts line every report shows: "baseline authspec-baseline.yaml: 2 new, 120 known, 3 fixed".
func (s *BaselineStatus) String() string {
	return fmt.Sprintf("baseline %s: %d new, %d known, %d fixed", s.File, s.New, s.Known, len(s.Fixed))
}

// ReadBaseline reads a baseline file. Errors name the file and line.
func ReadBaseline(r io.Reader, file string) (*Baseline, error) {
	data, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: not a baseline: %v", file, err)
	}
	b := &Baseline{File: file}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: empty; write one with authspec baseline -reports DIR", file)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: a baseline is a mapping with version and findings", file, root.Line)
	}
	var findings *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "version":
			if v.Value != "1" {
				return nil, fmt.Errorf("%s:%d: version %q is not one this authspec reads (1)", file, v.Line, v.Value)
			}
		case "findings":
			findings = v
		default:
			return nil, fmt.Errorf("%s:%d: unknown field %q (a baseline has version and findings)", file, k.Line, k.Value)
		}
	}
	if findings == nil {
		return nil, fmt.Errorf("%s: no findings list", file)
	}
	if findings.Kind != yaml.SequenceNode && findings.ShortTag() != "!!null" {
		return nil, fmt.Errorf("%s:%d: findings must be a list", file, findings.Line)
	}
	for _, n := range findings.Content {
		var e BaselineEntry
		if err := n.Decode(&e); err != nil || n.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("%s:%d: a finding is {rule, target, method, resource, probe}", file, n.Line)
		}
		if err := checkEntryKeys(n); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", file, n.Line, err)
		}
		if e.Rule == "" || e.Target == "" {
			return nil, fmt.Errorf("%s:%d: a finding needs at least rule and target", file, n.Line)
		}
		e.Line = n.Line
		b.Entries = append(b.Entries, e)
	}
	return b, nil
}

func checkEntryKeys(n *yaml.Node) error {
	for i := 0; i < len(n.Content); i += 2 {
		switch n.Content[i].Value {
		case "rule", "target", "method", "resource", "probe":
		default:
			return fmt.Errorf("unknown field %q in a finding", n.Content[i].Value)
		}
	}
	return nil
}

// isBaselineFinding reports whether a result is a finding a baseline can hold: a
// broken rule (fail or warn). Errors are not findings (the target could
// not be tested), nor are infos, passes and skips.
func isBaselineFinding(r *Result) bool {
	return r.Outcome == Fail || r.Outcome == Warn
}

func entryOf(target string, r *Result) BaselineEntry {
	return BaselineEntry{Rule: r.Check, Target: target, Method: r.Method, Resource: r.Resource, Probe: r.Probe}
}

// BaselineOf lists the findings of a run as a baseline, sorted, each once.
// Findings already known count too: the new file replaces the old one.
func BaselineOf(run *Run) []BaselineEntry {
	seen := map[string]bool{}
	var out []BaselineEntry
	for i := range run.Targets {
		t := &run.Targets[i]
		for j := range t.Results {
			r := &t.Results[j]
			if !isBaselineFinding(r) && r.Baseline != BaselineKnown {
				continue
			}
			e := entryOf(t.Name, r)
			if !seen[e.key()] {
				seen[e.key()] = true
				out = append(out, e)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key() < out[j].key() })
	return out
}

// WriteBaseline writes entries as a baseline file.
func WriteBaseline(w io.Writer, entries []BaselineEntry) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# authspec baseline: the known findings of a run (authspec baseline -reports DIR).")
	fmt.Fprintln(bw, "# A finding listed here is reported as known and does not fail the run; a new")
	fmt.Fprintln(bw, "# one fails as usual. Delete a line once its finding is fixed: the run says which.")
	fmt.Fprintln(bw, "version: 1")
	if len(entries) == 0 {
		fmt.Fprintln(bw, "findings: []")
		return bw.Flush()
	}
	fmt.Fprintln(bw, "findings:")
	for _, e := range entries {
		fmt.Fprintln(bw, "  "+e.String())
	}
	return bw.Flush()
}

// ApplyBaseline marks each finding of run as new or known. A known finding
// no longer fails or warns: its outcome becomes skip, its message says it
// is in the baseline, and Baseline says "known", like a waiver that names
// a resource. Entries whose finding was judged again (their target ran,
// the rule was planned on their method and resource) and did not occur are
// reported as fixed, with their line. Verdicts are left to the caller.
func ApplyBaseline(run *Run, b *Baseline) {
	if b == nil {
		return
	}
	known := map[string]*BaselineEntry{}
	for i := range b.Entries {
		known[b.Entries[i].key()] = &b.Entries[i]
	}
	st := &BaselineStatus{File: b.File, Fixed: []BaselineEntry{}}
	seen := map[string]bool{}
	newKeys := map[string]bool{}
	for i := range run.Targets {
		t := &run.Targets[i]
		for j := range t.Results {
			r := &t.Results[j]
			if !isBaselineFinding(r) {
				continue
			}
			k := entryOf(t.Name, r).key()
			e, ok := known[k]
			if !ok {
				r.Baseline = BaselineNew
				newKeys[k] = true
				continue
			}
			seen[k] = true
			r.Baseline = BaselineKnown
			r.Message = fmt.Sprintf("known finding (%s line %d), was %s: %s", b.File, e.Line, r.Outcome, r.Message)
			r.Outcome = Skip
		}
	}
	st.New, st.Known = len(newKeys), len(seen)
	for _, e := range b.Entries {
		if !seen[e.key()] && judged(run, e) {
			st.Fixed = append(st.Fixed, e)
		}
	}
	run.Baseline = st
}

// Knows reports whether the baseline lists r, a result on target, as a
// known finding.
func (b *Baseline) Knows(target string, r *Result) bool {
	if b == nil || !isBaselineFinding(r) {
		return false
	}
	k := entryOf(target, r).key()
	for i := range b.Entries {
		if b.Entries[i].key() == k {
			return true
		}
	}
	return false
}

// judged reports whether the run judged e's rule where e says: its target
// ran and was not cut short, nothing on e's method and resource was an
// error, and the rule was planned there (a HEAD finding on the GET unit's
// HEAD rules).
func judged(run *Run, e BaselineEntry) bool {
	rule := canonicalRule(e.Rule)
	for i := range run.Targets {
		t := &run.Targets[i]
		if t.Name != e.Target {
			continue
		}
		if t.Verdict == VerdictNotRun || t.Verdict == VerdictInterrupted || t.Verdict == VerdictError {
			return false
		}
		for j := range t.Results {
			if r := &t.Results[j]; r.Outcome == Error && r.Method == e.Method && r.Resource == e.Resource {
				return false
			}
		}
		for _, u := range t.Units {
			if u.Resource != e.Resource {
				continue
			}
			switch {
			case u.Method == e.Method && containsRule(u.Rules, rule):
				return true
			case e.Method == "HEAD" && u.Method == "GET" && containsRule(u.HeadRules, rule):
				return true
			}
		}
		// A finding on no unit (a note about the configuration): judged
		// whenever the target ran.
		return e.Resource == "" && e.Method == ""
	}
	return false
}

func containsRule(rules []string, id string) bool {
	for _, r := range rules {
		if r == id {
			return true
		}
	}
	return false
}

// mergeBaseline combines the baseline status of shards: the counts add up
// (each finding's unit ran in one shard) and the fixed entries join.
func mergeBaseline(out *Run, in *Run) {
	if in.Baseline == nil {
		return
	}
	if out.Baseline == nil {
		out.Baseline = &BaselineStatus{File: in.Baseline.File, Fixed: []BaselineEntry{}}
	}
	out.Baseline.New += in.Baseline.New
	out.Baseline.Known += in.Baseline.Known
	out.Baseline.Fixed = append(out.Baseline.Fixed, in.Baseline.Fixed...)
	sort.SliceStable(out.Baseline.Fixed, func(i, j int) bool { return out.Baseline.Fixed[i].Line < out.Baseline.Fixed[j].Line })
}

// baselineSARIF is what SARIF adds for a run with a baseline: each known
// finding (rule, method, resource) as a result whose baselineState is
// unchanged, at the level its rule breaks at; each fixed entry as one
// whose baselineState is absent. New findings are the usual results,
// marked new by sarifOf.
func baselineSARIF(run *Run, uri string, src *targetsSource, index map[string]int) []sarifResult {
	if run.Baseline == nil {
		return nil
	}
	var out []sarifResult
	for i := range run.Targets {
		t := &run.Targets[i]
		lines := unitLines(t)
		known := func(r *Result) bool { return r.Baseline == BaselineKnown }
		for _, g := range groupResults(t.Results, known, caseKey) {
			r := g[0]
			ruleIndex, ok := index[r.Check]
			if !ok {
				ruleIndex = -1
			}
			probes := make([]string, 0, len(g))
			for _, x := range g {
				probes = append(probes, x.ProbeName())
			}
			out = append(out, sarifResult{
				RuleID: terminalSafe(r.Check), RuleIndex: ruleIndex, Level: defaultSARIFLevel(r),
				Message:             sarifText{Text: multilineSafe(fmt.Sprintf("%s %s on %s: %s", r.Method, r.Resource, t.Name, truncateRunes(r.Message, mdMessageRunes)))},
				Locations:           []sarifLocation{sarifLocationOf(t, r.Method, r.Resource, uri, lineOf(t, lines, r), src)},
				PartialFingerprints: map[string]string{sarifFingerprintKey: fingerprint(r.Check, t.Name, r.Method, r.Resource)},
				OccurrenceCount:     len(g),
				BaselineState:       "unchanged",
				Properties:          sarifResultDetails{Target: t.Name, Method: r.Method, Resource: r.Resource, Outcome: r.Outcome, Probes: probes},
			})
		}
	}
	for _, e := range run.Baseline.Fixed {
		ruleIndex, ok := index[canonicalRule(e.Rule)]
		if !ok {
			ruleIndex = -1
		}
		r := &Result{Check: canonicalRule(e.Rule), Method: e.Method, Resource: e.Resource, Probe: e.Probe}
		t := run.targetNamed(e.Target)
		line := 0
		if t != nil {
			line = lineOf(t, unitLines(t), r)
		} else {
			t = &Target{Name: e.Target}
		}
		out = append(out, sarifResult{
			RuleID: terminalSafe(r.Check), RuleIndex: ruleIndex, Level: "none",
			Message: sarifText{Text: multilineSafe(fmt.Sprintf("%s %s on %s: fixed; delete line %d of %s: %s",
				e.Method, e.Resource, e.Target, e.Line, run.Baseline.File, e.String()))},
			Locations:           []sarifLocation{sarifLocationOf(t, r.Method, r.Resource, uri, line, src)},
			PartialFingerprints: map[string]string{sarifFingerprintKey: fingerprint(r.Check, e.Target, e.Method, e.Resource)},
			OccurrenceCount:     1,
			BaselineState:       "absent",
			Properties:          sarifResultDetails{Target: e.Target, Method: e.Method, Resource: e.Resource, Outcome: Pass, Probes: []string{e.Probe}},
		})
	}
	return out
}

// targetNamed returns the run's target called name, or nil.
func (r *Run) targetNamed(name string) *Target {
	for i := range r.Targets {
		if r.Targets[i].Name == name {
			return &r.Targets[i]
		}
	}
	return nil
}

// BaselineLines says what a baseline found, for the terminal and the
// summaries: the counts, then each fixed entry with the line to delete.
func BaselineLines(run *Run) []string {
	if run == nil || run.Baseline == nil {
		return nil
	}
	b := run.Baseline
	lines := []string{b.String()}
	for _, e := range b.Fixed {
		lines = append(lines, fmt.Sprintf("fixed: delete line %d of %s: %s", e.Line, b.File, e.String()))
	}
	return lines
}

// baselineProperties are the JUnit properties of a target under a
// baseline: its new and known findings and the run's fixed entries on it.
func baselineProperties(run *Run, t *Target) []junitProperty {
	if run.Baseline == nil {
		return nil
	}
	newKeys, knownKeys := map[string]bool{}, map[string]bool{}
	for j := range t.Results {
		r := &t.Results[j]
		switch r.Baseline {
		case BaselineNew:
			newKeys[entryOf(t.Name, r).key()] = true
		case BaselineKnown:
			knownKeys[entryOf(t.Name, r).key()] = true
		}
	}
	fixed := 0
	for _, e := range run.Baseline.Fixed {
		if e.Target == t.Name {
			fixed++
		}
	}
	return []junitProperty{
		{Name: "baseline", Value: xmlSafe(run.Baseline.File)},
		{Name: "baseline.new", Value: fmt.Sprint(len(newKeys))},
		{Name: "baseline.known", Value: fmt.Sprint(len(knownKeys))},
		{Name: "baseline.fixed", Value: fmt.Sprint(fixed)},
	}
}

// baseline is summary.md's account of the baseline: the counts, then
// the fixed entries with the lines to delete.
func (m *mdWriter) baseline(run *Run) {
	b := run.Baseline
	if b == nil {
		return
	}
	m.block(fmt.Sprintf("**Baseline** %s: %d new, %d known, %d fixed.\n\n", mdText(b.File), b.New, b.Known, len(b.Fixed)))
	if len(b.Fixed) == 0 {
		return
	}
	m.block("Fixed since the baseline; delete these lines from it:\n\n")
	for _, e := range b.Fixed {
		if !m.block(fmt.Sprintf("- line %d: %s\n", e.Line, mdText(e.String()))) {
			return
		}
	}
	m.block("\n")
}

// versionOf is the authspec version a run's reports name: the one that
// ran its probes, else (a file from before it was recorded) this one.
func (r *Run) versionOf() string {
	if r.AuthspecVersion != "" {
		return r.AuthspecVersion
	}
	return probe.Version
}

// runProperties are the JUnit properties every testsuite gets from the
// run: the authspec version, and the baseline's counts when there is one.
func runProperties(run *Run, t *Target) []junitProperty {
	props := []junitProperty{{Name: "authspec_version", Value: xmlSafe(run.versionOf())}}
	if scope := Scope(run); scope != "" {
		// What part of the plan ran: a shard, a selection (see Scope).
		props = append(props, junitProperty{Name: "scope", Value: xmlSafe(scope)})
	}
	return append(props, baselineProperties(run, t)...)
}
