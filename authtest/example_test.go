package authtest_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	. "github.com/onsi/gomega"

	"github.com/authspec/authspec/authtest"
)

// requireToken is the kind of middleware the examples probe: Bearer
// tokens, the scheme matched without regard to case (RFC 9110 §11.1), a
// challenge on every refusal that says why when a token was sent (RFC
// 6750 §3), and a problem details body.
func requireToken(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, sent, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if strings.EqualFold(scheme, "Bearer") && sent == token {
			next.ServeHTTP(w, r)
			return
		}
		challenge := `Bearer realm="api"`
		if strings.EqualFold(scheme, "Bearer") {
			challenge += `, error="invalid_token"`
		}
		w.Header().Set("WWW-Authenticate", challenge)
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"title":"Unauthorized","status":401,"detail":"send a valid bearer token"}`)
	})
}

func hello(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello\n") }

// exampleT stands in for the *testing.T of a real test: it prints what
// the test would be told.
var exampleT printT

type printT struct{}

func (printT) Helper()                        {}
func (printT) Errorf(format string, a ...any) { fmt.Printf(format+"\n", a...) }
func (printT) Fatalf(format string, a ...any) { fmt.Printf(format+"\n", a...) }

// Probe a handler as `authspec run` probes a server, then fail the test
// unless it passed. In a test, t is the test's *testing.T.
func ExampleHandler() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/me", hello)
	mux.HandleFunc("POST /api/v1/orders", hello)

	report := authtest.Handler(exampleT, requireToken("good-token", mux),
		authtest.Resources("/api/v1/me", "POST /api/v1/orders"),
		authtest.Token("good-token"), authtest.ExpectSchemes("Bearer"))
	authtest.RequirePass(exampleT, report)
	fmt.Println("passed:", report.Passed())
	// Output: passed: true
}

// A handler that refuses without a challenge fails the mission.
func ExampleReport_Findings() {
	noChallenge := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, "unauthorized\n")
	})
	report := authtest.Handler(exampleT, noChallenge, authtest.Resources("/admin"))
	for _, f := range report.Findings() {
		if f.Outcome == authtest.Fail {
			fmt.Println(f.Outcome, f.Rule, f.Method, f.Resource, f.Probe)
		}
	}
	fmt.Println("passed:", report.Passed())
	// Output:
	// fail rfc9110/challenge-present GET /admin unauthenticated/no-credentials
	// fail rfc9110/challenge-present GET /admin bad-credentials/basic
	// fail rfc9110/challenge-present GET /admin malformed-credentials/empty
	// fail rfc9110/challenge-present GET /admin malformed-credentials/scheme-only
	// fail rfc9110/challenge-present GET /admin malformed-credentials/bad-base64
	// fail rfc9110/challenge-present GET /admin malformed-credentials/no-colon
	// fail rfc9110/challenge-present GET /admin malformed-credentials/unknown-scheme
	// fail rfc9110/challenge-present GET /admin malformed-credentials/oversized
	// fail rfc9110/challenge-present GET /admin malformed-credentials/extra-spaces
	// fail rfc9110/challenge-present GET /admin repeated-challenge/first
	// fail rfc9110/challenge-present GET /admin repeated-challenge/same-connection
	// fail rfc9110/challenge-present GET /admin repeated-challenge/new-connection
	// fail rfc9110/challenge-present HEAD /admin head/head
	// passed: false
}

// The matchers judge one response: here a recorder's.
func ExampleHaveValidChallenge() {
	rec := httptest.NewRecorder()
	requireToken("good-token", http.HandlerFunc(hello)).ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/me", nil))

	g := NewGomega(func(message string, _ ...int) { fmt.Println(message) })
	g.Expect(rec).To(authtest.HaveValidChallenge())
	g.Expect(rec).To(authtest.OfferScheme("Bearer"))
	g.Expect(rec).To(authtest.HaveDiagnosticBody())
	g.Expect(rec).To(authtest.SatisfyRule("rfc6750/bearer-no-error-without-token"))
	g.Expect(rec).To(authtest.ConformAsUnauthenticated())
	fmt.Println("all matched")
	// Output: all matched
}

// A failing matcher says which rule broke, where, and how to fix it.
func ExampleConformAsUnauthenticated() {
	rec := httptest.NewRecorder()
	rec.WriteHeader(http.StatusUnauthorized)

	g := NewGomega(func(message string, _ ...int) { fmt.Print(message) })
	g.Expect(rec).To(authtest.HaveValidChallenge())
	// Output:
	// Expected the 401 response to carry a valid challenge (RFC 9110 §11.6.1), but it does not:
	//
	//   rfc9110/challenge-present (RFC 9110 §15.5.2, §11.6.1, MUST)
	//     requires: Every 401 response carries a WWW-Authenticate field with at least one challenge a client can parse.
	//     RFC 9110 §15.5.2: "The server generating a 401 response MUST send a WWW-Authenticate header field (Section 11.6.1) containing at least one challenge applicable to the target resource."
	//     seen: the 401 Unauthorized response has no WWW-Authenticate field
	//     fix:  send at least one challenge, e.g. WWW-Authenticate: Basic realm="api"
}

// Raw bytes carry what a parsed response cannot: here a folded line.
func ExampleCheck() {
	raw := "HTTP/1.1 401 Unauthorized\r\n" +
		"WWW-Authenticate: Bearer\r\n realm=\"api\"\r\n" +
		"Content-Type: text/plain\r\nContent-Length: 13\r\n\r\nno token sent"
	for _, f := range authtest.Check(raw) {
		if f.Outcome == authtest.Fail {
			fmt.Println(f.Rule)
		}
	}
	// Output: rfc9112/obs-fold
}

// For testify and plain tests: Assert reports each broken rule as an
// error of t and says whether none broke.
func ExampleAssert() {
	resp := httptest.NewRecorder()
	requireToken("good-token", http.HandlerFunc(hello)).ServeHTTP(resp, httptest.NewRequest("GET", "/", nil))
	fmt.Println(authtest.Assert(exampleT, resp))
	// Output: true
}

// Mount authspec's own spec tree in a Ginkgo suite, beside its own specs:
// at package level of a _test.go file, next to the RunSpecs of the suite.
// `ginkgo --label-filter=rfc6750` then selects authspec's Bearer rules as
// `authspec run -labels rfc6750` does. (Compiled, not run here: one
// process runs one Ginkgo suite; authtest/internal/describetest runs it.)
func ExampleDescribeTargets() {
	_ = authtest.DescribeTargets("testdata/targets.yaml")
}

// With a Config: authspec's reports written into a folder of the run.
func ExampleDescribeConfig() {
	_ = authtest.DescribeConfig(authtest.Config{Targets: "testdata/targets.yaml", Reports: "reports"})
}
