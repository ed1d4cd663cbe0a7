package suite

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/probe"
	"github.com/authspec/authspec/internal/report"
)

// Verdicts is what the judge said about the exchanges of one probe: every
// single-response rule on every exchange, plus the relational rules the
// probe exists for. The unit keeps what its selected groups of rules ask
// for (Unit.keep).
type Verdicts struct {
	// Results are the verdicts that are not passes, whole.
	Results []report.Result
	// Rules parallels Results: the rule each result is about.
	Rules []*checks.Rule
	// Passes are the passing verdicts, kept small: a run judges thousands
	// of exchanges against the whole catalogue, and nearly every verdict
	// is a pass that the reports only count.
	Passes []Pass
	// Protocol is the protocol of the first answered exchange.
	Protocol string
}

// Pass is one rule that held on one exchange.
type Pass struct {
	Rule *checks.Rule
	// Variant is the variant of the probe's request for the rules the
	// probe exists for, whose passes are counted per variant ("the Digest
	// SHA-256 credentials got through"); "" for the others.
	Variant string
	// Method is the request's: HEAD for the head probe beside a GET.
	Method  string
	Elapsed time.Duration
}

// add appends one rule's verdict on one exchange.
func (v *Verdicts) add(j Judging, r *checks.Rule, st checks.Status, fs []checks.Finding, ex *probe.Exchange) {
	v.addAs(j, r, st, fs, ex, "")
}

// addAs is add, with the variant a pass is counted under.
func (v *Verdicts) addAs(j Judging, r *checks.Rule, st checks.Status, fs []checks.Finding, ex *probe.Exchange, variant string) {
	if st == checks.Pass {
		v.Passes = append(v.Passes, Pass{Rule: r, Variant: variant, Method: ex.Method, Elapsed: ex.Duration})
		return
	}
	res := newResult(r, whereOf(ex))
	if st == checks.Violated {
		res.Message = messageOf(fs)
		ev := ex.Evidence()
		if !r.Wire {
			// The raw head is evidence for the rules that read it; on every
			// other result it would only double the size of the reports.
			ev.RawHead = ""
		}
		res.Evidence = &ev
	}
	j.Apply(&res, r, st)
	v.Results = append(v.Results, res)
	v.Rules = append(v.Rules, r)
}

// addError records that an exchange could not be tested at all.
func (v *Verdicts) addError(ex *probe.Exchange) {
	r := checks.ResponseReceived
	res := newResult(r, whereOf(ex))
	res.Outcome = report.Error
	res.Message = errorMessage(ex)
	ev := ex.Evidence()
	ev.RawHead = ""
	res.Evidence = &ev
	v.Results = append(v.Results, res)
	v.Rules = append(v.Rules, r)
}

// warning records findings of rule id on ex as a warning whatever the
// rule's level (a fail under strict: true, a skip when waived): for the
// answers that break a declared rule's spirit without proving it broken,
// such as a 400 to the valid credentials.
func (v *Verdicts) warning(j Judging, id string, ex *probe.Exchange, fs []checks.Finding) {
	r := mustRule(id)
	res := newResult(r, whereOf(ex))
	res.Message = messageOf(fs)
	ev := ex.Evidence()
	ev.RawHead = ""
	res.Evidence = &ev
	j.Apply(&res, r, checks.Violated)
	if res.Outcome == report.Fail && !j.Strict {
		res.Outcome = report.Warn
	}
	v.Results = append(v.Results, res)
	v.Rules = append(v.Rules, r)
}

// noted records something worth knowing about how a rule was judged that
// is no verdict on the server: an info result of the rule.
func (v *Verdicts) noted(id string, where Where, msg string) {
	r := mustRule(id)
	res := newResult(r, where)
	res.Outcome = report.Info
	res.Message = msg
	v.Results = append(v.Results, res)
	v.Rules = append(v.Rules, r)
}

// noteUnanswered says, as an info result of rule id, how many of the
// offered challenges the probe's caps left without credentials of their
// own (see probe.UnansweredChallenges): the cap itself is reported, so a
// server offering thousands of challenges sees that not all were tried.
func noteUnanswered(v *Verdicts, id string, r *Resource, probeName string, offered []checks.Challenge) {
	n := probe.UnansweredChallenges(offered)
	if n == 0 {
		return
	}
	v.noted(id, Where{Method: r.Method, Path: r.Path, Probe: probeName}, fmt.Sprintf(
		"the unauthenticated answer offered %d challenges, and %d of them were not sent credentials of their own: a resource's requests answer the first challenge of each registered scheme, the first %d Digest challenges and the first %d schemes outside the registry, so that one response cannot decide how much work the run does",
		len(offered), n, probe.MaxDigestAnswers, probe.MaxOtherSchemes))
}

