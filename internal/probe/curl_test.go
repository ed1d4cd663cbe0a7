package probe

import (
	"context"
	"crypto/tls"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
)

// curlPath finds curl for the tests that run the printed lines. Without
// curl they skip, unless AUTHSPEC_CURL=1 (set by the CI stage that
// installs curl) says they must run.
func curlPath(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("curl")
	if err != nil {
		if os.Getenv("AUTHSPEC_CURL") == "1" {
			t.Fatalf("AUTHSPEC_CURL=1 but curl is not installed: %v", err)
		}
		t.Skip("curl not installed (AUTHSPEC_CURL=1 makes this a failure)")
	}
	return path
}

// runCurl runs a printed curl line in a shell whose environment holds only
// the placeholders' values, discarding the response.
func runCurl(t *testing.T, line string, env ...string) {
	t.Helper()
	cmd := exec.Command("sh", "-c", line+" -s -S -o /dev/null")
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("curl failed: %v\n%s\n%s", err, line, out)
	}
}

// tlsRecorder is an HTTPS server on loopback whose certificate names only
// the given DNS name (no IP address), so a client reaches it only by that
// name. It records each request and the SNI it came with.
func tlsRecorder(t *testing.T, name string) (*httptest.Server, string, *seen) {
	t.Helper()
	cert, ca := testCert(t, time.Now().Add(-time.Hour), time.Now().Add(time.Hour), []string{name}, nil)
	rec := &seen{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		w.Header().Set("WWW-Authenticate", `Basic realm="tls"`)
		w.WriteHeader(401)
	}))
	srv.EnableHTTP2 = true
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv, ca, rec
}

// TestCurlLineReachesServerName runs the curl line of a target with
// tls.server_name against a server whose certificate names only that
// name: curl must verify it, send the same SNI, Host, path and
// credentials as the probe did.
func TestCurlLineReachesServerName(t *testing.T) {
	curlPath(t)
	srv, ca, rec := tlsRecorder(t, "api.internal")
	tg := testTarget()
	tg.TLS.CAFile, tg.TLS.ServerName = ca, "api.internal"
	tg.Credentials = &config.Credentials{Token: "tok-Secret.1"}
	c := newTestClient(t, tg, srv.URL)
	ctl, skip := c.Control(context.Background(), "GET", "/items/[1]/{a}?filter[name]={x}", echoOffer[1:2])
	if skip != "" || len(ctl) == 0 || ctl[0].Err != nil {
		t.Fatalf("probe: skip %q, %d exchanges, %v", skip, len(ctl), ctl)
	}
	line := ctl[0].Evidence().Curl
	if !strings.Contains(line, "--globoff") || !strings.Contains(line, "'https://api.internal:") ||
		strings.Contains(line, "tok-Secret.1") {
		t.Fatalf("curl line: %s", line)
	}
	t.Logf("curl line: %s", line)
	probeSent := rec.all()[0]
	runCurl(t, line, "AUTHSPEC_TOKEN=tok-Secret.1")
	all := rec.all()
	if len(all) != len(ctl)+1 {
		t.Fatalf("server saw %d requests, want %d", len(all), len(ctl)+1)
	}
	got := all[len(all)-1]
	if got.TLS == nil || got.TLS.ServerName != "api.internal" {
		t.Errorf("curl's SNI = %+v, want api.internal", got.TLS)
	}
	if got.RequestURI != probeSent.RequestURI || got.Host != probeSent.Host {
		t.Errorf("curl sent %s to Host %s, probe sent %s to Host %s", got.RequestURI, got.Host, probeSent.RequestURI, probeSent.Host)
	}
	if a := got.Header.Get("Authorization"); a != "Bearer tok-Secret.1" || a != probeSent.Header.Get("Authorization") {
		t.Errorf("curl sent Authorization %q, probe %q", a, probeSent.Header.Get("Authorization"))
	}
}

