package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authspec/authspec/authtest"
	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/refserver"
	"github.com/authspec/authspec/internal/report"
)

// authtest.Handler and `authspec run` reach the same verdicts, check by
// check, on every fixture that is a net/http handler: the binary probes
// the fixtures on their own loopback servers, authtest serves a fresh
// instance of each handler in this process, and the two lists of
// verdicts (rule, method, resource, probe, outcome) must be equal. How
// many requests a pass sums up is left out: the binary and authtest
// send the same probes, but results.json and Findings count passes
// differently (see verdictsOfResults).
func TestAuthtestAgreesWithAuthspecRun(t *testing.T) {
	var handlers []fixtures.Fixture
	for _, f := range append(fixtures.Broken(), fixtures.Unusual()...) {
		if f.Kind != "origin" || f.Through != "" || f.OpenAPI != "" {
			continue // authtest takes no proxy and no OpenAPI document
		}
		if _, ok, err := f.Handler(); err != nil {
			t.Fatal(err)
		} else if ok {
			handlers = append(handlers, f)
		}
	}
	if len(handlers) < 25 {
		t.Fatalf("only %d handler fixtures", len(handlers))
	}
	o := runSuite(t, startAll(t, handlers, "  timeout: 5s\n  rate: 1000\n  concurrency: 8\n"), credentialEnv...)
	if o.Run == nil {
		t.Fatalf("no results (exit %d): %s", o.Code, tail(o.Stderr))
	}
	for _, f := range handlers {
		h, _, err := f.Handler()
		if err != nil {
			t.Fatal(err)
		}
		opts := []authtest.Option{authtest.Name(f.Name), authtest.Resources(f.Resources...), authtest.Timeout(5 * time.Second)}
		if len(f.ExpectSchemes) > 0 {
			opts = append(opts, authtest.ExpectSchemes(f.ExpectSchemes...))
		}
		if f.Credentials {
			user, pass := f.Login()
			opts = append(opts, authtest.Username(user), authtest.Password(pass), authtest.Token(refserver.Token))
			if f.DPoP {
				opts = append(opts, authtest.DPoPKey(fixtures.DPoPKeyFile()))
			}
			if f.QueryToken {
				opts = append(opts, authtest.QueryToken())
			}
		}
		run := verdictsOfResults(o.target(t, f.Name).Results)
		in := verdictsOfFindings(authtest.Handler(t, h, opts...).Findings())
		if !slices.Equal(in, run) {
			t.Errorf("%s: authtest and authspec run disagree:\n%s", f.Name, diffLines(run, in))
		}
	}
}

// verdictsOfFindings lists one line per verdict.
func verdictsOfFindings(fs []authtest.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, verdictLine(f.Rule, f.Method, f.Resource, f.Probe, string(f.Outcome)))
	}
	slices.Sort(out)
	return out
}

// verdictsOfResults is verdictsOfFindings for results.json, whose passes
// are counted per rule on a method of a resource (see authtest.Finding).
func verdictsOfResults(rs []report.Result) []string {
	passes := map[string]bool{}
	var out []string
	for i := range rs {
		r := &rs[i]
		if r.Outcome == report.Pass {
			passes[r.Check+" "+r.Method+" "+r.Resource] = true
			continue
		}
		out = append(out, verdictLine(r.Check, r.Method, r.Resource, r.ProbeName(), string(r.Outcome)))
	}
	for key := range passes {
		parts := strings.SplitN(key, " ", 3)
		out = append(out, verdictLine(parts[0], parts[1], parts[2], "", "pass"))
	}
	slices.Sort(out)
	return out
}

func verdictLine(rule, method, resource, probe, outcome string) string {
	return fmt.Sprintf("%s %s %s [%s] %s", rule, method, resource, probe, outcome)
}

// diffLines lists what only one side has.
func diffLines(run, in []string) string {
	var b strings.Builder
	for _, l := range run {
		if !slices.Contains(in, l) {
			fmt.Fprintf(&b, "  only authspec run: %s\n", l)
		}
	}
	for _, l := range in {
		if !slices.Contains(run, l) {
			fmt.Fprintf(&b, "  only authtest:     %s\n", l)
		}
	}
	if b.Len() == 0 {
		b.WriteString("  the same verdicts, a different number of each\n")
	}
	return b.String()
}
