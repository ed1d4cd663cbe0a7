package suite

import (
	"github.com/authspec/authspec/checks"
	"github.com/authspec/authspec/probe"
	"github.com/authspec/authspec/report"
)

// Verdicts is what the judge said about the exchanges of one probe: every
// single-response rule on every exchange, plus the relational rules the
// probe exists for. Specs filter it by group.
type Verdicts struct {
	Results []report.Result
	// Rules parallels Results: the rule each result is about.
	Rules []*checks.Rule
	// Protocol is the protocol of the first answered exchange.
	Protocol string
}

// add appends one rule's verdict on one exchange.
func (v *Verdicts) add(j Judging, r *checks.Rule, st checks.Status, fs []checks.Finding, ex *probe.Exchange) {
	res := newResult(r, whereOf(ex))
	if st == checks.Violated {
		res.Message = messageOf(fs)
		ev := ex.Evidence
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
	ev := ex.Evidence
	res.Evidence = &ev
	v.Results = append(v.Results, res)
	v.Rules = append(v.Rules, r)
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
	v.add(j, mustRule(id), st, fs, ex)
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
	v.add(j, checks.ResponseReceived, checks.Pass, nil, ex)
	for _, res := range checks.Evaluate(&ex.Judge) {
		if res.Status == checks.NotApplicable {
			continue
		}
		v.add(j, res.Rule, res.Status, res.Findings, ex)
	}
}

// Filter returns the results whose rule keep accepts.
func (v *Verdicts) Filter(keep func(*checks.Rule) bool) []report.Result {
	var out []report.Result
	for i, r := range v.Rules {
		if keep(r) {
			out = append(out, v.Results[i])
		}
	}
	return out
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
