package authtest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/onsi/gomega/gleak"

	"github.com/authspec/authspec/authtest"
	"github.com/authspec/authspec/internal/refserver"
)

// refOptions are the reference server's resources and credentials.
func refOptions() []authtest.Option {
	return []authtest.Option{
		authtest.Resources(refserver.Resources()...),
		authtest.Username(refserver.Username), authtest.Password(refserver.Password),
		authtest.Token(refserver.Token),
	}
}

func TestReferenceHandlerPasses(t *testing.T) {
	t.Parallel()
	report := authtest.Handler(t, refserver.Handler(), refOptions()...)
	authtest.RequirePass(t, report)
	seen := map[string]bool{}
	for _, f := range report.Findings() {
		if f.Outcome == authtest.Fail || f.Outcome == authtest.Error {
			t.Errorf("unexpected %s", f)
		}
		seen[f.Method+" "+f.Resource] = true
	}
	for _, r := range refserver.Resources() {
		for _, m := range []string{"GET", "HEAD"} {
			if !seen[m+" "+r] {
				t.Errorf("no finding for %s %s: was it probed?", m, r)
			}
		}
	}
	if report.Requests() < 5*10 {
		t.Errorf("only %d requests for five resources: the probes did not all run", report.Requests())
	}
}

// noChallenge answers 401 with a JSON body and no WWW-Authenticate: the
// MCP Go SDK's default, and a common hand-written middleware.
func noChallenge(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer good" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":"unauthorized"}`))
		return
	}
	w.Write([]byte("ok"))
}

func TestHandlerWithoutChallengeFailsTheMission(t *testing.T) {
	t.Parallel()
	report := authtest.Handler(t, http.HandlerFunc(noChallenge), authtest.Resources("/api/v1/me", "POST /api/v1/orders"), authtest.Token("good"))
	if report.Passed() {
		t.Fatalf("a 401 without a challenge passed:\n%s", report)
	}
	failed := map[string]bool{}
	for _, f := range report.Findings() {
		if f.Outcome == authtest.Fail {
			failed[f.Rule+" "+f.Method+" "+f.Resource] = true
		}
	}
	for _, want := range []string{"rfc9110/challenge-present GET /api/v1/me", "rfc9110/challenge-present POST /api/v1/orders", "rfc9110/challenge-present HEAD /api/v1/me"} {
		if !failed[want] {
			t.Errorf("no failure %s; failures: %v", want, failed)
		}
	}
	if !strings.Contains(report.String(), "rfc9110/challenge-present") || !strings.Contains(report.String(), "FAIL") {
		t.Errorf("the terminal format does not name the broken rule:\n%s", report)
	}
}

// fakeT records what a test would be told.
type fakeT struct {
	fatal, errors []string
}

func (f *fakeT) Helper()                        {}
func (f *fakeT) Errorf(format string, a ...any) { f.errors = append(f.errors, sprintf(format, a...)) }
func (f *fakeT) Fatalf(format string, a ...any) { f.fatal = append(f.fatal, sprintf(format, a...)) }

func TestRequirePassFailsWithTheTerminalFormat(t *testing.T) {
	t.Parallel()
	report := authtest.Handler(t, http.HandlerFunc(noChallenge), authtest.Resources("/x"))
	ft := &fakeT{}
	authtest.RequirePass(ft, report)
	if len(ft.fatal) != 1 {
		t.Fatalf("RequirePass did not fail the test once: %v", ft.fatal)
	}
	for _, want := range []string{"FAIL  handler", "rfc9110/challenge-present", "RFC 9110 §15.5.2", "requires:", "reproduce: curl"} {
		if !strings.Contains(ft.fatal[0], want) {
			t.Errorf("RequirePass's message lacks %q:\n%s", want, ft.fatal[0])
		}
	}
}

func TestBadOptionsFailWithTheOptionsName(t *testing.T) {
	t.Parallel()
	cases := map[string][]authtest.Option{
		"Resources":                       {authtest.Token("x")},
		"Password (credentials.password)": {authtest.Resources("/x"), authtest.Username("u")},
		"Resources (resources.path)":      {authtest.Resources("nope")},
		"ExpectSchemes":                   {authtest.Resources("/x"), authtest.ExpectSchemes("not a scheme")},
	}
	for want, opts := range cases {
		ft := &fakeT{}
		if r := authtest.Handler(ft, http.HandlerFunc(noChallenge), opts...); r != nil || len(ft.fatal) != 1 {
			t.Errorf("%s: Handler did not fail the test once: %v", want, ft.fatal)
			continue
		}
		if !strings.Contains(ft.fatal[0], want) {
			t.Errorf("the message does not name %s: %s", want, ft.fatal[0])
		}
	}
}

func TestHandlerLeavesNoGoroutine(t *testing.T) {
	before := gleak.Goroutines()
	authtest.Handler(t, refserver.Handler(), refOptions()...)
	authtest.Handler(t, http.HandlerFunc(noChallenge), authtest.Resources("/x"))
	g := gleakT{t}
	g.Expect(before)
}

// The credentials given as options never appear in what the report says:
// the curl commands name them by variable, as `authspec run` does.
func TestSecretsStayOutOfTheReport(t *testing.T) {
	t.Parallel()
	const token, password = "tok-SECRET-4711", "pw-SECRET-0815"
	report := authtest.Handler(t, http.HandlerFunc(noChallenge), authtest.Resources("/x"),
		authtest.Token(token), authtest.Username("u"), authtest.Password(password))
	text := report.String()
	for _, f := range report.Findings() {
		text += f.String()
	}
	if !strings.Contains(text, "reproduce: curl") {
		t.Fatalf("the report holds no reproduction to check:\n%s", report)
	}
	for _, secret := range []string{token, password} {
		if strings.Contains(text, secret) {
			t.Errorf("the report shows a secret:\n%s", text)
		}
	}
}
