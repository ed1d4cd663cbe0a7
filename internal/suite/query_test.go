package suite

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/report"
)

// queryTokenRun runs the query-token probe on one GET resource of a
// Bearer server that serves its token (in Authorization or the query, with
// Cache-Control: private) and refuses two ways at once with 400; it returns
// the results and the query strings the server saw.
func queryTokenRun(t *testing.T, edit func(*config.Target)) (*Verdicts, []string) {
	t.Helper()
	var mu sync.Mutex
	var queries []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		header := r.Header.Get("Authorization") == "Bearer tok-1"
		query := r.URL.Query().Get("access_token") == "tok-1"
		switch {
		case header && query:
			w.Header().Set("WWW-Authenticate", `Bearer realm="api", error="invalid_request"`)
			w.WriteHeader(http.StatusBadRequest)
		case header || query:
			w.Header().Set("Cache-Control", "private")
			w.Write([]byte("{}"))
		default:
			w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	t.Cleanup(srv.Close)
	tg := config.Target{Name: "api", URL: srv.URL, Kind: config.Origin, Timeout: 5 * time.Second, MaxBody: 4096,
		Concurrency: 2, Credentials: &config.Credentials{Token: "tok-1", QueryToken: true}}
	edit(&tg)
	r := &Resource{RT: NewRuntime(tg), Method: "GET", Path: "/r"}
	c, err := r.RT.Client()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	if !queryTokenProbe.Applies(r) {
		t.Fatal("the probe does not apply to a target with a token")
	}
	v := queryTokenProbe.Run(context.Background(), r, c, Judging{})
	mu.Lock()
	defer mu.Unlock()
	return v, append([]string(nil), queries...)
}

// With the opt-in, the right answers pass both rules (no result but
// passes); without it, or on an MCP target, nothing goes in a URL and both
// rules are skipped with the reason.
func TestQueryTokenProbe(t *testing.T) {
	v, queries := queryTokenRun(t, func(*config.Target) {})
	if len(v.Results) != 0 {
		t.Errorf("a correct server got results %+v", v.Results)
	}
	passed := map[string]bool{}
	for _, p := range v.Passes {
		passed[p.Rule.ID] = true
	}
	for _, id := range queryTokenRules {
		if !passed[id] {
			t.Errorf("%s did not pass on a correct server", id)
		}
	}
	sent := 0
	for _, q := range queries {
		if strings.Contains(q, "access_token=") {
			sent++
		}
	}
	if sent != 2 {
		t.Errorf("%d requests carried the token in the query, want 2: %q", sent, queries)
	}
	for name, edit := range map[string]func(*config.Target){
		"credentials.query_token is not set":           func(tg *config.Target) { tg.Credentials.QueryToken = false },
		"MUST NOT be included in the URI query string": func(tg *config.Target) { tg.MCP = config.MCP20251125 },
	} {
		v, queries := queryTokenRun(t, edit)
		results := v.Results
		for _, q := range queries {
			if strings.Contains(q, "access_token") {
				t.Errorf("%s: the token went in a URL: %q", name, q)
			}
		}
		if len(results) != 2 {
			t.Fatalf("%s: %d results, want the two rules skipped", name, len(results))
		}
		for _, res := range results {
			if res.Outcome != report.Skip || !strings.Contains(res.Message, name) {
				t.Errorf("%s: %s %s %q", name, res.Check, res.Outcome, res.Message)
			}
		}
	}
}
