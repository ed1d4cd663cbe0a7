package report

import (
	"sort"
	"strings"
	"time"

	"github.com/authspec/authspec/internal/checks"
)

// The data of report.html: what the page's script renders. It is built
// from jsonView, the very view results.json is written from, so a report
// rebuilt from results.json (authspec merge) is the same page byte for byte.
//
// It is kept compact for runs of thousands of resources: passes are counts
// per unit and rule (as in results.json), each distinct evidence is stored
// once and referred to by index, and the target × rule cells the page
// shows first are computed here, so the page draws them without reading
// the units.

// htmlDataVersion is the version of the data block's layout, for whoever
// reads it out of a report.html (the browser test does).
const htmlDataVersion = 1

type htmlData struct {
	Version     int      `json:"v"`
	TargetsFile string   `json:"targetsFile,omitempty"`
	Shard       string   `json:"shard,omitempty"`
	Interrupted bool     `json:"interrupted,omitempty"`
	Unfinished  []string `json:"unfinished,omitempty"`
	// Baseline is the baseline's counts and fixed entries, one line each
	// (BaselineLines); absent without a baseline.
	Baseline []string `json:"baseline,omitempty"`
	// Tool is "authspec <version>", the version that ran the probes.
	Tool    string     `json:"tool,omitempty"`
	Rules   []htmlRule `json:"rules"`
	Targets []htmlTgt  `json:"targets"`
	// Evidence holds each distinct evidence once: request, response head,
	// response content, curl line.
	Evidence [][4]string `json:"evidence"`
}

// htmlRule is a column of the matrix.
type htmlRule struct {
	ID          string `json:"id"`
	RFC         string `json:"rfc"`
	Section     string `json:"sec,omitempty"`
	Level       string `json:"level"`
	Requirement string `json:"req,omitempty"`
	Basis       string `json:"basis,omitempty"`
	// Severity is how much harm breaking the rule does.
	Severity string `json:"sev,omitempty"`
	// Scheme is the auth-scheme the rule is about, from the catalogue; ""
	// for rules about every scheme and for rules the catalogue does not
	// know (results.json from another version of authspec).
	Scheme string `json:"scheme,omitempty"`
}

// htmlTgt is a row of the matrix.
type htmlTgt struct {
	Name     string `json:"name"`
	URL      string `json:"url"`
	Kind     string `json:"kind"`
	Line     int    `json:"line,omitempty"`
	Verdict  string `json:"verdict"`
	Requests int    `json:"requests"`
	Protocol string `json:"protocol,omitempty"`
	// Time is where the target's time went: its wall time and slowest
	// resources (timingText); "" when unknown.
	Time string `json:"time,omitempty"`
	// Counts are the target's checks by outcome, as every report counts
	// them (Tally).
	Counts map[Outcome]int `json:"counts"`
	// Cells are the target's checks per rule and outcome, for the rules
	// the run names.
	Cells   []htmlCell `json:"cells"`
	Units   []htmlUnit `json:"units"`
	Results []htmlRes  `json:"results"`
}

// htmlCell is one target × rule cell: its checks by outcome.
type htmlCell struct {
	Rule   int             `json:"r"`
	Counts map[Outcome]int `json:"n"`
}

// htmlUnit is a method on a resource, with its passes as flat pairs of
// rule index and count.
type htmlUnit struct {
	Method   string `json:"m"`
	Resource string `json:"res"`
	Line     int    `json:"l,omitempty"`
	Passes   []int  `json:"p,omitempty"`
}

// htmlRes is a result that is not a pass.
type htmlRes struct {
	Rule    int     `json:"r"`
	Outcome Outcome `json:"o"`
	// Unit is the index of the result's unit in the target's units, -1
	// for a result on no unit (a note about the configuration).
	Unit    int    `json:"u"`
	Probe   string `json:"p,omitempty"`
	Message string `json:"msg"`
	// Evidence indexes htmlData.Evidence; -1 when there is none.
	Evidence int `json:"e"`
	// Carets point under grammar errors in the response head: pairs of
	// line index (0: the status line) and column, in runes.
	Carets [][2]int `json:"k,omitempty"`
}

