package refserver

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// viaProxy sends GET/HEAD for target through the reference as a forward
// proxy. The target's host is never resolved or contacted: the transport
// connects only to the proxy, which is on loopback.
func viaProxy(t *testing.T, s *Server, method, target string, user *url.Userinfo) response {
	t.Helper()
	proxy, _ := url.Parse(s.URL)
	proxy.User = user
	tr := &http.Transport{Proxy: http.ProxyURL(proxy)}
	defer tr.CloseIdleConnections()
	req, _ := http.NewRequest(method, target, nil)
	res, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, res.Header, body}
}

func TestProxyDemandsAuthentication(t *testing.T) {
	s := startT(t)
	for _, user := range []*url.Userinfo{nil, url.UserPassword(Username, "wrong")} {
		res := viaProxy(t, s, "GET", "http://example.invalid/resource", user)
		assertProblem(t, res, 407)
		if got := res.header.Values("Proxy-Authenticate"); len(got) != 1 || got[0] != `Basic realm="authspec proxy", charset="UTF-8"` {
			t.Errorf("Proxy-Authenticate %q", got)
		}
		if res.header.Get("WWW-Authenticate") != "" {
			t.Error("WWW-Authenticate on a 407")
		}
	}
}

func TestProxyAnswersItself(t *testing.T) {
	s := startT(t)
	res := viaProxy(t, s, "GET", "http://example.invalid/resource", url.UserPassword(Username, Password))
	if res.status != 200 {
		t.Fatalf("status %d: %s", res.status, res.body)
	}
	var doc map[string]any
	if err := json.Unmarshal(res.body, &doc); err != nil || doc["forwarded"] != false {
		t.Errorf("body %s (%v)", res.body, err)
	}
	if strings.Contains(string(res.body), Password) {
		t.Error("body repeats the password")
	}
	head := viaProxy(t, s, "HEAD", "http://example.invalid/resource", url.UserPassword(Username, Password))
	if head.status != 200 || len(head.body) != 0 || head.header.Get("Content-Length") != res.header.Get("Content-Length") {
		t.Errorf("HEAD: %d, %q, Content-Length %q", head.status, head.body, head.header.Get("Content-Length"))
	}
}

func TestProxyConnectNeverTunnels(t *testing.T) {
	s := startT(t)
	raw := rawResponse(t, s, "CONNECT example.invalid:443 HTTP/1.1\r\nHost: example.invalid:443\r\nConnection: close\r\n\r\n")
	if !strings.HasPrefix(raw, "HTTP/1.1 407 ") || !strings.Contains(raw, "Proxy-Authenticate: Basic") {
		t.Errorf("CONNECT without credentials: %q", raw)
	}
	raw = rawResponse(t, s, "CONNECT example.invalid:443 HTTP/1.1\r\nHost: example.invalid:443\r\n"+
		"Proxy-Authorization: "+basicAuthz(Username, Password)["Authorization"][0]+"\r\nConnection: close\r\n\r\n")
	if !strings.HasPrefix(raw, "HTTP/1.1 501 ") {
		t.Errorf("CONNECT with credentials: %q", raw)
	}
}
