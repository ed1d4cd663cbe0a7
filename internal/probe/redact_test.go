package probe

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/config"
)

// Every common encoding of a secret is redacted, not only the raw value:
// percent-encoded in either case (a redirect's Location, a followed
// request line), JSON's \/ and \u escapes, base64 and base64url, padded and
// not, of the secret alone.
func TestRedactEveryEncoding(t *testing.T) {
	const pass = "S3CR/pass!@#%+<&"
	const token = "tok.Secret_7~x/y+z"
	r := NewRedactor(pass, token)
	var forms []string
	for _, s := range []string{pass, token} {
		forms = append(forms,
			s,
			strings.NewReplacer("/", "%2F", "!", "%21", "@", "%40", "#", "%23", "%", "%25", "+", "%2B", "<", "%3C", "&", "%26", "~", "%7E").Replace(s),
			strings.NewReplacer("/", "%2f", "!", "%21", "@", "%40", "#", "%23", "%", "%25", "+", "%2b", "<", "%3c", "&", "%26", "~", "%7e").Replace(s),
			strings.NewReplacer("/", `\/`).Replace(s),
			strings.NewReplacer("/", `\/`, "<", `\u003c`, "&", `\u0026`).Replace(s),
			strings.NewReplacer("<", `\u003c`, "&", `\u0026`).Replace(s),
			base64.StdEncoding.EncodeToString([]byte(s)),
			base64.RawStdEncoding.EncodeToString([]byte(s)),
			base64.URLEncoding.EncodeToString([]byte(s)),
			base64.RawURLEncoding.EncodeToString([]byte(s)),
		)
	}
	for _, f := range forms {
		text := "Location: /login?x=" + f + "&y=1"
		got := r.Redact(text)
		if strings.Contains(got, f) || !strings.Contains(got, redactedMark) {
			t.Errorf("%q redacted to %q", text, got)
		}
		if !r.Contains(text) {
			t.Errorf("Contains(%q) is false", text)
		}
	}
	// The example of the issue: S3CRpass!@#% in a Location.
	r = NewRedactor("S3CRpass!@#%")
	if got := r.Redact("Location: /?pw=S3CRpass%21%40%23%25"); strings.Contains(got, "S3CR") {
		t.Errorf("percent-encoded password left in %q", got)
	}
	if got := r.Redact("nothing secret here"); got != "nothing secret here" {
		t.Errorf("redacted an innocent text: %q", got)
	}
}

// A configured header whose value is secret (config: from ${VAR}, whatever
// its name) is redacted in the request evidence, the curl line (as a
// ${AUTHSPEC_HEADER_...} placeholder) and anywhere else; one marked public
// is shown even under a name that suggests a secret.
func TestSecretHeadersRedacted(t *testing.T) {
	var rec seen
	srv := challengeServer(t, &rec, `Basic realm="r"`)
	tg := testTarget()
	tg.Headers = map[string]string{"X-Auth": "hdr-secret-1", "X-Passwd": "hdr-secret-2", "X-Api-Key": "shown-key", "X-Env": "staging"}
	tg.SecretHeaders = map[string]bool{"x-auth": true, "x-passwd": true}
	c := newTestClient(t, tg, srv.URL)
	exs := c.Unauthenticated(context.Background(), "GET", "/")
	ev := exs[0].Evidence()
	all := ev.Request + ev.Response + ev.Curl
	for _, secret := range []string{"hdr-secret-1", "hdr-secret-2"} {
		if strings.Contains(all, secret) {
			t.Errorf("evidence holds %q:\n%s\n%s", secret, ev.Request, ev.Curl)
		}
		if !slices.Contains(c.Secrets(), secret) {
			t.Errorf("%q is not among the client's secrets", secret)
		}
	}
	if !strings.Contains(ev.Curl, "${AUTHSPEC_HEADER_X_AUTH}") || !strings.Contains(ev.Curl, "${AUTHSPEC_HEADER_X_PASSWD}") {
		t.Errorf("curl line has no placeholders for the secret headers: %s", ev.Curl)
	}
	for _, shown := range []string{"shown-key", "staging"} {
		if !strings.Contains(ev.Request, shown) || !strings.Contains(ev.Curl, shown) {
			t.Errorf("the public value %q is hidden:\n%s\n%s", shown, ev.Request, ev.Curl)
		}
	}
}

// The token in a URL query (RFC 6750 §2.3's access_token, as a resource
// path may carry it) is redacted in the request line, the curl line and a
// response that echoes the URL, in its raw and percent-encoded forms.
func TestQueryTokenRedacted(t *testing.T) {
	const token = "tok.Secret_7~x/y+z"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", r.URL.RequestURI())
		w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte("you asked for " + r.URL.RawQuery + " token " + r.URL.Query().Get("access_token")))
	}))
	t.Cleanup(srv.Close)
	tg := testTarget()
	tg.Credentials = &config.Credentials{Token: token}
	c := newTestClient(t, tg, srv.URL)
	for _, q := range []string{url.QueryEscape(token), strings.ReplaceAll(url.QueryEscape(token), "%2F", "%2f"), token} {
		exs := c.Unauthenticated(context.Background(), "GET", "/r?access_token="+q)
		if len(exs) == 0 {
			t.Fatalf("no exchange for %q", q)
		}
		ev := exs[0].Evidence()
		for name, text := range map[string]string{"request": ev.Request, "response": ev.Response, "curl": ev.Curl} {
			if strings.Contains(text, token) || strings.Contains(text, url.QueryEscape(token)) || strings.Contains(text, q) {
				t.Errorf("query %q: the %s evidence shows the token: %q", q, name, text)
			}
			if !strings.Contains(text, redactedMark) {
				t.Errorf("query %q: the %s evidence has no %s: %q", q, name, redactedMark, text)
			}
		}
	}
}
