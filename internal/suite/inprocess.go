package suite

import (
	"context"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/report"
	"github.com/authspec/authspec/internal/schedule"
)

// ProbeConfig probes every target of cfg the way `authspec run` does (the
// same plan of units, the same probes in the same order, the same judge
// and the same collection of results) but without Ginkgo: no spec tree, no
// signal handlers, no progress line and no reports written. It returns the
// run's results, in configuration order, as `authspec run` would write
// them to results.json. Package authtest probes an http.Handler with it
// inside the caller's own `go test`.
//
// Cancelling ctx ends every request in flight; the units that did not
// finish are then reported as interrupted. parallel caps the requests in
// flight across all targets (<= 0: DefaultParallel). OpenAPI documents are
// not expanded here: cfg's resources are probed as they are.
func ProbeConfig(ctx context.Context, cfg *config.Config, parallel int) *report.Run {
	st := newRunState(cfg, Options{Parallel: parallel})
	st.selectUnits(selection{}) // no filter: every probe of every unit
	st.runUnits(ctx)
	run := st.collect(types.Report{})
	for _, rt := range st.rts {
		rt.Close()
	}
	markInterrupted(st, run)
	return run
}

// runUnits runs every selected unit through the scheduler and waits for
// all of them.
func (st *runState) runUnits(ctx context.Context) {
	st.schedule(ctx).Wait()
}

// schedule starts every selected unit in the background and returns the
// scheduler: runState.start without the signals, the progress line and
// the collector's tuning, which belong to a whole process's run.
func (st *runState) schedule(ctx context.Context) *schedule.Scheduler {
	su := make([]*schedule.Unit, len(st.units))
	byPlan := map[*schedule.Unit]*Unit{}
	for i, u := range st.units {
		su[i] = &u.Unit
		byPlan[&u.Unit] = u
	}
	workers := func(ti int) int { return st.rts[ti].gate.Concurrency() }
	return schedule.Start(ctx, su, workers, func(ctx context.Context, s *schedule.Unit) {
		st.runUnit(ctx, byPlan[s])
	})
}

// markInterrupted gives a target whose units did not all finish (ctx was
// cancelled) the verdict interrupted, as a signal would in a run: what was
// not probed must not read as a pass.
func markInterrupted(st *runState, run *report.Run) {
	for ti := range run.Targets {
		for _, u := range st.unitsOf(ti) {
			if u.Selected() && (u.interrupted || !schedule.Done(&u.Unit)) {
				run.Targets[ti].Verdict = report.VerdictInterrupted
				run.Interrupted = true
				break
			}
		}
	}
}

// ResultOf is the result a run records for rule r's status st on the
// request where names, with findings fs when it broke: the outcome (strict
// and waivers applied by j) and the message are those of the reports.
// Package authtest judges single responses with it.
func ResultOf(j Judging, r *checks.Rule, st checks.Status, fs []checks.Finding, where Where) report.Result {
	res := newResult(r, where)
	if st == checks.Violated {
		res.Message = messageOf(fs)
	}
	j.Apply(&res, r, st)
	return res
}
