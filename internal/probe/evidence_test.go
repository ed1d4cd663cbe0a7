package probe

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
)

// echoServer challenges with Basic, Bearer and Digest and repeats the
// credentials it got in a header and the body: the worst case for
// redaction.
func echoServer(t *testing.T, rec *seen) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		auth := r.Header.Get("Authorization")
		decoded, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(auth, "Basic "))
		w.Header().Add("WWW-Authenticate", `Basic realm="echo"`)
		w.Header().Add("WWW-Authenticate", `Bearer realm="echo"`)
		w.Header().Add("WWW-Authenticate", `Digest realm="echo", nonce="n1", qop="auth"`)
		w.Header().Set("X-Echo", auth)
		w.WriteHeader(401)
		w.Write([]byte("you sent " + auth + " which is " + string(decoded) + "\n"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

var echoOffer = []checks.Challenge{ch("Basic", "realm", "echo"), ch("Bearer", "realm", "echo"), ch("Digest", "realm", "echo", "nonce", "n1", "qop", "auth")}

func TestNoSecretInEvidence(t *testing.T) {
	rec := &seen{}
	srv := echoServer(t, rec)
	tg := testTarget()
	tg.Credentials = &config.Credentials{Username: "carol-user", Password: "Sup3r-S3cret", Token: "eyJhbGciOi.payload.sig"}
	tg.Headers["X-Api-Key"] = "key-0123456789"
	tg.FollowRedirects = true
	c := newTestClient(t, tg, srv.URL)
	ctx := context.Background()
	var all []*Exchange
	ctl, skip := c.Control(ctx, "GET", "/", echoOffer)
	if skip != "" || len(ctl) != 4 {
		t.Fatalf("control: skip %q, %d exchanges", skip, len(ctl))
	}
	all = append(all, ctl...)
	all = append(all, c.Unauthenticated(ctx, "GET", "/")...)
	all = append(all, c.BadCredentials(ctx, "GET", "/", echoOffer)...)
	all = append(all, c.Malformed(ctx, "GET", "/")...)
	all = append(all, c.Repeated(ctx, "GET", "/", echoOffer)...)
	all = append(all, c.Head(ctx, "/")...)
	secrets := c.Secrets()
	for _, want := range []string{"Sup3r-S3cret", "eyJhbGciOi.payload.sig", basicToken("carol-user", "Sup3r-S3cret"), "key-0123456789"} {
		if !contains(secrets, want) {
			t.Errorf("Secrets() lacks %q", want)
		}
	}
	if len(secrets) < 6 { // + Digest HA1 and response values (the username is not a secret)
		t.Errorf("Secrets() = %d values, want the Digest HA1/response too", len(secrets))
	}
	for _, ex := range all {
		text := ex.Evidence().Request + ex.Evidence().Response + ex.Evidence().Curl + strings.Join(ex.Notes, " ")
		if ex.Err != nil {
			text += ex.Err.Error()
		}
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%s/%s evidence shows secret %q:\n%s", ex.Probe, ex.Variant, s, text)
			}
		}
	}
	// The control evidence shows the redacted forms; Judge keeps the truth.
	if !strings.Contains(ctl[0].Evidence().Request, "Authorization: Basic [REDACTED]") ||
		!strings.Contains(ctl[0].Evidence().Request, "X-Api-Key: [REDACTED]") {
		t.Errorf("control request evidence:\n%s", ctl[0].Evidence().Request)
	}
	if !strings.Contains(ctl[2].Evidence().Request, `Authorization: Digest username="[REDACTED]"`) {
		t.Errorf("digest request evidence:\n%s", ctl[2].Evidence().Request)
	}
	if !contains(ctl[0].Judge.Secrets, "Sup3r-S3cret") || ctl[0].Judge.SentAuthorization != "Basic "+basicToken("carol-user", "Sup3r-S3cret") {
		t.Errorf("Judge: %q %v", ctl[0].Judge.SentAuthorization, ctl[0].Judge.Secrets)
	}
	if !strings.Contains(ctl[0].Evidence().Curl, `-u "${AUTHSPEC_USERNAME}:${AUTHSPEC_PASSWORD}"`) {
		t.Errorf("curl: %s", ctl[0].Evidence().Curl)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestCurlReproducesRequests runs each evidence's curl command with the
// placeholders set and checks that the server sees the same request.
func TestCurlReproducesRequests(t *testing.T) {
	curlPath(t)
	rec := &seen{}
	srv := echoServer(t, rec)
	tg := testTarget()
	tg.Credentials = &config.Credentials{Username: "dave", Password: "it's a \"pass\"", Token: "tok.en-1"}
	tg.Headers["X-Quote"] = "it's"
	c := newTestClient(t, tg, srv.URL)
	ctx := context.Background()
	ctl, _ := c.Control(ctx, "GET", "/c?q=1", echoOffer[:2])
	exs := append(ctl, c.Malformed(ctx, "POST", "/m")...)
	exs = append(exs, c.Unauthenticated(ctx, "DELETE", "/u")...)
	exs = append(exs, c.Head(ctx, "/h")...)
	for _, ex := range exs {
		before := len(rec.all())
		cmd := exec.Command("sh", "-c", ex.Evidence().Curl+" -s -o /dev/null")
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(),
			"AUTHSPEC_USERNAME=dave", `AUTHSPEC_PASSWORD=it's a "pass"`, "AUTHSPEC_TOKEN=tok.en-1"}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s/%s: %v\n%s\n%s", ex.Probe, ex.Variant, err, ex.Evidence().Curl, out)
			continue
		}
		got := rec.all()
		if len(got) != before+1 {
			t.Errorf("%s/%s: curl made %d requests", ex.Probe, ex.Variant, len(got)-before)
			continue
		}
		r := got[before]
		orig := findRequest(rec.all()[:before], ex)
		if r.Method != ex.Method || r.URL.RequestURI() != orig.URL.RequestURI() ||
			r.Header.Get("X-Env") != "staging" || r.Header.Get("X-Quote") != "it's" ||
			r.Header.Get("User-Agent") != userAgent() {
			t.Errorf("%s/%s: curl sent %s %s %v", ex.Probe, ex.Variant, r.Method, r.URL, r.Header)
		}
		if ga, oa := r.Header.Values("Authorization"), orig.Header.Values("Authorization"); strings.Join(ga, "|") != strings.Join(oa, "|") || len(ga) != len(oa) {
			t.Errorf("%s/%s: curl sent Authorization %q, probe sent %q\n%s", ex.Probe, ex.Variant, ga, oa, ex.Evidence().Curl)
		}
	}
}