// skipped records that a rule was not run, and why.
func (v *Verdicts) skipped(id string, where Where, reason string) {
	r := mustRule(id)
	res := newResult(r, where)
	res.Outcome = report.Skip
	res.Message = "not run: " + reason
	v.Results = append(v.Results, res)
	v.Rules = append(v.Rules, r)
}

// relational records a relational rule's findings on ex: pass when there
// are none.
func (v *Verdicts) relational(j Judging, id string, ex *probe.Exchange, fs []checks.Finding) {
	st := checks.Pass
	if len(fs) > 0 {
		st = checks.Violated
	}
	v.addAs(j, mustRule(id), st, fs, ex, ex.Variant)
}

// single runs every single-response rule on ex. Rules that do not apply are
// left out: they would only be noise in a report.
func (v *Verdicts) single(j Judging, ex *probe.Exchange) {
	if ex.Err != nil {
		v.addError(ex)
		return
	}
	if v.Protocol == "" {
		v.Protocol = ex.Protocol
	}
	// The exchange got a response: rfc9110/response-received held, and is
	// counted like any other rule, so its check passes rather than being
	// reported only when it breaks.
	// Room for every rule to pass, so that appending does not grow the
	// slice step by step for every exchange.
	v.growPasses(1 + checks.SingleResponseRuleCount())
	v.add(j, checks.ResponseReceived, checks.Pass, nil, ex)
	checks.EvaluateEach(&ex.Judge, func(res checks.Result) {
		if res.Status == checks.NotApplicable {
			return
		}
		v.add(j, res.Rule, res.Status, res.Findings, ex)
	})
}

// passBufs recycles the backing arrays of Verdicts.Passes once a unit has
// counted them (see release): a probe judges every rule on every exchange,
// and its passes were the largest allocation of a run.
var passBufs sync.Pool // of *[]Pass, cleared

// growPasses makes room for n more passes, starting from a recycled array.
func (v *Verdicts) growPasses(n int) {
	if cap(v.Passes) == 0 {
		if b, ok := passBufs.Get().(*[]Pass); ok {
			v.Passes = *b
		}
	}
	v.Passes = slices.Grow(v.Passes, n)
}

// release hands v.Passes back for reuse once they have been counted; v
// holds no passes after.
func (v *Verdicts) release() {
	if cap(v.Passes) == 0 {
		return
	}
	b := v.Passes[:cap(v.Passes)]
	clear(b)
	b = b[:0]
	passBufs.Put(&b)
	v.Passes = nil
}

// mustRule looks up a rule the suite names by ID. A missing one is a bug in
// authspec, caught by the suite's own tests.
func mustRule(id string) *checks.Rule {
	r := checks.Lookup(id)
	if r == nil {
		panic("suite: unknown rule " + id)
	}
	return r
}

func whereOf(ex *probe.Exchange) Where {
	return Where{Method: ex.Method, Path: ex.Path, Probe: ex.Probe, Variant: ex.Variant, Elapsed: ex.Duration}
}

// errorMessage says what went wrong with an exchange that could not be
// tested, naming the class of error first so a reader can triage.
func errorMessage(ex *probe.Exchange) string {
	kind := ex.ErrKind
	if kind == "" {
		kind = "error"
	}
	return "target could not be tested (" + kind + "): " + ex.Err.Error()
}

// finalAnswers returns the final exchange of each variant when it got a
// response. A variant that ended in an error (a 429 whose Retry-After is
// too long, say) has no final answer: the error was reported once, and the
// 429s before it are not the answer the relational rules judge.
func finalAnswers(exs []*probe.Exchange) []*probe.Exchange {
	return answered(lastOfEach(exs))
}

// lastOfEach returns, for each variant in order of first appearance, the
// last exchange of that variant: the final answer after retries and
// redirects, which is what the relational rules judge.
func lastOfEach(exs []*probe.Exchange) []*probe.Exchange {
	idx := map[string]int{}
	var out []*probe.Exchange
	for _, ex := range exs {
		if i, seen := idx[ex.Variant]; seen {
			out[i] = ex
			continue
		}
		idx[ex.Variant] = len(out)
		out = append(out, ex)
	}
	return out
}
