package suite

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/authspec/authspec/config"
	"github.com/authspec/authspec/suite/schedule"
)

// defineTree declares the spec tree of a run: target › "METHOD path" ›
// probe › one spec per group of rules, with labels for the target, kind,
// probe, RFCs, schemes and levels, so that Ginkgo's label filter and focus
// choose what runs. The specs send nothing: each waits for its unit, which
// the scheduler runs in the background, and asserts on what the judge
// said. The units are made before the tree, so building the tree twice
// (once to preview what the filter selects, once to run) shares them.
func defineTree(st *runState) {
	Describe("authspec", func() {
		for ti := range st.cfg.Targets {
			t := &st.cfg.Targets[ti]
			units := st.unitsOf(ti)
			if len(units) == 0 {
				continue // another shard's
			}
			Describe(t.Name, Label("target:"+sanitizeLabel(t.Name), "kind:"+string(t.Kind)), func() {
				for _, u := range units {
					Describe(u.Method+" "+u.Path, func() {
						for _, p := range probesOf(u) {
							Describe(p.Name, Label("probe:"+p.Name), func() {
								for _, g := range st.groups {
									It(g.Title, Label(g.Labels...), func(ctx SpecContext) {
										judgeGroup(ctx, u, p, g)
									})
								}
							})
						}
					})
				}
			})
		}
	})
	ReportAfterSuite("authspec reports", func(rep Report) { st.finish(rep) })
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

// judgeGroup waits for the unit's probes, then asserts the rules of one
// group on everything the probe received.
func judgeGroup(ctx SpecContext, u *Unit, p Probe, g *Group) {
	if err := schedule.Wait(ctx, &u.Unit); err != nil {
		return // interrupted: Ginkgo records it
	}
	if u.interrupted {
		Skip("not finished: the run was interrupted")
	}
	if u.err != nil && !(g.Core && p.Name == u.Probes[0]) {
		Skip("target could not be tested: " + u.err.Error())
	}
	rs := u.groupResults(p.Name, g)
	if len(rs) == 0 {
		Skip("not applicable: no " + g.Title + " rule applied to what this probe received")
	}
	Expect(rs).To(BeTestable())
	Expect(rs).To(CarryValidChallenge())
	Expect(rs).To(CarryDiagnosticBody())
	Expect(rs).To(MeetEveryRule())
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
