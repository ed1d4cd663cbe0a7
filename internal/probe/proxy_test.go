package probe

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
)

// proxyServer is a forward proxy that demands Basic credentials: every
// request, CONNECT included, gets 407 with a challenge.
func proxyServer(t *testing.T, rec *seen) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		w.Header().Set("Proxy-Authenticate", `Basic realm="proxy"`)
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusProxyAuthRequired)
		w.Write([]byte("proxy authentication required\n"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func proxyTarget(through string) config.Target {
	tg := testTarget()
	tg.Kind, tg.Through = config.Proxy, through
	return tg
}

func TestProxyForwardRequests(t *testing.T) {
	rec := &seen{}
	proxy := proxyServer(t, rec)
	tg := proxyTarget("http://backend.invalid/app")
	tg.Credentials = &config.Credentials{Username: "pu", Password: "proxy-pass"}
	c := newTestClient(t, tg, proxy.URL)
	ctx := context.Background()
	ex := c.Unauthenticated(ctx, "GET", "")[0]
	if ex.Err != nil || ex.Judge.Status != 407 || !ex.Judge.Proxy || ex.URL != "http://backend.invalid/app" {
		t.Fatalf("err %v status %d proxy %v url %s", ex.Err, ex.Judge.Status, ex.Judge.Proxy, ex.URL)
	}
	if r := rec.all()[0]; r.RequestURI != "http://backend.invalid/app" {
		t.Errorf("proxy saw request-target %q, want the absolute through URL", r.RequestURI)
	}
	bad := c.BadCredentials(ctx, "GET", "/other", []checks.Challenge{ch("Basic", "realm", "proxy")})
	r := rec.all()[1]
	if r.RequestURI != "http://backend.invalid/app/other" || !strings.HasPrefix(r.Header.Get("Proxy-Authorization"), "Basic ") || r.Header.Get("Authorization") != "" {
		t.Errorf("proxy saw %s with %v", r.RequestURI, r.Header)
	}
	if bad[0].Judge.SentAuthorization != r.Header.Get("Proxy-Authorization") {
		t.Errorf("SentAuthorization %q", bad[0].Judge.SentAuthorization)
	}
	ctl, skip := c.Control(ctx, "GET", "", []checks.Challenge{ch("Basic", "realm", "proxy")})
	if skip != "" || len(ctl) != 2 {
		t.Fatalf("skip %q, %d exchanges", skip, len(ctl))
	}
	if got := rec.all()[2].Header.Get("Proxy-Authorization"); got != "Basic "+basicToken("pu", "proxy-pass") {
		t.Errorf("valid proxy credentials: %q", got)
	}
	if !strings.Contains(ctl[0].Evidence().Curl, "-x '"+proxy.URL+"'") || !strings.Contains(ctl[0].Evidence().Curl, `--proxy-user "${AUTHSPEC_USERNAME}:${AUTHSPEC_PASSWORD}"`) {
		t.Errorf("curl: %s", ctl[0].Evidence().Curl)
	}
	if !strings.Contains(ctl[0].Evidence().Request, "GET http://backend.invalid/app HTTP/1.1") || !strings.Contains(ctl[0].Evidence().Request, "Proxy-Authorization: Basic [REDACTED]") {
		t.Errorf("request evidence:\n%s", ctl[0].Evidence().Request)
	}
	hd := c.Head(ctx, "")[0]
	if hd.Err != nil || hd.Judge.Status != 407 || len(hd.Judge.Body) != 0 {
		t.Errorf("HEAD via proxy: err %v status %d body %q", hd.Err, hd.Judge.Status, hd.Judge.Body)
	}
	if r := rec.all()[4]; r.Method != "HEAD" || r.RequestURI != "http://backend.invalid/app" {
		t.Errorf("proxy saw %s %s", r.Method, r.RequestURI)
	}
}

func TestProxyConnectChallengeRecorded(t *testing.T) {
	rec := &seen{}
	proxy := proxyServer(t, rec)
	c := newTestClient(t, proxyTarget("https://backend.invalid/"), proxy.URL)
	ctx := context.Background()
	ex := c.Unauthenticated(ctx, "GET", "")[0]
	if ex.Err != nil || ex.Judge.Status != 407 || ex.Judge.Header.Get("Proxy-Authenticate") != `Basic realm="proxy"` ||
		string(ex.Judge.Body) != "proxy authentication required\n" {
		t.Fatalf("err %v status %d header %v body %q", ex.Err, ex.Judge.Status, ex.Judge.Header, ex.Judge.Body)
	}
	if ex.Duration <= 0 {
		t.Errorf("Duration = %v for an answered CONNECT, want > 0", ex.Duration)
	}
	bad := c.BadCredentials(ctx, "GET", "", []checks.Challenge{ch("Basic", "realm", "proxy")})
	r := rec.all()[1]
	if r.Method != "CONNECT" || r.Host != "backend.invalid:443" || r.Header.Get("Proxy-Authorization") != bad[0].Judge.SentAuthorization {
		t.Errorf("proxy saw %s %s %v", r.Method, r.Host, r.Header)
	}
	if !strings.HasPrefix(bad[0].Evidence().Request, "CONNECT backend.invalid:443 HTTP/1.1") ||
		!strings.Contains(bad[0].Evidence().Request, "User-Agent: "+userAgent()) {
		t.Errorf("evidence:\n%s", bad[0].Evidence().Request)
	}
}

// TestControlDigestStaleNonceRetried checks that a valid Digest answer
// refused only for a stale nonce is sent once more with the new nonce.
func TestControlDigestStaleNonceRetried(t *testing.T) {
	rec := &seen{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		p := authParams(r.Header.Get("Authorization"))
		if p["nonce"] == "fresh" {
			w.Write([]byte("ok"))
			return
		}
		w.Header().Set("WWW-Authenticate", `Digest realm="r", qop="auth", nonce="fresh", stale=true`)
		w.WriteHeader(401)
	}))
	defer srv.Close()
	tg := testTarget()
	tg.Credentials = &config.Credentials{Username: "u", Password: "pw-stale"}
	c := newTestClient(t, tg, srv.URL)
	exs, _ := c.Control(context.Background(), "GET", "/", []checks.Challenge{ch("Digest", "realm", "r", "qop", "auth", "nonce", "old")})
	// digest (stale, then fresh) and scheme-case (stale, then fresh).
	if len(exs) != 4 || exs[1].Judge.Status != 200 || exs[3].Judge.Status != 200 {
		for _, ex := range exs {
			t.Logf("%s %d %v", ex.Variant, ex.Judge.Status, ex.Notes)
		}
		t.Fatalf("%d exchanges", len(exs))
	}
	if !strings.Contains(strings.Join(exs[0].Notes, ";"), "stale") {
		t.Errorf("notes %v", exs[0].Notes)
	}
}
