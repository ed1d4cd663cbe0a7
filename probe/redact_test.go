package probe

import (
	"context"
	"encoding/base64"
	"slices"
	"strings"
	"testing"
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
