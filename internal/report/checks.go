package report

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/authspec/authspec/internal/checks"
)

// A check is one rule on one method of one resource. It is the unit every
// report counts in: a JUnit test case, a count on the terminal's line for
// a target, a cell of a matrix. One check may sum up many judgments (the
// rule on each request its resource's probes sent) and many results (each
// request that broke it, with its evidence); its outcome is the worst of
// them. The checks of a resource are planned from the configuration and
// the catalogue (Unit.Rules), so they do not come and go with what the
// server answers: a planned rule that was not judged is a skipped check,
// with the reason.
type Check struct {
	Rule             string // rule ID
	Method, Resource string // empty for a note about the configuration
	// Line is the resource's line in the targets file, or the target's for
	// a check on no resource (0: unknown).
	Line    int
	Outcome Outcome
	// Planned is set when the configuration and the catalogue planned the
	// check; a check that is not planned exists because results name it (a
	// scheme the configuration does not list, offered all the same).
	Planned bool
	// Results are the check's results, in the order the suite produced
	// them; none for a planned rule that was not judged.
	Results []*Result
	// Reason says why a check with no results was not judged.
	Reason string
	// Sent is how many requests the check's target was sent in all: a
	// check judged more often than that had judgments planned on requests
	// that never went out (the target could not be tested), and its
	// headline must not claim them as requests.
	Sent int
	// Elapsed is the check's share of its resource's time (see
	// Unit.Elapsed): the checks of a target add up to the time its
	// resources took, each request counted once.
	Elapsed time.Duration
}

// Name is the check's stable name, "<rule> <METHOD> <path>", the JUnit
// test case name CI history tracks.
func (c *Check) Name() string {
	return strings.Join(nonEmpty(c.Rule, c.Method, c.Resource), " ")
}

// Judgments is how many times the rule was judged on the check's
// requests: each pass counts as often as it sums up, each other result
// once, skips not at all.
func (c *Check) Judgments() int {
	n := 0
	for _, r := range c.Results {
		if r.Outcome != Skip {
			n += max(r.Count, 1)
		}
	}
	return n
}

// With returns the check's results with outcome o.
func (c *Check) With(o Outcome) []*Result {
	var out []*Result
	for _, r := range c.Results {
		if r.Outcome == o {
			out = append(out, r)
		}
	}
	return out
}

// outcomeRank orders a check's outcomes from best to worst: one failed
// judgment fails the check, one that could not be made errs it, and so on.
// Skip ranks below pass: a rule skipped on one request (waived, say) but
// passed on another passed.
func outcomeRank(o Outcome) int {
	switch o {
	case Skip:
		return 0
	case Pass:
		return 1
	case Info:
		return 2
	case Warn:
		return 3
	case Error:
		return 4
	case Fail:
		return 5
	}
	return 4 // unknown: an error, as Verdict counts it
}

// normalOutcome maps anything unknown to Error, like Verdict does.
func normalOutcome(o Outcome) Outcome {
	if o.known() {
		return o
	}
	return Error
}

// Checks returns the target's checks: those of each unit in plan order
// (its planned rules in catalogue order, then any other rule it has
// results for; a GET's HEAD request right after it), then those of
// results on no unit (notes about the configuration, results of files
// written before units existed). It takes linear time in the number of
// results and planned rules.
//
// The writers of WriteAll share one computation (see Run.HoldChecks);
// the returned slice must not be modified.
func (t *Target) Checks() []Check {
	if t.checks != nil {
		return t.checks
	}
	return t.computeChecks()
}