// TestCurlLineSendsBracketsAsWritten runs the curl line for a path and
// query holding "[" and "{", which curl's URL globbing would otherwise
// expand or reject.
func TestCurlLineSendsBracketsAsWritten(t *testing.T) {
	curlPath(t)
	rec := &seen{}
	srv := echoServer(t, rec)
	c := newTestClient(t, testTarget(), srv.URL)
	const path = "/a/[b]/{c}?filter[name]={x}&page[1-3]"
	ex := c.Unauthenticated(context.Background(), "GET", path)[0]
	if ex.Err != nil {
		t.Fatal(ex.Err)
	}
	runCurl(t, ex.Evidence().Curl)
	all := rec.all()
	if len(all) != 2 {
		t.Fatalf("server saw %d requests, want 2", len(all))
	}
	probeURI, curlURI := all[0].RequestURI, all[1].RequestURI
	if curlURI != probeURI || !strings.HasSuffix(curlURI, "?filter[name]={x}&page[1-3]") {
		t.Errorf("curl sent %q, probe sent %q", curlURI, probeURI)
	}
}

func TestCurlTargetRouting(t *testing.T) {
	tg := testTarget()
	tg.TLS.ServerName = "api.internal"
	for _, tc := range []struct{ base, wantURL, wantRoute string }{
		{"https://10.1.2.3:8443", "'https://api.internal:8443/p'", "--connect-to 'api.internal:8443:10.1.2.3:8443' -H 'Host: 10.1.2.3:8443'"},
		{"https://[::1]", "'https://api.internal:443/p'", "--connect-to 'api.internal:443:[::1]:443' -H 'Host: [::1]'"},
		{"https://lb.example.net:9", "'https://api.internal:9/p'", "--connect-to 'api.internal:9:lb.example.net:9' -H 'Host: lb.example.net:9'"},
	} {
		c := newTestClient(t, tg, tc.base)
		u, err := c.targetURL("/p")
		if err != nil {
			t.Fatal(err)
		}
		line := c.curlCommand("GET", u, nil, shape{})
		if !strings.HasSuffix(line, " "+tc.wantURL) || !strings.Contains(line, tc.wantRoute) {
			t.Errorf("%s: %s", tc.base, line)
		}
	}
	// Without server_name, or over http, the URL is the probe's own.
	c := newTestClient(t, testTarget(), "https://10.1.2.3:8443")
	u, _ := c.targetURL("/p")
	if line := c.curlCommand("GET", u, nil, shape{}); strings.Contains(line, "--connect-to") || !strings.HasSuffix(line, " 'https://10.1.2.3:8443/p'") {
		t.Errorf("no server_name: %s", line)
	}
}

// The curl line of a request with the token in its query sends the same
// request: the method (GET, POST, HEAD; -G alone would make each a GET),
// the query the probe sent, the token taken from the environment and
// percent-encoded by curl (-G --data-urlencode, which curl before 7.87
// has, unlike --url-query), and no body.
func TestCurlLineSendsTheQueryToken(t *testing.T) {
	curlPath(t)
	type got struct{ method, uri, body string }
	reqs := make(chan got, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		reqs <- got{r.Method, r.URL.RequestURI(), string(b)}
		w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	t.Cleanup(srv.Close)
	c := newTestClient(t, queryTestTarget(true), srv.URL)
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodHead} {
		for _, ex := range c.QueryToken(context.Background(), method, "/r?x=1", []checks.Challenge{ch("Bearer")}) {
			sent := <-reqs
			if !ex.Judge.QueryToken {
				continue
			}
			line := ex.Evidence().Curl
			if strings.Contains(line, "--url-query") {
				t.Errorf("%s: the curl line needs curl 7.87: %s", method, line)
			}
			runCurl(t, line, "AUTHSPEC_TOKEN="+queryTestToken)
			again := <-reqs
			if again != sent {
				t.Errorf("%s %s: curl sent %+v, the probe %+v\n%s", method, ex.Variant, again, sent, line)
			}
		}
	}
}
