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

// relayServer is a forward proxy and the origin behind it in one server,
// as the fixtures are: absolute-form requests are the proxy's (Basic
// pu:proxy-pass), origin-form ones the origin's. The origin demands Digest
// and answers any Digest credentials with Authentication-Info; at
// /app/hop it redirects to another host instead.
func relayServer(t *testing.T, rec *seen) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		viaProxy := r.URL.IsAbs()
		if viaProxy && r.Header.Get("Proxy-Authorization") != "Basic "+basicToken("pu", "proxy-pass") {
			w.Header().Set("Proxy-Authenticate", `Basic realm="proxy"`)
			w.WriteHeader(http.StatusProxyAuthRequired)
			return
		}
		nonce := "n-direct"
		if viaProxy {
			nonce = "n-via"
		}
		switch {
		case !strings.HasPrefix(r.Header.Get("Authorization"), "Digest "):
			w.Header().Set("WWW-Authenticate", `Digest realm="o", qop="auth", algorithm=SHA-256, nonce="`+nonce+`"`)
			w.WriteHeader(http.StatusUnauthorized)
		case r.URL.Path == "/app/hop":
			w.Header().Set("Location", "http://other.invalid/x")
			w.WriteHeader(http.StatusTemporaryRedirect)
		default:
			w.Header().Set("Authentication-Info", `qop=auth, rspauth="ab", cnonce="c", nc=00000001`)
			w.Write([]byte("ok"))
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// ViaProxy sends the origin's credentials through the proxy beside the
// proxy's own, OriginValid sends them to the origin directly; each shows
// them redacted, with placeholders of their own in curl, and never
// carries them to another host.
func TestOriginCredentialsViaProxyAndDirect(t *testing.T) {
	rec := &seen{}
	srv := relayServer(t, rec)
	tg := proxyTarget(srv.URL + "/app")
	tg.Credentials = &config.Credentials{Username: "pu", Password: "proxy-pass"}
	tg.OriginCredentials = &config.Credentials{Username: "ou", Password: "origin-pass"}
	tg.FollowRedirects = true
	c := newTestClient(t, tg, srv.URL)
	ctx := context.Background()
	proxyOffered := []checks.Challenge{ch("Basic", "realm", "proxy")}
	origin, path, err := c.Origin("/res")
	if err != nil || path != "/app/res" {
		t.Fatalf("Origin: %v, path %q", err, path)
	}
	defer origin.Close()

	relayed := []checks.Challenge{ch("Digest", "realm", "o", "qop", "auth", "algorithm", "SHA-256", "nonce", "n-via")}
	via, skip := c.ViaProxy(ctx, "GET", "/res", proxyOffered, "basic", origin, relayed)
	if skip != "" || len(via) != 1 || via[0].Judge.Status != 200 || !strings.HasPrefix(via[0].Variant, ViaProxyVariant+"/digest") {
		t.Fatalf("via proxy: skip %q, %d exchanges %+v", skip, len(via), via)
	}
	r := rec.all()[0]
	got := authParams(r.Header.Get("Authorization"))
	if r.RequestURI != srv.URL+"/app/res" || r.Header.Get("Proxy-Authorization") != "Basic "+basicToken("pu", "proxy-pass") ||
		got["username"] != "ou" || got["uri"] != "/app/res" || got["nonce"] != "n-via" {
		t.Errorf("the proxy saw %s with %v", r.RequestURI, r.Header)
	}
	ev := via[0].Evidence()
	if strings.Contains(ev.Request+ev.Curl, "origin-pass") || !strings.Contains(ev.Request, `Authorization: Digest username="[REDACTED]"`) ||
		!strings.Contains(ev.Request, "Proxy-Authorization: Basic [REDACTED]") {
		t.Errorf("request evidence:\n%s", ev.Request)
	}
	if !strings.Contains(ev.Curl, `--proxy-user "${AUTHSPEC_USERNAME}:${AUTHSPEC_PASSWORD}"`) ||
		!strings.Contains(ev.Curl, `-u "${AUTHSPEC_ORIGIN_USERNAME}:${AUTHSPEC_ORIGIN_PASSWORD}" --digest`) {
		t.Errorf("curl: %s", ev.Curl)
	}

	direct := []checks.Challenge{ch("Digest", "realm", "o", "qop", "auth", "algorithm", "SHA-256", "nonce", "n-direct")}
	dex, skip := origin.OriginValid(ctx, "GET", path, direct)
	if skip != "" || len(dex) != 1 || dex[0].Judge.Status != 200 || !strings.HasPrefix(dex[0].Variant, DirectVariant+"/digest") {
		t.Fatalf("direct: skip %q, %d exchanges", skip, len(dex))
	}
	r = rec.all()[1]
	if got := authParams(r.Header.Get("Authorization")); r.RequestURI != "/app/res" || got["uri"] != "/app/res" || got["nonce"] != "n-direct" ||
		r.Header.Get("Proxy-Authorization") != "" {
		t.Errorf("the origin saw %s with %v", r.RequestURI, r.Header)
	}
	if !strings.Contains(dex[0].Evidence().Curl, `-u "${AUTHSPEC_ORIGIN_USERNAME}:${AUTHSPEC_ORIGIN_PASSWORD}" --digest`) {
		t.Errorf("direct curl: %s", dex[0].Evidence().Curl)
	}
	if c.Requests() != 2 {
		t.Errorf("the proxy target counts %d requests, want 2: the origin's are its own too", c.Requests())
	}

	// A redirect to another host: the proxy's credentials go on, to the
	// proxy; the origin's stay behind.
	hop, skip := c.ViaProxy(ctx, "GET", "/hop", proxyOffered, "basic", origin, relayed)
	if skip != "" || len(hop) != 2 {
		t.Fatalf("redirect: skip %q, %d exchanges", skip, len(hop))
	}
	r = rec.all()[3]
	if r.RequestURI != "http://other.invalid/x" || r.Header.Get("Authorization") != "" || r.Header.Get("Proxy-Authorization") == "" {
		t.Errorf("after the redirect the proxy saw %s with %v", r.RequestURI, r.Header)
	}
	if !strings.Contains(strings.Join(hop[0].Notes, ";"), "without the origin's credentials") {
		t.Errorf("notes %v", hop[0].Notes)
	}

	// Without origin_credentials nothing is sent.
	tg.OriginCredentials = nil
	bare := newTestClient(t, tg, srv.URL)
	o2, _, _ := bare.Origin("/res")
	defer o2.Close()
	if _, skip := bare.ViaProxy(ctx, "GET", "/res", proxyOffered, "basic", o2, relayed); skip != "no credentials configured" {
		t.Errorf("without origin_credentials: skip %q", skip)
	}
	if bare.Requests() != 0 {
		t.Errorf("without origin_credentials %d requests were sent", bare.Requests())
	}
}

// ControlRequests bounds the control probe's own requests at their most:
// a 401 offering more Digest challenges than are answered, Basic, Bearer
// and a scheme authspec has no credentials for gets one valid credential
// per answered challenge and the odd-case variant, and no more.
func TestControlRequestsIsTheMostTheControlSends(t *testing.T) {
	tg := testTarget()
	tg.Credentials = &config.Credentials{Username: "u", Password: "p", Token: "t"}
	c := newTestClient(t, tg, "http://127.0.0.1:1")
	var offered []checks.Challenge
	for _, alg := range []string{"MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess", "SHA-256", "MD5"} {
		offered = append(offered, ch("Digest", "realm", "r", "qop", "auth", "algorithm", alg, "nonce", "n-"+alg))
	}
	offered = append(offered, ch("Basic", "realm", "r"), ch("Bearer", "realm", "r"), ch("Other", "realm", "r"))
	vs, odd := c.validVariants(offered)
	n := len(vs)
	if odd.cred != nil {
		n++
	}
	if n != ControlRequests {
		t.Errorf("the control sends %d requests to this 401, ControlRequests is %d: keep it the most it sends", n, ControlRequests)
	}
}
