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
		case query && r.URL.Path == "/away":
			// Trade the token in the URL for a clean one.
			http.Redirect(w, r, "/landed", http.StatusFound)
		case r.URL.Path == "/landed":
			w.Write([]byte("{}")) // no Cache-Control: but no token in this URL
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
	path := "/r"
	if tg.FollowRedirects {
		path = "/away"
	}
	r := &Resource{RT: NewRuntime(tg), Method: "GET", Path: path}
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

// A redirect that takes the token out of the URL ends in an answer to a
// request without it: neither rule judges that answer (no false alarm on
// the clean URL's missing Cache-Control: private).
func TestQueryTokenRedirectedAway(t *testing.T) {
	v, _ := queryTokenRun(t, func(tg *config.Target) { tg.FollowRedirects = true })
	skipped := map[string]bool{}
	for _, res := range v.Results {
		if res.Outcome == report.Skip && strings.Contains(res.Message, "redirected the request to a URL without the token") {
			skipped[res.Check] = true
			continue
		}
		if res.Check == queryTokenRules[0] || res.Check == queryTokenRules[1] {
			t.Errorf("%s %s: %s", res.Check, res.Outcome, res.Message)
		}
	}
	if !skipped[queryTokenRules[0]] || !skipped[queryTokenRules[1]] {
		t.Errorf("skipped %v, want both rules skipped as redirected away; results %+v", skipped, v.Results)
	}
}