// htmlView builds the page's data from run.
func htmlView(run *Run) *htmlData {
	jr := jsonView(run)
	b := htmlBuilder{ruleIndex: map[string]int{}, evidenceIndex: map[[4]string]int{}}
	b.rules(jr.Rules)
	d := &htmlData{
		Version: htmlDataVersion, TargetsFile: lineSafe(jr.TargetsFile), Shard: lineSafe(jr.Shard),
		Interrupted: jr.Interrupted, Rules: b.ruleList, Targets: make([]htmlTgt, len(jr.Targets)),
	}
	d.Tool = lineSafe("authspec " + run.versionOf())
	for _, line := range BaselineLines(run) {
		d.Baseline = append(d.Baseline, lineSafe(line))
	}
	for _, name := range jr.Unfinished {
		d.Unfinished = append(d.Unfinished, lineSafe(name))
	}
	for i := range jr.Targets {
		d.Targets[i] = b.target(&jr.Targets[i], run.Targets[i].Checks())
	}
	d.Evidence = b.evidence
	if d.Evidence == nil {
		d.Evidence = [][4]string{}
	}
	return d
}

type htmlBuilder struct {
	ruleList []htmlRule
	// ruleIDs are the rules' IDs as results.json has them (ruleList holds
	// them made safe to show), by index.
	ruleIDs       []string
	ruleIndex     map[string]int
	evidence      [][4]string
	evidenceIndex map[[4]string]int
}

// rules lists the rules worst first, as every other view orders them, and
// in ID order within a severity, which groups them by RFC; each with the
// scheme it is about.
func (b *htmlBuilder) rules(rules map[string]*jsonRule) {
	ids := make([]string, 0, len(rules))
	for id := range rules {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		ri, rj := checks.Severity(rules[ids[i]].Severity).Rank(), checks.Severity(rules[ids[j]].Severity).Rank()
		if ri != rj {
			return ri < rj
		}
		return ids[i] < ids[j]
	})
	for _, id := range ids {
		r := rules[id]
		b.ruleIndex[id] = len(b.ruleList)
		b.ruleIDs = append(b.ruleIDs, id)
		b.ruleList = append(b.ruleList, htmlRule{
			ID: lineSafe(id), RFC: lineSafe(r.RFC), Section: lineSafe(r.Section), Level: lineSafe(r.Level),
			Requirement: lineSafe(r.Requirement), Basis: lineSafe(r.Basis), Scheme: schemeOf(id),
			Severity: lineSafe(r.Severity),
		})
	}
}

// schemeOf is the auth-scheme a rule is about, as the catalogue says.
func schemeOf(id string) string {
	if r := checks.Lookup(id); r != nil {
		return r.Scheme
	}
	return ""
}

func (b *htmlBuilder) target(jt *jsonTarget, cs []Check) htmlTgt {
	t := htmlTgt{
		Name: lineSafe(jt.Name), URL: lineSafe(jt.URL), Kind: lineSafe(jt.Kind), Line: jt.Line,
		Verdict: lineSafe(jt.Verdict), Requests: jt.Requests, Protocol: lineSafe(jt.Protocol),
		Counts: map[Outcome]int{}, Cells: []htmlCell{}, Units: make([]htmlUnit, len(jt.Units)), Results: []htmlRes{},
	}
	if jt.Timing != nil {
		tt := &Target{Elapsed: time.Duration(jt.Timing.ElapsedMS) * time.Millisecond}
		for _, u := range jt.Timing.Slowest {
			tt.Units = append(tt.Units, Unit{Method: u.Method, Resource: u.Resource, Elapsed: time.Duration(u.ElapsedMS) * time.Millisecond})
		}
		t.Time = lineSafe(timingText(tt))
	}
	cells := map[int]map[Outcome]int{}
	for i := range cs {
		c := &cs[i]
		t.Counts[c.Outcome]++
		rule, named := b.ruleIndex[c.Rule]
		if !named {
			continue // a planned rule the run has no result of: no column
		}
		if cells[rule] == nil {
			cells[rule] = map[Outcome]int{}
		}
		cells[rule][c.Outcome]++
	}
	count := func(int, Outcome, int) {} // the units' passes: the page counts them per resource
	unitIndex := map[string]int{}
	for i, ju := range jt.Units {
		t.Units[i] = b.unit(ju, count)
		if _, dup := unitIndex[ju.Method+" "+ju.Resource]; !dup {
			unitIndex[ju.Method+" "+ju.Resource] = i
		}
	}
	for _, jr := range jt.Results {
		rule := b.ruleIndex[jr.Check]
		unit, on := unitIndex[jr.Method+" "+jr.Resource]
		if !on {
			unit = -1
		}
		t.Results = append(t.Results, b.result(&jr, rule, unit))
	}
	// Results in the order of their units, notes last: the order a
	// results.json read back has, so a merged report is the same page.
	sort.SliceStable(t.Results, func(i, j int) bool { return unitRank(t.Results[i].Unit) < unitRank(t.Results[j].Unit) })
	for rule := 0; rule < len(b.ruleList); rule++ {
		if n := cells[rule]; n != nil {
			t.Cells = append(t.Cells, htmlCell{Rule: rule, Counts: n})
		}
	}
	return t
}

