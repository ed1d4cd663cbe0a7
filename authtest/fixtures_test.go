package authtest_test

import (
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/authspec/authspec/authtest"
	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/refserver"
)

// handlerFixtures are the fixtures that are net/http handlers of an
// origin server: the ones a Go developer could have written, and that
// authtest.Handler can serve. Raw-socket and proxy fixtures need a server
// of their own.
func handlerFixtures(t testing.TB, fs []fixtures.Fixture) []fixtureHandler {
	var out []fixtureHandler
	for _, f := range fs {
		if f.Kind != "origin" || f.Through != "" || f.OpenAPI != "" {
			continue // authtest takes no OpenAPI document
		}
		if _, ok, err := f.Handler(); err != nil {
			t.Fatalf("fixture %s: %v", f.Name, err)
		} else if ok {
			out = append(out, fixtureHandler{f})
		}
	}
	return out
}

type fixtureHandler struct{ fixtures.Fixture }

// options are the fixture's resources and credentials, as the e2e tests
// write them into targets.yaml.
func (f fixtureHandler) options() []authtest.Option {
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
	return opts
}

// Every broken handler fixture fails exactly the rules it breaks, and
// every unusual-but-correct one none, probed in-process: the verdicts the
// e2e tests get from `authspec run` against the same servers.
func TestFixturesInProcess(t *testing.T) {
	t.Parallel()
	broken := handlerFixtures(t, fixtures.Broken())
	unusual := handlerFixtures(t, fixtures.Unusual())
	if len(broken) < 20 || len(unusual) < 5 {
		t.Fatalf("only %d broken and %d unusual handler fixtures", len(broken), len(unusual))
	}
	for _, f := range append(broken, unusual...) {
		t.Run(f.Name, func(t *testing.T) {
			t.Parallel()
			h, _, err := f.Handler()
			if err != nil {
				t.Fatal(err)
			}
			report := authtest.Handler(t, h, f.options()...)
			got := rulesWith(report, authtest.Fail)
			want := append([]string{}, f.ExpectFail...)
			sort.Strings(want)
			want = slices.Compact(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s: failed %v, want exactly %v\n%s", f.Why, got, want, report)
			}
			if errs := rulesWith(report, authtest.Error); len(errs) > 0 {
				t.Errorf("errors %v: the fixture could not be tested\n%s", errs, report)
			}
			warned := rulesWith(report, authtest.Warn)
			for _, w := range f.ExpectWarn {
				if !slices.Contains(warned, w) {
					t.Errorf("%s: no warning of %s; warnings %v", f.Why, w, warned)
				}
			}
			if report.Passed() != (len(want) == 0) {
				t.Errorf("Passed() = %v with failures %v", report.Passed(), got)
			}
		})
	}
}

// rulesWith lists, sorted and once each, the rules with outcome o.
func rulesWith(r *authtest.Report, o authtest.Outcome) []string {
	var out []string
	for _, f := range r.Findings() {
		if f.Outcome == o && !slices.Contains(out, f.Rule) {
			out = append(out, f.Rule)
		}
	}
	sort.Strings(out)
	return out
}
