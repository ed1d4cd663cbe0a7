package probe

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
)

// A token with the characters a query encodes (/, +, ~), so that its raw,
// percent-encoded and base64 forms all differ.
const queryTestToken = "qt/S3cr3t+tok~en.77"

func queryTestTarget(optIn bool) config.Target {
	tg := testTarget()
	tg.Credentials = &config.Credentials{Token: queryTestToken, QueryToken: optIn}
	return tg
}

// Without credentials.query_token, or where no Bearer challenge is
// offered, the probe sends nothing and says why.
func TestQueryTokenSendsNothingUndeclared(t *testing.T) {
	rec := &seen{}
	srv := challengeServer(t, rec, `Bearer realm="api"`)
	off := newTestClient(t, queryTestTarget(false), srv.URL)
	if exs := off.QueryToken(context.Background(), "GET", "/r", []checks.Challenge{ch("Bearer")}); exs != nil {
		t.Errorf("without query_token: %d exchanges, want none", len(exs))
	}
	if why := off.QueryTokenSkip([]checks.Challenge{ch("Bearer")}); !strings.Contains(why, "credentials.query_token is not set") {
		t.Errorf("skip reason %q", why)
	}
	on := newTestClient(t, queryTestTarget(true), srv.URL)
	if exs := on.QueryToken(context.Background(), "GET", "/r", []checks.Challenge{ch("Basic")}); exs != nil {
		t.Errorf("without a Bearer challenge: %d exchanges, want none", len(exs))
	}
	if why := on.QueryTokenSkip([]checks.Challenge{ch("Basic")}); !strings.Contains(why, "no Bearer challenge") {
		t.Errorf("skip reason %q", why)
	}
	if n := len(rec.all()); n != 0 {
		t.Errorf("the server got %d requests, want 0", n)
	}
}

// With the opt-in, three requests: the token in Authorization alone, in
// Authorization and in the query, in the query alone; the query ones ask
// for no-store (RFC 6750 §2.3) and keep the resource's own parameters.
func TestQueryTokenRequests(t *testing.T) {
	rec := &seen{}
	srv := challengeServer(t, rec, `Bearer realm="api"`)
	exs := newTestClient(t, queryTestTarget(true), srv.URL).QueryToken(context.Background(), "GET", "/r?x=1", []checks.Challenge{ch("Bearer")})
	reqs := rec.all()
	if len(exs) != 3 || len(reqs) != 3 {
		t.Fatalf("%d exchanges and %d requests, want 3", len(exs), len(reqs))
	}
	for i, want := range []struct {
		variant     string
		header, qry bool
	}{{QueryTokenHeader, true, false}, {QueryTokenBoth, true, true}, {QueryTokenQuery, false, true}} {
		r, ex := reqs[i], exs[i]
		if ex.Variant != want.variant || ex.Probe != QueryToken {
			t.Errorf("request %d: %s/%s, want %s/%s", i, ex.Probe, ex.Variant, QueryToken, want.variant)
		}
		if got := r.Header.Get("Authorization") == "Bearer "+queryTestToken; got != want.header {
			t.Errorf("%s: Authorization %q", want.variant, r.Header.Get("Authorization"))
		}
		q := r.URL.Query()
		if got := q.Get("access_token") == queryTestToken; got != want.qry {
			t.Errorf("%s: query %q", want.variant, r.URL.RawQuery)
		}
		if q.Get("x") != "1" {
			t.Errorf("%s: the resource's own parameter is lost: %q", want.variant, r.URL.RawQuery)
		}
		if got := r.Header.Get("Cache-Control") == "no-store"; got != want.qry {
			t.Errorf("%s: Cache-Control %q", want.variant, r.Header.Get("Cache-Control"))
		}
		if ex.Judge.QueryToken != want.qry {
			t.Errorf("%s: Judge.QueryToken = %v", want.variant, ex.Judge.QueryToken)
		}
	}
}

// The token in the query never shows in the evidence, in any encoding,
// even when the server echoes the request URI back in a header and the
// body; the curl line takes it from the environment with -G
// --data-urlencode (not --url-query, which needs curl 7.87), so
// it still sends the same request.
func TestQueryTokenEvidenceRedacted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Echo", r.URL.RequestURI())
		w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(r.URL.RawQuery + " " + r.URL.Query().Get("access_token") + " " + strings.ToLower(r.URL.RawQuery)))
	}))
	t.Cleanup(srv.Close)
	exs := newTestClient(t, queryTestTarget(true), srv.URL).QueryToken(context.Background(), "GET", "/r", []checks.Challenge{ch("Bearer")})
	if len(exs) != 3 {
		t.Fatalf("%d exchanges, want 3", len(exs))
	}
	forms := []string{queryTestToken, url.QueryEscape(queryTestToken), strings.ToLower(url.QueryEscape(queryTestToken)),
		url.PathEscape(queryTestToken), base64.StdEncoding.EncodeToString([]byte(queryTestToken))}
	for _, ex := range exs {
		ev := ex.Evidence()
		for name, text := range map[string]string{"request": ev.Request, "response": ev.Response, "curl": ev.Curl} {
			for _, f := range forms {
				if strings.Contains(text, f) {
					t.Errorf("%s: the %s evidence holds %q: %s", ex.Variant, name, f, text)
				}
			}
		}
		if ex.Variant == QueryTokenHeader {
			if strings.Contains(ev.Curl, "--data-urlencode") {
				t.Errorf("the header-only request's curl line puts the token in the query: %s", ev.Curl)
			}
			continue
		}
		if !strings.Contains(ev.Request, "access_token="+redactedMark) {
			t.Errorf("%s: the request evidence does not show the redacted token in the query: %s", ex.Variant, ev.Request)
		}
		if !strings.Contains(ev.Curl, `-G --data-urlencode "access_token=${AUTHSPEC_TOKEN}"`) || strings.Contains(ev.Curl, "--url-query") || strings.Contains(ev.Curl, "access_token=[") {
			t.Errorf("%s: the curl line does not take the token from the environment: %s", ex.Variant, ev.Curl)
		}
	}
}

// A redirect to another origin never carries the token, even when the
// server put it in the Location.
func TestQueryTokenNotCarriedToAnotherOrigin(t *testing.T) {
	other := &seen{}
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other.add(r)
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(elsewhere.Close)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", elsewhere.URL+"/landing?"+r.URL.RawQuery)
		w.WriteHeader(http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	tg := queryTestTarget(true)
	tg.FollowRedirects = true
	newTestClient(t, tg, srv.URL).QueryToken(context.Background(), "GET", "/r", []checks.Challenge{ch("Bearer")})
	for _, r := range other.all() {
		if strings.Contains(r.URL.RawQuery, "access_token") || r.Header.Get("Authorization") != "" {
			t.Errorf("another origin got the token: %s %q", r.URL.RequestURI(), r.Header.Get("Authorization"))
		}
	}
	if len(other.all()) == 0 {
		t.Fatal("the redirect was not followed: the test proves nothing")
	}
}
