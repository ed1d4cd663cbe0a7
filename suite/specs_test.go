package suite

import (
	"fmt"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/authspec/authspec/checks"
	"github.com/authspec/authspec/config"
	"github.com/authspec/authspec/report"
)

// The spec tree: target › METHOD path (Ordered: its probes share what the
// unauthenticated request learned) › probe › one spec per group of rules.
var _ = Describe("authspec", func() {
	cfg := mustConfig()
	groups := Groups()
	for _, t := range cfg.Targets {
		rt := NewRuntime(t)
		Describe(t.Name, Label("target:"+sanitizeLabel(t.Name), "kind:"+string(t.Kind)), func() {
			for ri, res := range t.Resources {
				for mi, method := range res.Methods {
					r := &Resource{RT: rt, Method: method, Path: res.Path, HeadToo: method == "GET"}
					Describe(method+" "+res.Path, Ordered, ContinueOnFailure, func() {
						for pi, p := range Probes() {
							if p.Applies != nil && !p.Applies(r) {
								continue
							}
							Describe(p.Name, Label("probe:"+p.Name), func() {
								for gi, g := range groups {
									order := [4]int{ri, mi, pi, gi}
									It(g.Title, Label(g.Labels...), SpecTimeout(specTimeout(&t, p)), func(ctx SpecContext) {
										judgeGroup(ctx, r, p, g, order)
									})
								}
							})
						}
					})
				}
			}
		})
	}
})

// judgeGroup runs the probe (once per resource) and asserts the rules of one
// group on everything it received. Results go into a report entry before
// any assertion, so a failing spec still reports every rule it judged.
func judgeGroup(ctx SpecContext, r *Resource, p Probe, g *Group, order [4]int) {
	t := &r.RT.Target
	entry := &ResultsEntry{Target: t.Name, Order: order}
	v, requests, err := r.Verdicts(ctx, p)
	entry.Requests = requests
	entry.Base = r.RT.Base()
	if err != nil {
		res := newResult(checks.ResponseReceived, Where{Method: r.Method, Path: r.Path, Probe: p.Name})
		res.Outcome = report.Error
		res.Message = "target could not be tested: " + err.Error()
		if g.Core {
			entry.Results = []report.Result{res}
		}
		AddReportEntry(EntryName, entry, ReportEntryVisibilityNever)
		Expect(entry.Results).To(BeTestable())
		Skip("target could not be tested: " + err.Error())
	}
	entry.Protocol = v.Protocol
	entry.Results = v.Filter(g.Has)
	redactor := r.RT.Redactor()
	for i := range entry.Results {
		redactResult(&entry.Results[i], redactor)
	}
	AddReportEntry(EntryName, entry, ReportEntryVisibilityNever)
	if len(entry.Results) == 0 {
		Skip(fmt.Sprintf("not applicable: no %s in what this probe received", strings.ToLower(g.Title)))
	}
	if w := warnings(entry.Results); w != "" {
		AddReportEntry("warnings", w)
	}
	Expect(entry.Results).To(BeTestable())
	Expect(entry.Results).To(CarryValidChallenge())
	Expect(entry.Results).To(CarryDiagnosticBody())
	Expect(entry.Results).To(MeetEveryRule())
}

// warnings lists the warnings of a spec for Ginkgo's own output: a spec
// has no "warning" outcome, so they ride along as a visible report entry.
func warnings(rs []report.Result) string {
	var b strings.Builder
	for _, r := range rs {
		if r.Outcome == report.Warn {
			fmt.Fprintf(&b, "WARN %s (%s) %s %s: %s\n", r.Check, r.Ref(), r.Method, r.Resource, r.Message)
		}
	}
	return b.String()
}

// specTimeout bounds a spec: every request of the probe (plus the
// unauthenticated one it may need first) may take the whole per-request
// timeout and every allowed Retry-After wait, plus a margin. The probe
// client enforces the per-request timeout itself; this is the backstop.
func specTimeout(t *config.Target, p Probe) time.Duration {
	perRequest := t.Timeout + time.Duration(t.Retries)*(t.MaxRetryAfter+t.Timeout)
	return time.Duration(p.Requests+1)*perRequest + 10*time.Second
}
