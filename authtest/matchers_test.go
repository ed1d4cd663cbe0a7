package authtest_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/types"

	"github.com/authspec/authspec/authtest"
)

// recorded runs h on a GET of path and returns the recorder.
func recorded(h http.HandlerFunc, path string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h(rec, req)
	return rec
}

// bearerChallenge is a correct Bearer 401 with a problem details body.
func bearerChallenge(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(http.StatusUnauthorized)
	io.WriteString(w, `{"type":"about:blank","title":"Unauthorized","status":401,"detail":"send a bearer token"}`)
}

// matchFailure runs m on actual and returns its failure message, failing
// the test when m matched.
func matchFailure(t *testing.T, m types.GomegaMatcher, actual any) string {
	t.Helper()
	ok, err := m.Match(actual)
	if err != nil {
		t.Fatalf("Match: %v", err)
	}
	if ok {
		t.Fatalf("the matcher matched; wanted a failure")
	}
	return m.FailureMessage(actual)
}

func TestMatchersOnAConformantResponse(t *testing.T) {
	t.Parallel()
	g := NewWithT(t)
	rec := recorded(bearerChallenge, "/api/v1/me")
	g.Expect(rec).To(authtest.HaveValidChallenge())
	g.Expect(rec).To(authtest.OfferScheme("Bearer"))
	g.Expect(rec).To(authtest.OfferScheme("bearer"))
	g.Expect(rec).NotTo(authtest.OfferScheme("Basic"))
	g.Expect(rec).To(authtest.HaveDiagnosticBody())
	g.Expect(rec).To(authtest.SatisfyRule("rfc6750/bearer-no-error-without-token"))
	g.Expect(rec).To(authtest.ConformAsUnauthenticated())
	resp := rec.Result()
	g.Expect(resp).To(authtest.ConformAsUnauthenticated())
	body, _ := io.ReadAll(resp.Body)
	g.Expect(string(body)).To(ContainSubstring("send a bearer token"), "the matcher must put the body back")
}

func TestMissingChallengeMessageIsAFinding(t *testing.T) {
	t.Parallel()
	msg := matchFailure(t, authtest.HaveValidChallenge(), recorded(noChallenge, "/api/v1/me"))
	for _, want := range []string{
		"rfc9110/challenge-present", "RFC 9110 §15.5.2", "MUST",
		"requires:", `"The server generating a 401 response MUST send a WWW-Authenticate`, // the RFC's own words
		"seen: the 401 Unauthorized response has no WWW-Authenticate field",
		"fix:  send at least one challenge",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("the message lacks %q:\n%s", want, msg)
		}
	}
}

func TestGrammarFindingPointsAtTheByte(t *testing.T) {
	t.Parallel()
	raw := "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"api\",, error=bad token\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nnope\n"
	msg := matchFailure(t, authtest.HaveValidChallenge(), raw)
	if !strings.Contains(msg, "rfc9110/challenge-grammar") {
		t.Fatalf("not a grammar finding:\n%s", msg)
	}
	_, grammar, _ := strings.Cut(msg, "rfc9110/challenge-grammar")
	lines := strings.Split(grammar, "\n")
	for i, l := range lines {
		if strings.Contains(l, "WWW-Authenticate: Bearer") && i+1 < len(lines) && strings.HasSuffix(lines[i+1], "^") {
			col := len(lines[i+1]) - 1
			if got := l[col]; got != 't' && got != ',' && got != 'e' {
				t.Errorf("the caret is under %q:\n%s\n%s", got, l, lines[i+1])
			}
			return
		}
	}
	t.Errorf("no field line with a caret under it:\n%s", msg)
}

func TestWireRulesJudgeRawBytes(t *testing.T) {
	t.Parallel()
	// A folded field line (obs-fold, RFC 9112 §5.2): Go's parser unfolds
	// it, so only the raw bytes show it.
	raw := "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\n realm=\"api\"\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nnope\n"
	findings := authtest.Check(raw)
	var folded *authtest.Finding
	for i, f := range findings {
		if f.Outcome == authtest.Fail && strings.Contains(f.Rule, "fold") {
			folded = &findings[i]
		}
	}
	if folded == nil {
		t.Fatalf("no failed folding rule in %v", findings)
	}
	msg := matchFailure(t, authtest.SatisfyRule(folded.Rule), raw)
	if !strings.Contains(msg, `realm=\"api\"`) && !strings.Contains(msg, `realm="api"`) {
		t.Errorf("the offending line is not shown:\n%s", msg)
	}
}