// unitRank orders results by unit, those on no unit last.
func unitRank(unit int) int {
	if unit < 0 {
		return int(^uint(0) >> 1)
	}
	return unit
}

// unit writes a unit's passes as pairs in rule order, counting them. The
// passes counted per variant (the rules a probe exists for) and those of
// the HEAD request sent beside a GET count with the others: the matrix
// shows rules on resources, not requests.
func (b *htmlBuilder) unit(ju *jsonUnit, count func(rule int, o Outcome, n int)) htmlUnit {
	u := htmlUnit{Method: lineSafe(ju.Method), Resource: lineSafe(ju.Resource), Line: ju.Line}
	passes := map[string]int{}
	for id, n := range ju.Passes {
		passes[id] += n
	}
	for id, byVariant := range ju.VariantPasses {
		for _, n := range byVariant {
			passes[id] += n
		}
	}
	for id, n := range ju.HeadPasses { // the HEAD request beside a GET
		passes[id] += n
	}
	rules := make([]int, 0, len(passes))
	for id := range passes {
		rules = append(rules, b.ruleIndex[id])
	}
	sort.Ints(rules)
	for _, rule := range rules {
		n := passes[b.ruleIDs[rule]]
		u.Passes = append(u.Passes, rule, n)
		count(rule, Pass, n)
	}
	return u
}

func (b *htmlBuilder) result(jr *jsonResult, rule, unit int) htmlRes {
	r := htmlRes{
		Rule: rule, Outcome: jr.Outcome, Unit: unit, Probe: lineSafe(probeName(jr.Probe, jr.Variant)),
		Message: lineSafe(jr.Message), Evidence: -1,
	}
	if jr.Evidence != nil {
		ev := evidenceParts(jr.Evidence)
		r.Evidence = b.evidenceRef(ev)
		r.Carets = caretsFor(jr.Message, ev[1])
	}
	return r
}

// evidenceRef returns the index of ev in the evidence table, adding it
// the first time: the results of several rules on one exchange share it.
func (b *htmlBuilder) evidenceRef(ev [4]string) int {
	if i, ok := b.evidenceIndex[ev]; ok {
		return i
	}
	b.evidenceIndex[ev] = len(b.evidence)
	b.evidence = append(b.evidence, ev)
	return len(b.evidence) - 1
}

// evidenceParts splits evidence into what the page shows: the request,
// the response head, the response content and the curl line, each made
// safe to display.
func evidenceParts(ev *Evidence) [4]string {
	head, content := responseHead(ev)
	if chain := chainText(ev); chain != "" {
		// The discovery chain follows the content, so the page shows the
		// way from the 401 without a new block of its own.
		content += "\n\n[discovery chain, from the 401 to the document]\n" + chain
	}
	return [4]string{blockSafe(ev.Request), blockSafe(head), blockSafe(content), lineSafe(ev.Curl)}
}

// responseHead splits the response evidence into its head (status line and
// fields, as received) and its content, at the first empty line.
func responseHead(ev *Evidence) (head, content string) {
	resp := strings.ReplaceAll(ev.Response, "\r\n", "\n")
	if h, c, ok := strings.Cut(resp, "\n\n"); ok {
		return h, c
	}
	return strings.TrimSuffix(resp, "\n"), ""
}

func probeName(probe, variant string) string {
	if variant == "" {
		return probe
	}
	return probe + "/" + variant
}

// lineSafe makes a one-line string safe to show: control characters
// (newlines included, so nothing can fake a line), bidirectional overrides
// and invalid UTF-8 become visible escapes, as in the terminal summary.
func lineSafe(s string) string { return terminalSafe(s) }

// blockSafe is lineSafe for text of several lines, such as evidence: it
// keeps newlines and tabs.
func blockSafe(s string) string { return escapeUnless(s, blockKeeps) }

func blockKeeps(r rune) bool {
	return r == '\n' || r == '\t' || (r != '\r' && terminalKeeps(r))
}