// HoldChecks computes the checks of every target once, for the report
// writers, which would each compute them again (at 1,000 resources,
// 57,000 checks a writer). Until release is called the run must not
// change; release drops them, so that later changes are seen. A hold
// inside another is a no-op.
func (run *Run) HoldChecks() (release func()) {
	if run.checksHeld {
		return func() {}
	}
	run.checksHeld = true
	run.settleCaseTimes()
	// Targets are independent: two at a time, on the two cores of a
	// small CI machine, since the reports wait for them.
	next := make(chan int, len(run.Targets))
	for i := range run.Targets {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(2, len(run.Targets)) {
		wg.Go(func() {
			for i := range next {
				run.Targets[i].checks = run.Targets[i].computeChecks()
			}
		})
	}
	wg.Wait()
	return func() {
		for i := range run.Targets {
			run.Targets[i].checks = nil
		}
		run.checksHeld = false
	}
}

func (t *Target) computeChecks() []Check {
	slots, index := t.slots()
	for i := range t.Results {
		r := &t.Results[i]
		k := r.Method + " " + r.Resource
		j, ok := index[k]
		if !ok {
			j = len(slots)
			index[k] = j
			slots = append(slots, slot{method: r.Method, resource: r.Resource, line: t.Line, owner: -1})
		}
		slots[j].results = append(slots[j].results, r)
	}
	interrupted := t.Verdict == VerdictInterrupted
	errored := make([]bool, len(t.Units)) // per unit: the target could not be tested on it
	for _, sl := range slots {
		if sl.owner >= 0 && sl.errored() {
			errored[sl.owner] = true
		}
	}
	planned := 0 // results mostly fall on planned checks
	for _, sl := range slots {
		planned += len(sl.rules)
	}
	out := make([]Check, 0, planned)
	owned := make([][]int, len(t.Units)) // per unit, its checks' indexes in out
	at := map[string]int{}               // reused by every slot
	for _, sl := range slots {
		if len(sl.rules) == 0 && len(sl.results) == 0 {
			continue
		}
		clear(at)
		cs := sl.checks(at, sl.errored() || (sl.owner >= 0 && errored[sl.owner]), interrupted)
		if sl.owner >= 0 {
			for i := range cs {
				owned[sl.owner] = append(owned[sl.owner], len(out)+i)
			}
		}
		out = append(out, cs...)
	}
	scale := t.unitTimeScale()
	for u, mine := range owned {
		shareTime(out, mine, scale(t.Units[u].Elapsed))
	}
	for i := range out {
		out[i].Sent = t.Requests
	}
	return out
}

// slot is one method on one resource: a unit's own, the HEAD request sent
// beside a GET, or a method and resource results name but no unit plans.
type slot struct {
	method, resource string
	line             int
	rules            []string
	results          []*Result
	owner            int // index of the unit whose time its checks share, -1 for none
}

// slots lists the planned slots of t in plan order, with an index by
// "METHOD path". A slot planned twice (a unit listed twice, or HEAD both
// listed and sent beside GET) is one slot with both plans.
func (t *Target) slots() ([]slot, map[string]int) {
	var slots []slot
	index := map[string]int{}
	add := func(owner int, method string, rules []string) {
		u := &t.Units[owner]
		k := method + " " + u.Resource
		if j, ok := index[k]; ok {
			slots[j].rules = append(slices.Clip(slots[j].rules), rules...)
			return
		}
		index[k] = len(slots)
		slots = append(slots, slot{method: method, resource: u.Resource, line: u.Line, rules: rules, owner: owner})
	}
	for i, u := range t.Units {
		add(i, u.Method, u.Rules)
		if len(u.HeadRules) > 0 {
			add(i, "HEAD", u.HeadRules)
		}
	}
	return slots, index
}

// errored reports whether any result of the slot is an error.
func (sl *slot) errored() bool {
	for _, r := range sl.results {
		if normalOutcome(r.Outcome) == Error {
			return true
		}
	}
	return false
}

// checks makes the checks of one slot from its plan and its results; at
// is an empty map for it to index them by rule.
func (sl *slot) checks(at map[string]int, errored, interrupted bool) []Check {
	out := make([]Check, 0, len(sl.rules))
	add := func(rule string) int {
		if i, ok := at[rule]; ok {
			return i
		}
		at[rule] = len(out)
		out = append(out, Check{Rule: rule, Method: sl.method, Resource: sl.resource, Line: sl.line})
		return len(out) - 1
	}
	for _, id := range sl.rules {
		out[add(id)].Planned = true
	}
	for _, r := range sl.results {
		c := &out[add(r.Check)]
		c.Results = append(c.Results, r)
	}
	offered := offeredSchemes(sl.results)
	for i := range out {
		c := &out[i]
		c.Outcome = Skip
		for _, r := range c.Results {
			if outcomeRank(r.Outcome) > outcomeRank(c.Outcome) {
				c.Outcome = normalOutcome(r.Outcome)
			}
		}
		if len(c.Results) == 0 {
			c.Reason = notJudged(c.Rule, errored, interrupted, offered)
		}
	}
	return out
}

// offeredSchemes are the schemes some rule about them judged in results:
// the server offered them there.
func offeredSchemes(results []*Result) map[string]bool {
	out := map[string]bool{}
	for _, r := range results {
		if r.Outcome == Skip || normalOutcome(r.Outcome) == Error {
			continue
		}
		if rule := checks.Lookup(r.Check); rule != nil && rule.Scheme != "" {
			out[strings.ToLower(rule.Scheme)] = true
		}
	}
	return out
}

// narrowRules says, for the rules about a scheme that judge less than
// every challenge of it, why one was not judged where the scheme was
// offered: their own condition did not hold.
var narrowRules = map[string]string{
	"rfc7617/basic-cleartext":             "Basic is offered here over TLS or on a loopback address, where no password crosses a network in cleartext",
	"rfc6750/bearer-challenge-on-refusal": "no 400 or 403 refused a Bearer token here (the rule is about those; a 401 is judged by the other Bearer rules)",
	"rfc7616/digest-authentication-info":  "no Authentication-Info field answered Digest credentials here, so there was none to judge",
}

// notJudged says why a planned rule has no result on a unit; offered
// are the schemes other rules judged there.
func notJudged(rule string, errored, interrupted bool, offered map[string]bool) string {
	switch {
	case errored:
		return "not judged: the target could not be tested on this resource (see the error under " + checks.ResponseReceived.ID + ")"
	case interrupted:
		return "not judged: the run was interrupted before the rule was judged here, or nothing in the answers called for it"
	}
	r := checks.Lookup(rule)
	if r != nil && r.Scheme != "" && offered[strings.ToLower(r.Scheme)] {
		if why, ok := narrowRules[rule]; ok {
			return "not judged: " + why
		}
		return fmt.Sprintf("not judged: the %s challenges here had nothing this rule is about", r.Scheme)
	}
	reason := "not judged: nothing in this resource's answers called for this rule"
	if r != nil && r.Scheme != "" {
		reason += fmt.Sprintf(" (no %s challenge here)", r.Scheme)
	}
	return reason
}

// shareTime shares d among the checks cs[mine], in whole milliseconds,
// the first taking the remainder, so that the JUnit times (three
// decimals) of a unit's checks add up exactly to the unit's.
func shareTime(cs []Check, mine []int, d time.Duration) {
	if d <= 0 || len(mine) == 0 {
		return
	}
	ms := d.Truncate(time.Millisecond).Milliseconds() // never more than d: sums stay within the wall time
	each := ms / int64(len(mine))
	for _, i := range mine {
		cs[i].Elapsed = time.Duration(each) * time.Millisecond
	}
	cs[mine[0]].Elapsed += time.Duration(ms-each*int64(len(mine))) * time.Millisecond
}

// Tally counts checks by outcome. Every check has exactly one outcome, so
// the counts add up to Checks.
type Tally struct {
	Checks, Pass, Fail, Warn, Error, Skip, Info int
}

// TallyChecks counts cs.
func TallyChecks(cs []Check) Tally {
	var t Tally
	for i := range cs {
		t.Checks++
		switch cs[i].Outcome {
		case Pass:
			t.Pass++
		case Fail:
			t.Fail++
		case Warn:
			t.Warn++
		case Skip:
			t.Skip++
		case Info:
			t.Info++
		default:
			t.Error++
		}
	}
	return t
}

// String is the counts as every report words them: "37 checks: 30 pass,
// 2 fail, 1 warn, 0 error, 4 skip", with ", 1 info" when there is any.
func (t Tally) String() string {
	s := fmt.Sprintf("%s: %d pass, %d fail, %d warn, %d error, %d skip",
		plural(t.Checks, "check"), t.Pass, t.Fail, t.Warn, t.Error, t.Skip)
	if t.Info > 0 {
		s += fmt.Sprintf(", %d info", t.Info)
	}
	return s
}

func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// unitTimeScale returns what a unit's time counts for in the JUnit times:
// the units of a target run concurrently, so their times add up to more
// than the target took; past its case budget (settleCaseTimes) they are
// scaled down to it, so that the sums CI readers compute (GitLab and
// dorny add up case times, mikepenz prints the total) never exceed the
// wall time of the run.
func (t *Target) unitTimeScale() func(time.Duration) time.Duration {
	var total time.Duration
	for i := range t.Units {
		total += max(t.Units[i].Elapsed, 0)
	}
	if t.caseBudget <= 0 || total <= t.caseBudget {
		return func(d time.Duration) time.Duration { return d }
	}
	return func(d time.Duration) time.Duration {
		return time.Duration(float64(d) * float64(t.caseBudget) / float64(total))
	}
}

// settleCaseTimes sets each target's case budget: its own wall time,
// and, since targets run concurrently too, a share of the run's wall
// time (the span from the first target's start to the last one's end)
// proportional to it when the targets' times add up to more. Targets
// whose times are unknown (a run read back from results.json written
// before timings) keep none.
func (run *Run) settleCaseTimes() {
	var sum time.Duration
	var start, end time.Time
	for i := range run.Targets {
		t := &run.Targets[i]
		t.caseBudget = 0
		if t.Elapsed <= 0 {
			continue
		}
		t.caseBudget = t.Elapsed
		sum += t.Elapsed
		if t.Started.IsZero() {
			continue
		}
		if start.IsZero() || t.Started.Before(start) {
			start = t.Started
		}
		if e := t.Started.Add(t.Elapsed); e.After(end) {
			end = e
		}
	}
	wall := end.Sub(start)
	if start.IsZero() || wall <= 0 || sum <= wall {
		return
	}
	for i := range run.Targets {
		t := &run.Targets[i]
		t.caseBudget = time.Duration(float64(t.caseBudget) * float64(wall) / float64(sum))
	}
}
