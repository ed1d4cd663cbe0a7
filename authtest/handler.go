package authtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/report"
	"github.com/authspec/authspec/internal/suite"
)

// TestingT is what Handler, RequirePass and Assert need of a test: a
// *testing.T, a *testing.B, or Ginkgo's GinkgoT().
type TestingT interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// handlerConcurrency is how many requests Handler has in flight at once.
// The politeness limits of targets.yaml (concurrency, rate) protect shared
// staging servers; a handler in the test's own process is nobody else's,
// so they do not apply, and a handler's probes take milliseconds.
const handlerConcurrency = 8

// Handler probes handler the way `authspec run` probes a target: the same
// probes (unauthenticated, bad, malformed and repeated credentials, HEAD,
// valid credentials), the same rules and the same verdicts, with the
// options in place of a targets.yaml entry. It serves handler on a
// loopback listener for the length of the call (see the package
// documentation for why not an in-memory one), and returns when every
// probe is done and every connection closed.
//
// It fails t (Fatalf) only when the probing itself cannot run: options the
// targets.yaml loader refuses, or no Resources. What the handler did is in
// the Report, for the caller to judge: RequirePass(t, report) fails t
// unless the handler passed.
func Handler(t TestingT, handler http.Handler, opts ...Option) *Report {
	t.Helper()
	if handler == nil {
		t.Fatalf("authtest: Handler needs an http.Handler, got nil")
		return nil
	}
	srv := httptest.NewServer(handler)
	defer srv.Close()
	cfg, err := handlerConfig(srv.URL, opts)
	if err != nil {
		t.Fatalf("%v", err)
		return nil
	}
	ctx, cancel := testContext(t)
	defer cancel()
	run := suite.ProbeConfig(ctx, cfg, 0)
	return newReport(run)
}

// testContext ends a little before the test's deadline (go test -timeout),
// when t has one, so that a handler that hangs ends the probing with the
// report of what did not finish instead of a panic of the test binary.
func testContext(t TestingT) (context.Context, context.CancelFunc) {
	if d, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if deadline, set := d.Deadline(); set {
			return context.WithDeadline(context.Background(), deadline.Add(-time.Until(deadline)/20))
		}
	}
	return context.WithCancel(context.Background())
}

// handlerConfig builds the configuration of the handler's target: the
// options written as one targets.yaml entry and loaded by the loader
// `authspec run` uses, so that they are checked and defaulted the same.
func handlerConfig(url string, opts []Option) (*config.Config, error) {
	o := newOptions(opts)
	if len(o.paths) == 0 {
		return nil, optionsError(&config.Error{Field: "targets[0].resources", Msg: "no resource to probe",
			Hint: `name at least one, e.g. authtest.Resources("/api/v1/me", "POST /api/v1/orders")`})
	}
	entry := map[string]any{"name": "handler"}
	for k, v := range o.entry {
		entry[k] = v
	}
	entry["url"] = url
	data, err := yaml.Marshal(map[string]any{"targets": []any{entry}})
	if err != nil {
		return nil, optionsError(err)
	}
	// Literal credentials are the point here: the loader's warning about
	// them in a file under version control does not apply.
	cfg, _, err := config.Parse("authtest options", data, nil)
	if err != nil {
		return nil, optionsError(err)
	}
	t := &cfg.Targets[0]
	t.Concurrency, t.Rate = handlerConcurrency, 0
	return cfg, nil
}

// Report is what Handler found: one Finding per rule judged on each
// method of each resource (a rule that held on several requests is one
// pass), and the verdict.
type Report struct {
	run      *report.Run
	findings []Finding
}