func TestNegatedMessagesReadRight(t *testing.T) {
	t.Parallel()
	rec := recorded(bearerChallenge, "/api/v1/me")
	m := authtest.HaveValidChallenge()
	if ok, _ := m.Match(rec); !ok {
		t.Fatal("a valid challenge did not match")
	}
	msg := m.NegatedFailureMessage(rec)
	for _, want := range []string{"not to carry a valid challenge", "it meets rfc9110/challenge-present", `WWW-Authenticate: Bearer realm="api"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("the negated message lacks %q:\n%s", want, msg)
		}
	}
	d := authtest.SatisfyRule("rfc7616/digest-realm-required")
	if ok, _ := d.Match(rec); !ok {
		t.Fatal("a Digest rule broke on a Bearer challenge")
	}
	if msg := d.NegatedFailureMessage(rec); !strings.Contains(msg, "not called for") {
		t.Errorf("a rule that does not apply must say so when negated:\n%s", msg)
	}
}

func TestSatisfyRuleRefusesWhatItCannotJudge(t *testing.T) {
	t.Parallel()
	rec := recorded(bearerChallenge, "/")
	if _, err := authtest.SatisfyRule("rfc9110/no-such-rule").Match(rec); err == nil || !strings.Contains(err.Error(), "no rule") {
		t.Errorf("an unknown rule: %v", err)
	}
	if _, err := authtest.SatisfyRule("rfc9110/protected-resource-401").Match(rec); err == nil || !strings.Contains(err.Error(), "authtest.Handler") {
		t.Errorf("a relational rule: %v", err)
	}
	if _, err := authtest.HaveValidChallenge().Match(42); err == nil || !strings.Contains(err.Error(), "got int") {
		t.Errorf("a value that is no response: %v", err)
	}
}

func TestDiagnosticBodyAndUnauthenticated(t *testing.T) {
	t.Parallel()
	empty := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="x"`)
		w.WriteHeader(http.StatusUnauthorized)
	}
	msg := matchFailure(t, authtest.HaveDiagnosticBody(), recorded(empty, "/"))
	if !strings.Contains(msg, "rfc9110/diagnostic-body") || !strings.Contains(msg, "§15.5.2") {
		t.Errorf("message:\n%s", msg)
	}
	ok := func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello") }
	msg = matchFailure(t, authtest.ConformAsUnauthenticated(), recorded(ok, "/"))
	if !strings.Contains(msg, "rfc9110/protected-resource-401") {
		t.Errorf("a 200 to a request without credentials must break protected-resource-401:\n%s", msg)
	}
	msg = matchFailure(t, authtest.HaveDiagnosticBody(), recorded(ok, "/"))
	if !strings.Contains(msg, "401 and 407") {
		t.Errorf("a 200 has no diagnostic body to judge, and the message must say why:\n%s", msg)
	}
}

func TestCheckAndAssert(t *testing.T) {
	t.Parallel()
	fs := authtest.Check(recorded(noChallenge, "/api"))
	var failed []string
	for _, f := range fs {
		if f.Outcome == authtest.Fail {
			failed = append(failed, f.Rule)
		}
		if f.Outcome == authtest.Pass && f.Message != "" {
			t.Errorf("a pass with a message: %s", f)
		}
	}
	if len(failed) == 0 || failed[0] != "rfc9110/challenge-present" {
		t.Errorf("failed rules: %v", failed)
	}
	ft := &fakeT{}
	if authtest.Assert(ft, recorded(noChallenge, "/api")) || len(ft.errors) != 1 || !strings.Contains(ft.errors[0], "rfc9110/challenge-present") {
		t.Errorf("Assert on a broken response: %v", ft.errors)
	}
	ft = &fakeT{}
	if !authtest.Assert(ft, recorded(bearerChallenge, "/api")) || len(ft.errors) != 0 {
		t.Errorf("Assert on a conformant response: %v", ft.errors)
	}
	if fs := authtest.Check("not http"); len(fs) != 1 || fs[0].Outcome != authtest.Error {
		t.Errorf("Check on garbage: %v", fs)
	}
}
