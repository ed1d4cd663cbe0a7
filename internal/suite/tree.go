package suite

import (
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/report"
	"github.com/authspec/authspec/internal/schedule"
)

// defineTree declares the spec tree of a run: target › one spec per
// selected method of a resource ("GET /admin"), labelled with the target,
// kind, probes, RFCs, schemes and levels it covers. The specs send
// nothing: each waits for its unit, which the scheduler runs in the
// background, and asserts on what the judge said.
func defineTree(st *runState) {
	ginkgo.Describe("authspec", func() { describeTargets(st) })
	ginkgo.ReportAfterSuite("authspec reports", func(rep ginkgo.Report) { st.finish(rep) })
}

// describeTargets declares one container per target with one spec per
// selected unit: the body of the tree, whether it is authspec's own run or
// mounted inside another suite (Mount).
func describeTargets(st *runState) {
	for ti := range st.cfg.Targets {
		t := &st.cfg.Targets[ti]
		var units []*Unit
		for _, u := range st.unitsOf(ti) {
			if u.Selected() {
				units = append(units, u)
			}
		}
		if len(units) == 0 {
			continue // filtered out, or another shard's
		}
		ginkgo.Describe(t.Name, ginkgo.Label("target:"+sanitizeLabel(t.Name), "kind:"+string(t.Kind)), func() {
			for _, u := range units {
				ginkgo.It(u.Method+" "+u.Path, ginkgo.Label(u.labels...), func(ctx ginkgo.SpecContext) {
					judgeUnit(ctx, u, st.baseline)
				})
			}
		})
	}
}

// probesOf lists the probes that apply to u, in the order they run.
func probesOf(u *Unit) []Probe {
	var out []Probe
	for _, p := range Probes() {
		if p.Applies == nil || p.Applies(u.R) {
			out = append(out, p)
		}
	}
	return out
}

// judgeUnit waits for the unit's probes, then asserts the mission and
// every selected rule on everything they received.
func judgeUnit(ctx ginkgo.SpecContext, u *Unit, known *report.Baseline) {
	if err := schedule.Wait(ctx, &u.Unit); err != nil {
		return // interrupted: Ginkgo records it
	}
	if u.interrupted {
		ginkgo.Skip("not finished: the run was interrupted")
	}
	rs := u.problems()
	if known != nil {
		// Known findings do not fail the spec, as they do not fail the run.
		kept := rs[:0:0]
		for i := range rs {
			if !known.Knows(u.R.RT.Target.Name, &rs[i]) {
				kept = append(kept, rs[i])
			}
		}
		rs = kept
	}
	gomega.Expect(rs).To(BeTestable())
	gomega.Expect(rs).To(CarryValidChallenge())
	gomega.Expect(rs).To(CarryDiagnosticBody())
	gomega.Expect(rs).To(MeetEveryRule())
}

// probeTimeout bounds one probe of a unit: every request of the probe
// (plus the unauthenticated one it may need first) may take the whole
// per-request timeout and every allowed Retry-After wait, plus a margin.
// The probe client enforces the per-request timeout itself; this is the
// backstop that keeps a run bounded whatever a probe does.
func probeTimeout(t *config.Target, p Probe) time.Duration {
	perRequest := t.Timeout + time.Duration(t.Retries)*(t.MaxRetryAfter+t.Timeout)
	return time.Duration(p.Requests+1)*perRequest + 10*time.Second
}