// findRequest finds the request a probe exchange made, by method, path
// and credentials sent.
func findRequest(reqs []*http.Request, ex *Exchange) *http.Request {
	for _, r := range reqs {
		if r.Method == ex.Method && r.URL.RequestURI() == ex.Path && r.Header.Get("Authorization") == ex.Judge.SentAuthorization {
			return r
		}
	}
	return &http.Request{Header: http.Header{}, URL: reqs[0].URL}
}

func TestShellQuote(t *testing.T) {
	out, err := exec.Command("sh", "-c", "printf %s "+shellQuote(`it's "$HOME" \n`)).Output()
	if err != nil || string(out) != `it's "$HOME" \n` {
		t.Errorf("got %q, %v", out, err)
	}
}

func TestEscapeText(t *testing.T) {
	got := escapeText("ok\r\nbad\x00\xff é\ttab")
	if got != "ok\nbad\\x00\\xff é\ttab" {
		t.Errorf("got %q", got)
	}
}

// A response of a thousand field lines is shown up to a bound, with the
// number of lines left out.
func TestResponseEvidenceBounded(t *testing.T) {
	h := http.Header{}
	for i := range 1000 {
		h.Add("WWW-Authenticate", fmt.Sprintf(`S%d realm="r%d"`, i, i))
	}
	out := formatResponse("HTTP/1.1", 401, "", h, nil, false)
	if len(out) > maxHeaderShown+1<<10 {
		t.Errorf("%d bytes of response evidence, want about %d at most", len(out), maxHeaderShown)
	}
	if !strings.Contains(out, "more field lines not shown]") {
		t.Errorf("the lines left out are not counted:\n%s", out[len(out)-200:])
	}
}
