// These tests probe the official MCP Go SDK's bearer-token middleware
// with authtest, in-process, and check that `authspec run` gives the same
// verdicts against the same handler on a running server. They live in
// this module, beside the interop stage's server, so that authspec's
// go.mod does not gain the SDK; `make test` runs them (the interop stage
// itself needs node and is not part of make test).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/auth"
	. "github.com/onsi/gomega"

	"github.com/authspec/authspec/authtest"
)

const goodToken = "good-token-42"

// verifier accepts goodToken, with the scope "read", for an hour.
func verifier(_ context.Context, token string, _ *http.Request) (*auth.TokenInfo, error) {
	if token != goodToken {
		return nil, auth.ErrInvalidToken
	}
	return &auth.TokenInfo{Scopes: []string{"read"}, Expiration: time.Now().Add(time.Hour)}, nil
}

// server is the interop stage's MCP server (mcpHandler) behind the SDK's
// RequireBearerToken without options, wired as the SDK's documentation
// shows.
func server() http.Handler {
	return auth.RequireBearerToken(verifier, nil)(mcpHandler())
}

// serverWithOptions is the interop stage's server with options and
// metadata (withMetadata). Its URLs name the host each request was sent
// to: authtest serves the handler on a port it picks, and discovery must
// find the metadata there, not on a host that does not resolve.
func serverWithOptions() http.Handler {
	endpoint := mcpHandler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		withMetadata("http://"+r.Host, verifier, endpoint).ServeHTTP(w, r)
	})
}

// revision is the MCP revision the probes speak (targets.yaml's mcp key):
// a JSON-RPC initialize on POST, which the SDK's endpoint answers.
const revision = "2025-11-25"

func options() []authtest.Option {
	return []authtest.Option{authtest.Resources("POST /mcp"), authtest.Token(goodToken), authtest.MCP(revision)}
}

// Without options the SDK answers 401 with no WWW-Authenticate at all: the
// mission's first rule fails, on every refusal.
func TestRequireBearerTokenWithoutOptions(t *testing.T) {
	t.Parallel()
	report := authtest.Handler(t, server(), options()...)
	if report.Passed() {
		t.Fatalf("RequireBearerToken(verifier, nil) passed:\n%s", report)
	}
	if got := failedRules(report); !slices.Contains(got, "rfc9110/challenge-present") {
		t.Errorf("failed %v, want rfc9110/challenge-present among them\n%s", got, report)
	}

	rec := httptest.NewRecorder()
	server().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/mcp", nil))
	g := NewWithT(t)
	g.Expect(rec).NotTo(authtest.HaveValidChallenge())
	g.Expect(rec).NotTo(authtest.ConformAsUnauthenticated())
}

// With a resource metadata URL and scopes, the SDK sends a Bearer
// challenge and passes; it still warns that a refused token gets no
// error="invalid_token" (RFC 6750 §3).
func TestRequireBearerTokenWithOptions(t *testing.T) {
	t.Parallel()
	report := authtest.Handler(t, serverWithOptions(), options()...)
	authtest.RequirePass(t, report)
	warned := false
	for _, f := range report.Findings() {
		warned = warned || (f.Outcome == authtest.Warn && f.Rule == "rfc6750/bearer-error-expected")
	}
	if !warned {
		t.Errorf("no warning of rfc6750/bearer-error-expected:\n%s", report)
	}

	rec := httptest.NewRecorder()
	serverWithOptions().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/mcp", nil))
	g := NewWithT(t)
	g.Expect(rec).To(authtest.HaveValidChallenge())
	g.Expect(rec).To(authtest.OfferScheme("Bearer"))
	g.Expect(rec).To(authtest.HaveDiagnosticBody())
}

// authtest in-process and `authspec run` against a running server give
// the same verdicts, with and without options.
func TestSameVerdictsAsAuthspecRun(t *testing.T) {
	bin := buildAuthspec(t)
	for name, handler := range map[string]func() http.Handler{"without-options": server, "with-options": serverWithOptions} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(handler())
			defer srv.Close()
			run := runAuthspec(t, bin, srv.URL)
			in := authtest.Handler(t, handler(), options()...).Findings()
			var got []string
			for _, f := range in {
				got = append(got, verdict(f.Rule, f.Method, f.Resource, f.Probe, string(f.Outcome)))
			}
			slices.Sort(got)
			got = slices.Compact(got)
			if !slices.Equal(got, run) {
				t.Errorf("authtest and authspec run disagree\nauthspec run: %v\nauthtest:     %v", run, got)
			}
		})
	}
}

func failedRules(r *authtest.Report) []string {
	var out []string
	for _, f := range r.Findings() {
		if f.Outcome == authtest.Fail && !slices.Contains(out, f.Rule) {
			out = append(out, f.Rule)
		}
	}
	slices.Sort(out)
	return out
}

func verdict(rule, method, resource, probe, outcome string) string {
	if outcome == "pass" {
		probe = ""
	}
	return fmt.Sprintf("%s %s %s [%s] %s", rule, method, resource, probe, outcome)
}

// buildAuthspec builds the authspec command of this source tree.
func buildAuthspec(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "authspec")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/authspec")
	cmd.Dir = filepath.Join("..", "..", "..") // the repository's root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building authspec: %v\n%s", err, out)
	}
	return bin
}

// runAuthspec runs `authspec run` against url with the options' target
// and returns its verdicts from results.json, as verdict lines.
func runAuthspec(t *testing.T, bin, url string) []string {
	t.Helper()
	dir := t.TempDir()
	targets := fmt.Sprintf("defaults: {rate: 1000, concurrency: 8}\ntargets:\n  - name: handler\n    url: %s\n    mcp: %q\n    resources: [{path: /mcp, methods: [POST]}]\n    credentials: {token: \"${TOKEN}\"}\n", url, revision)
	tf := filepath.Join(dir, "targets.yaml")
	if err := os.WriteFile(tf, []byte(targets), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "-targets", tf, "-reports", filepath.Join(dir, "reports"))
	cmd.Env = append(os.Environ(), "TOKEN="+goodToken, "NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("authspec run: %v\n%s", err, out)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "reports", "results.json"))
	if err != nil {
		t.Fatalf("no results.json: %v\n%s", err, out)
	}
	var run struct {
		Targets []struct {
			Results []struct{ Check, Outcome, Method, Resource, Probe, Variant string }
			Units   []struct {
				Method, Resource string
				Passes           map[string]int
				VariantPasses    map[string]map[string]int `json:"variant_passes"`
				HeadPasses       map[string]int            `json:"head_passes"`
			}
		}
	}
	if err := json.Unmarshal(data, &run); err != nil || len(run.Targets) != 1 {
		t.Fatalf("results.json: %v", err)
	}
	var lines []string
	for _, r := range run.Targets[0].Results {
		probe := r.Probe
		if r.Variant != "" {
			probe += "/" + r.Variant
		}
		lines = append(lines, verdict(r.Check, r.Method, r.Resource, probe, r.Outcome))
	}
	for _, u := range run.Targets[0].Units {
		for rule := range u.Passes {
			lines = append(lines, verdict(rule, u.Method, u.Resource, "", "pass"))
		}
		for rule := range u.VariantPasses {
			lines = append(lines, verdict(rule, u.Method, u.Resource, "", "pass"))
		}
		for rule := range u.HeadPasses {
			lines = append(lines, verdict(rule, "HEAD", u.Resource, "", "pass"))
		}
	}
	slices.Sort(lines)
	return slices.Compact(lines)
}
