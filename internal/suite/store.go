package suite

import (
	"time"
	"unicode/utf8"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/probe"
	"github.com/authspec/authspec/internal/report"
	"github.com/authspec/authspec/internal/schedule"
)

// Unit is one method on one resource, as the run keeps it: the scheduler's
// unit, the Resource its probes share, and what the judge said, kept in
// compact form. The exchanges themselves are dropped as soon as they are
// judged, so a run's memory grows with the number of broken rules, not
// with the number of requests.
type Unit struct {
	schedule.Unit
	R *Resource
	// groups are, per probe, the groups of rules whose specs the filter
	// selected: only their results are kept. Units with the same target
	// and probes may share the maps: never modify them.
	groups map[string]map[*Group]bool
	// labels are the union of the labels of the selected pairs: the
	// labels of the unit's spec.
	labels []string

	// Set by the worker that runs the unit; read after it is done.
	err    error // the target could not be tested at all
	probes map[string]*probeResults
	// passes count the passing judgments of the unit's probes, per rule,
	// variant and method, in the order the rules first passed: a handful
	// of words per rule, whatever the number of requests.
	passes []passCount
	// nextPass is where countPass looks first.
	nextPass int
	started  time.Time
	elapsed  time.Duration
	protocol string
	// interrupted is set when the run ended before the unit's probes did.
	interrupted bool
	// plan is the unit's planned rules, once runState.planOf has made it.
	plan *unitPlan
	// evidenced holds, while the unit's probes are kept, the results that
	// came with evidence (rule, outcome, method and message): a later one
	// alike is kept without it (see keep).
	evidenced map[string]bool
}

// unitPlan is what a unit's checks are: the rules planned on its method,
// and on the HEAD request beside it (see planner.plan).
type unitPlan struct{ own, head []string }

// probeResults is what one probe of a unit left that is not a pass: every
// such result, whole with its evidence. Passes are counted on the unit.
type probeResults struct {
	others []report.Result
}

// passCount counts the passing judgments of one rule (of one variant of
// a probe's request, for the rules the probe exists for) on requests of
// one method: the head probe sends HEAD beside a GET, and its judgments
// are checks of HEAD, like its failures.
type passCount struct {
	rule    *checks.Rule
	variant string
	method  string
	n       int
	elapsed time.Duration
}

// groupsOf lists the groups selected on probe p, for selectedIn.
func (u *Unit) groupsOf(p string) []*Group {
	gs := make([]*Group, 0, len(u.groups[p]))
	for g := range u.groups[p] {
		gs = append(gs, g)
	}
	return gs
}

// selectedIn reports whether a result of rule r on a probe whose selected
// groups are gs (see groupsOf) is kept: its group's spec was selected, or
// it is an error, which is never dropped (a target that could not be
// tested must not look like a pass).
func selectedIn(gs []*Group, r *checks.Rule, o report.Outcome) bool {
	if o == report.Error {
		return true
	}
	for _, g := range gs {
		if g.Has(r) {
			return true
		}
	}
	return false
}

// keep compacts a probe's verdicts into the unit, redacting what is kept.
func (u *Unit) keep(name string, v *Verdicts, redactor *probe.Redactor) {
	pr := &probeResults{}
	gs := u.groupsOf(name)
	for i, res := range v.Results {
		if !selectedIn(gs, v.Rules[i], res.Outcome) {
			continue
		}
		if res.Outcome == report.Pass { // a pass recorded whole (none today): count it
			v.Passes = append(v.Passes, Pass{Rule: v.Rules[i], Variant: res.Variant, Method: res.Method, Elapsed: res.Elapsed})
			continue
		}
		redactResult(&res, redactor)
		u.dedupEvidence(&res)
		pr.others = append(pr.others, res)
	}
	for _, p := range v.Passes {
		if selectedIn(gs, p.Rule, report.Pass) {
			u.countPass(p)
		}
	}
	if u.protocol == "" {
		u.protocol = v.Protocol
	}
	if u.probes == nil {
		u.probes = map[string]*probeResults{}
	}
	u.probes[name] = pr
}

// dedupEvidence trims a result that says what an earlier one of the unit
// said (same rule, outcome, method and message): the same defect seen on
// another request of the resource. The first keeps its evidence and its
// whole message; the others keep neither the evidence nor more than the
// start of a long message, and the reports list them by their probe. A
// response that breaks a rule on every request, with kilobytes of message
// and evidence each, then adds those kilobytes to the reports once per
// resource, not once per request.
func (u *Unit) dedupEvidence(res *report.Result) {
	if res.Evidence == nil {
		return
	}
	key := res.Check + "\x00" + string(res.Outcome) + "\x00" + res.Method + "\x00" + res.Message
	if u.evidenced[key] {
		res.Evidence = nil
		res.Message = sameAsBefore(res.Message)
		return
	}
	if u.evidenced == nil {
		u.evidenced = map[string]bool{}
	}
	u.evidenced[key] = true
}

// maxRepeatedMessage is how much of a message a repeated result keeps.
const maxRepeatedMessage = 200

// sameAsBefore shortens the message of a result that repeats an earlier
// one, saying so.
func sameAsBefore(msg string) string {
	if len(msg) <= maxRepeatedMessage {
		return msg
	}
	cut := maxRepeatedMessage
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + "… (as on this resource's first such request, whose result has the whole message and the evidence)"
}

// countPass adds one passing judgment to the unit's counts.
// The counts are searched from just after the last one counted: every
// exchange passes the rules in the same order, so the next pass is nearly
// always counted there, and the whole list is searched only when it is not.
func (u *Unit) countPass(p Pass) {
	n := len(u.passes)
	for k := 0; k < n; k++ {
		i := u.nextPass + k
		if i >= n {
			i -= n
		}
		c := &u.passes[i]
		if c.rule == p.Rule && c.variant == p.Variant && c.method == p.Method {
			c.n++
			c.elapsed += p.Elapsed
			u.nextPass = i + 1
			return
		}
	}
	u.passes = append(u.passes, passCount{rule: p.Rule, variant: p.Variant, method: p.Method, n: 1, elapsed: p.Elapsed})
	u.nextPass = 0
}

// problems returns every result of the unit that is not a pass: what its
// spec asserts on.
func (u *Unit) problems() []report.Result {
	var out []report.Result
	for _, name := range u.Probes {
		if pr := u.probes[name]; pr != nil {
			out = append(out, pr.others...)
		}
	}
	return out
}

// passResult is the summary of one rule's passing judgments on the unit.
func (u *Unit) passResult(p passCount) report.Result {
	method := p.method
	if method == "" {
		method = u.Method
	}
	res := newResult(p.rule, Where{Method: method, Path: u.Path, Variant: p.variant, Elapsed: p.elapsed})
	res.Outcome = report.Pass
	res.Count = p.n
	return res
}

// appendResults appends to out everything the unit's probes left, in
// probe order: the results that are not passes as they came, then one pass
// summary per rule for the whole unit, in the order the rules first
// passed.
func (u *Unit) appendResults(out []report.Result) []report.Result {
	for _, name := range u.Probes {
		if pr := u.probes[name]; pr != nil {
			out = append(out, pr.others...)
		}
	}
	for _, p := range u.passes {
		out = append(out, u.passResult(p))
	}
	return out
}

// resultCount is the number of results appendResults appends.
func (u *Unit) resultCount() int {
	n := len(u.passes)
	for _, name := range u.Probes {
		if pr := u.probes[name]; pr != nil {
			n += len(pr.others)
		}
	}
	return n
}
