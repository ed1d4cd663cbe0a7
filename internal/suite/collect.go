package suite

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/probe"
	"github.com/authspec/authspec/internal/report"
	"github.com/authspec/authspec/internal/schedule"
)

// collect builds the run's results from what the units kept, in
// configuration order, plus an error result for any spec that ended badly
// on its own (a panic in authspec, say), so nothing that happened is
// missing from the reports.
func (st *runState) collect(rep types.Report) *report.Run {
	cfg := st.cfg
	run := &report.Run{Version: report.FormatVersion, Shard: st.opts.Shard.String(), Plan: st.planID(), PlanUnits: len(st.all),
		Selection: st.selected, TargetsFile: st.opts.Targets, JUnitCases: st.opts.JUnitCases,
		AuthspecVersion: probe.Version}
	if !st.opts.Shard.Whole() {
		run.ShardBy = string(st.shardBy())
	}
	for ti, t := range cfg.Targets {
		tg := report.Target{Name: t.Name, URL: t.URL, Kind: string(t.Kind), Line: t.Line, Results: []report.Result{}}
		rt := st.rts[ti]
		if base := rt.Base(); base != "" && base != t.URL && t.URL == config.BuiltinReference {
			tg.URL = config.BuiltinReference + " (" + base + ")"
		}
		tg.Requests = rt.Requests()
		selected, unfinished := 0, false
		units := st.unitsOf(ti)
		n := 0
		for _, u := range units {
			if u.Selected() {
				n += u.resultCount()
			}
		}
		tg.Results = make([]report.Result, 0, n)
		if len(units) > 0 {
			tg.Units = make([]report.Unit, 0, len(units))
		}
		for _, u := range units {
			unit := report.Unit{Method: u.Method, Resource: u.Path, Order: u.Order, Line: t.Resources[u.Resource].Line}
			if u.Selected() {
				p := st.planOf(&cfg.Targets[ti], u)
				unit.Rules, unit.HeadRules = p.own, p.head
				unit.Elapsed = u.elapsed
			}
			tg.Units = append(tg.Units, unit)
			if !u.Selected() {
				continue
			}
			selected++
			if !schedule.Done(&u.Unit) || u.interrupted {
				unfinished = true
			}
			if tg.Protocol == "" {
				tg.Protocol = u.protocol
			}
			tg.Results = u.appendResults(tg.Results)
			tg.Started, tg.Elapsed = spanOf(tg.Started, tg.Elapsed, u.started, u.elapsed)
		}
		switch {
		case selected == 0:
			tg.Verdict = report.VerdictNotRun
		case unfinished && st.interrupted():
			tg.Verdict = report.VerdictInterrupted
			run.Unfinished = append(run.Unfinished, t.Name)
		}
		run.Targets = append(run.Targets, tg)
	}
	st.addSpecErrors(run, rep)
	run.Interrupted = st.interrupted()
	report.ApplyBaseline(run, st.baseline)
	redactor := probe.NewRedactor(configSecrets(cfg)...)
	for i := range run.Targets {
		tg := &run.Targets[i]
		if tg.Verdict != report.VerdictNotRun {
			noteUnusedWaivers(tg, cfg.Targets[i].Waivers)
		}
		if tg.Verdict == "" {
			tg.Verdict = report.Verdict(tg.Results)
		}
		redactTarget(tg, redactor)
	}
	return run
}

// spanOf widens the span [start, start+elapsed) of a target to cover a
// unit's.
func spanOf(start time.Time, elapsed time.Duration, uStart time.Time, uElapsed time.Duration) (time.Time, time.Duration) {
	if uStart.IsZero() {
		return start, elapsed
	}
	if start.IsZero() {
		return uStart, uElapsed
	}
	end := start.Add(elapsed)
	if e := uStart.Add(uElapsed); e.After(end) {
		end = e
	}
	if uStart.Before(start) {
		start = uStart
	}
	return start, end.Sub(start)
}

// planID fingerprints the plan (every target, resource and method, in
// order), the selection and how it was sharded, so that merging refuses
// shards of different runs, or of one run asked for different things.
func (st *runState) planID() string {
	h := sha256.New()
	fmt.Fprintf(h, "selection %q\n", st.selected.String())
	if !st.opts.Shard.Whole() {
		fmt.Fprintf(h, "shard-by %q\n", st.shardBy())
	}
	for _, t := range st.cfg.Targets {
		fmt.Fprintf(h, "%q %q\n", t.Name, t.URL)
		for _, r := range t.Resources {
			fmt.Fprintf(h, "  %q %q\n", r.Path, r.Methods)
		}
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))[:16]
}