func newReport(run *report.Run) *Report {
	r := &Report{run: run}
	for _, tg := range run.Targets {
		passes := map[string]int{} // rule, method, resource -> index in findings
		for i := range tg.Results {
			f := findingOf(&tg.Results[i])
			if f.Outcome != Pass {
				r.findings = append(r.findings, f)
				continue
			}
			// One pass per rule on a method of a resource, whatever
			// variants of the probes it held on, as results.json counts.
			key := f.Rule + " " + f.Method + " " + f.Resource
			if at, seen := passes[key]; seen {
				r.findings[at].Count += f.Count
				continue
			}
			passes[key] = len(r.findings)
			r.findings = append(r.findings, f)
		}
	}
	return r
}

// Findings returns every verdict, in the order `authspec run` writes them
// to results.json: per resource and method, the results that are not
// passes as the probes met them, then one pass per rule that held.
func (r *Report) Findings() []Finding {
	return append([]Finding(nil), r.findings...)
}

// Passed reports whether the handler passed as `authspec run` would exit
// 0: nothing failed and nothing errored. Warnings pass unless Strict.
func (r *Report) Passed() bool {
	return r != nil && r.run.ExitCode() == 0
}

// Requests is how many requests the probes sent.
func (r *Report) Requests() int {
	n := 0
	for _, t := range r.run.Targets {
		n += t.Requests
	}
	return n
}

// String is the report as `authspec run` prints it on a terminal: a line
// with the checks counted, then each broken rule with what it requires,
// what was seen on which request, and a curl command that reproduces it,
// then the warnings.
func (r *Report) String() string {
	var b strings.Builder
	report.WriteSummary(&b, r.run, false)
	return b.String()
}

// RequirePass fails t, and stops it, unless the handler passed; the
// failure message is the report in the terminal's format (String).
func RequirePass(t TestingT, r *Report) {
	t.Helper()
	if r == nil {
		t.Fatalf("authtest: RequirePass got no report")
		return
	}
	if !r.Passed() {
		t.Fatalf("authspec: the handler did not pass\n\n%s", r.String())
	}
}

// Outcome is what became of one rule on one request. Error (the handler
// could not be tested) is never Fail (it broke a rule).
type Outcome string

const (
	Pass  Outcome = "pass"
	Fail  Outcome = "fail"
	Warn  Outcome = "warn"
	Error Outcome = "error"
	Skip  Outcome = "skip" // waived, or not called for; Message says which
	Info  Outcome = "info" // worth knowing; never fails
)

// Finding is one rule's verdict on one method of one resource.
type Finding struct {
	// Rule is the rule's stable ID, e.g. "rfc9110/challenge-present";
	// `authspec explain <Rule>` says all about it.
	Rule    string
	Outcome Outcome
	// Method and Resource name the request: "GET", "/api/v1/me".
	Method, Resource string
	// Probe names the probe and its variant, e.g. "bad-credentials/basic";
	// "" on a pass, which sums up every request the rule held on.
	Probe string
	// Message says what was seen and how to fix it; "" on a pass.
	Message string
	// Ref cites the rule's RFC section, e.g. "RFC 9110 §11.6.1".
	Ref string
	// Count is, on a pass, how many requests the rule held on; 1 on
	// any other outcome, which is about one request.
	Count int
}

func findingOf(res *report.Result) Finding {
	f := Finding{
		Rule: res.Check, Outcome: Outcome(res.Outcome), Method: res.Method, Resource: res.Resource,
		Probe: res.ProbeName(), Message: res.Message, Ref: res.Ref(), Count: max(res.Count, 1),
	}
	if f.Outcome == Pass {
		f.Probe = ""
	}
	return f
}

// String renders the finding on one line.
func (f Finding) String() string {
	s := strings.ToUpper(string(f.Outcome)) + " " + f.Rule + " (" + f.Ref + ")"
	if f.Method != "" || f.Resource != "" {
		s += " on " + strings.TrimSpace(f.Method+" "+f.Resource)
	}
	if f.Probe != "" {
		s += " [" + f.Probe + "]"
	}
	if f.Message != "" {
		s += ": " + f.Message
	}
	return s
}