// addSpecErrors adds an error result for every spec that ended badly
// although its unit finished: something in authspec itself went wrong
// there, and the report must say so rather than drop it.
func (st *runState) addSpecErrors(run *report.Run, rep types.Report) {
	byName := map[string]*report.Target{}
	for i := range run.Targets {
		byName[run.Targets[i].Name] = &run.Targets[i]
	}
	for _, sr := range rep.SpecReports {
		if sr.LeafNodeType != types.NodeTypeIt || !sr.State.Is(types.SpecStateFailureStates) || sr.State == types.SpecStateFailed {
			continue
		}
		if sr.State == types.SpecStateInterrupted && st.interrupted() {
			continue // the interruption is reported once, for the run
		}
		if t := byName[targetOf(sr)]; t != nil {
			t.Results = append(t.Results, specError(sr))
		}
	}
}

// noteUnusedWaivers adds an info result for each waiver of a target that
// waived nothing in this run: the rule held (or was not run), so the
// waiver may be ready to go before it hides a regression.
func noteUnusedWaivers(t *report.Target, waivers []config.Waiver) {
	if len(waivers) == 0 {
		return
	}
	used := map[string]bool{}
	for _, r := range t.Results {
		if r.Outcome == report.Skip && strings.HasPrefix(r.Message, "waived") {
			used[r.Check] = true
		}
	}
	for _, w := range waivers {
		rule := checks.Lookup(w.Check)
		if used[w.Check] || rule == nil || !w.Active(now()) {
			// An expired waiver waived nothing because it expired: the run
			// warned of it at the start, and its rule's failures say so.
			continue
		}
		res := newResult(rule, Where{})
		res.Outcome = report.Info
		res.Probe, res.Variant = "config", "waiver"
		res.Message = "the waiver for this rule (" + w.Reason + ") waived nothing in this run: the rule held or was not run; remove the waiver once it is no longer needed"
		t.Results = append(t.Results, res)
	}
}

// targetOf reads a spec's target from its place in the tree:
// authspec › target › "METHOD path".
func targetOf(sr types.SpecReport) string {
	if texts := sr.ContainerHierarchyTexts; len(texts) >= 2 {
		return texts[1]
	}
	return ""
}

// specError turns a spec that ended badly without results into an error
// result, so the report says what happened instead of dropping it. The
// spec tree is authspec › target › "METHOD path", which names the request
// the spec was about.
func specError(sr types.SpecReport) report.Result {
	var where Where
	where.Method, where.Path, _ = strings.Cut(sr.LeafNodeText, " ")
	res := newResult(checks.ResponseReceived, where)
	res.Outcome = report.Error
	msg := sr.Failure.Message
	if msg == "" {
		msg = "no detail"
	}
	res.Message = fmt.Sprintf("the spec %q %s before it could report: %s", sr.FullText(), endedHow(sr.State), msg)
	return res
}

// endedHow says in words how a spec ended badly.
func endedHow(s types.SpecState) string {
	switch s {
	case types.SpecStateTimedout:
		return "timed out"
	case types.SpecStatePanicked:
		return "panicked"
	case types.SpecStateInterrupted:
		return "was interrupted"
	case types.SpecStateAborted:
		return "was aborted"
	}
	return "failed"
}

// configSecrets lists every secret of the configuration in the forms a
// report could carry them (probe.TargetSecrets): credentials and
// origin_credentials, their forms outside US-ASCII, secret header fields.
func configSecrets(cfg *config.Config) []string {
	var out []string
	for _, t := range cfg.Targets {
		out = append(out, probe.TargetSecrets(t)...)
	}
	return out
}

// redactTarget is the last line of defence: the probe layer already
// redacts what it records, and this pass catches what a finding quoted
// back from the response.
func redactTarget(t *report.Target, r *probe.Redactor) {
	t.URL = r.Redact(t.URL)
	for i := range t.Results {
		redactResult(&t.Results[i], r)
	}
}

func redactResult(res *report.Result, r *probe.Redactor) {
	res.Message = r.Redact(res.Message)
	if e := res.Evidence; e != nil {
		e.Request = r.Redact(e.Request)
		e.Response = r.Redact(e.Response)
		e.Curl = r.Redact(e.Curl)
		for i := range e.Chain {
			h := &e.Chain[i]
			h.Request, h.Response, h.Curl, h.Note = r.Redact(h.Request), r.Redact(h.Response), r.Redact(h.Curl), r.Redact(h.Note)
		}
	}
}
