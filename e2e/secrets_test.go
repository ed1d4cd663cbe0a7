package e2e

import (
	"crypto/md5"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/refserver"
	"github.com/authspec/authspec/internal/report"
)

// The secrets of this test: distinctive, so a hit is never a coincidence.
const (
	secretUser  = "carol-e2e"
	secretPass  = "Pw-7wq!secret-e2e"
	secretToken = "tok.SECRET-e2e-55f0a1"
)

// Credentials never appear in anything authspec writes. The suite runs with
// known secrets against targets that fail on purpose (the reference and
// fixtures reject them, one echoes credentials back in its body, one
// accepts anything, one does Digest with three algorithms); then every
// byte written, terminal and reports alike, is searched for the secrets in
// every form they were sent in: raw, base64 of user:pass, and the Digest
// HA1 for every realm and algorithm seen.
func TestNoSecretInAnyOutput(t *testing.T) {
	var b strings.Builder
	b.WriteString("targets:\n")
	b.WriteString("  - name: reference\n    url: builtin:reference\n    resources: [/basic/, /digest/, /bearer/]\n" + credentialsYAML)
	// A server that serves any Bearer token, in Authorization or in the
	// query: the answer to the token in the query lacks Cache-Control:
	// private, so that request reaches a result with evidence.
	anyBearer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") || r.URL.Query().Get("access_token") != "" {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Write([]byte("served"))
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="any-bearer"`)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte("send a Bearer token"))
	}))
	t.Cleanup(anyBearer.Close)
	b.WriteString("  - name: any-bearer\n    url: " + anyBearer.URL + "\n    resources: [/r]\n" + credentialsYAML)
	for _, name := range []string{"echoes-credential", "any-credentials", "digest-sha512-sess", "bearer-scope"} {
		f, url := startFixture(t, name)
		f.Credentials = false
		writeTarget(&b, f, url)
		b.WriteString(credentialsYAML)
	}
	o := runSuite(t, b.String(), "E2E_SECRET_USER="+secretUser, "E2E_SECRET_PASS="+secretPass, "E2E_SECRET_TOKEN="+secretToken)
	if o.Code != 1 {
		t.Errorf("exit %d, want 1: these targets fail on purpose", o.Code)
	}
	written := map[string]string{"stdout": o.Stdout, "stderr": o.Stderr, "junit.xml": string(o.JUnit)}
	if o.Run == nil {
		t.Fatal("no results.json")
	}
	json, err := readFile(o.Dir + "/results.json")
	if err != nil {
		t.Fatal(err)
	}
	written["results.json"] = json
	// report.html holds its data JSON-encoded with <, > and & escaped; the
	// secrets here have none of those, so they would show as they are.
	if written["report.html"], err = readFile(o.Dir + "/report.html"); err != nil {
		t.Fatal(err)
	}

	forms := secretForms(realmsIn(written))
	if len(forms) < 6 {
		t.Fatalf("only %d secret forms to search for; the realms were not found", len(forms))
	}
	for where, text := range written {
		for name, secret := range forms {
			if strings.Contains(text, secret) {
				t.Errorf("%s holds the %s", where, name)
			}
		}
	}
	if !strings.Contains(json, "[REDACTED]") && !strings.Contains(json, "${AUTHSPEC_PASSWORD}") {
		t.Errorf("results.json shows no sign of redaction: was anything secret sent at all?")
	}
	// The token went in the query (any-bearer serves it there without
	// Cache-Control: private), and the evidence shows it only redacted.
	if !strings.Contains(json, `access_token=[REDACTED]`) || !strings.Contains(json, `-G --data-urlencode \"access_token=${AUTHSPEC_TOKEN}\"`) {
		t.Errorf("results.json shows no token sent in the query, redacted, with its curl line: was query_token honoured?")
	}
}

// credentialsYAML lets the token go in the URI query too (query_token), so
// the search covers the request lines and curl lines that carry it there.
const credentialsYAML = "    credentials:\n      username: ${E2E_SECRET_USER}\n      password: ${E2E_SECRET_PASS}\n      token: ${E2E_SECRET_TOKEN}\n      query_token: true\n"

var realmPattern = regexp.MustCompile(`realm=\\?"([^"\\]*)`)

// realmsIn collects every realm the servers announced, as the reports show.
func realmsIn(texts map[string]string) []string {
	set := map[string]bool{}
	for _, text := range texts {
		for _, m := range realmPattern.FindAllStringSubmatch(text, -1) {
			set[m[1]] = true
		}
	}
	return sortedKeys(set)
}

// secretForms lists each form a secret could leak in, by name.
func secretForms(realms []string) map[string]string {
	forms := map[string]string{
		"password":                  secretPass,
		"token":                     secretToken,
		"base64 of user:pass":       base64.StdEncoding.EncodeToString([]byte(secretUser + ":" + secretPass)),
		"base64 of the password":    base64.StdEncoding.EncodeToString([]byte(secretPass)),
		"URL-encoded password":      strings.ReplaceAll(secretPass, "!", "%21"),
		"password in odd-case form": strings.ToUpper(secretPass),
	}
	algs := map[string]func() hash.Hash{"MD5": md5.New, "SHA-256": sha256.New, "SHA-512-256": sha512.New512_256}
	for _, realm := range realms {
		for name, h := range algs {
			forms["Digest "+name+" HA1 for realm "+realm] = hexOf(h, secretUser+":"+realm+":"+secretPass)
		}
	}
	return forms
}

func hexOf(h func() hash.Hash, s string) string {
	d := h()
	d.Write([]byte(s))
	return hex.EncodeToString(d.Sum(nil))
}

// Secrets with the characters encoders change, so every form differs.
const (
	encodedUser   = "dave-e2e"
	encodedPass   = "S3CRpass!@#%/+e2e"
	encodedToken  = "tok/SECRET+e2e~77"
	encodedHeader = "hdr-SECRET-e2e-31"
)

// Every common encoding of every secret is redacted in every output: a
// server sends each back (percent-encoded with upper- and lower-case hex in
// a Location that the run follows, so it reaches a request line and a curl
// line; JSON's \/; base64 and base64url, padded and not, of the password,
// of the token and of user:pass) in header fields and bodies, and the
// terminal and all six reports are searched for each form.
func TestNoEncodedSecretInAnyOutput(t *testing.T) {
	f := fixtures.EchoesSecrets()
	url, stop, err := f.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	var b strings.Builder
	b.WriteString("targets:\n")
	writeTarget(&b, f, url)
	b.WriteString("    follow_redirects: true\n")
	// Header values from ${VAR} are secrets too, whatever their names.
	b.WriteString("    headers: {X-Auth: \"${E2E_HDR}\", X-Passwd: \"${E2E_HDR}\", X-Trace: {value: \"${E2E_TRACE}\", public: true}}\n")
	o := runSuite(t, b.String(), "AUTHSPEC_E2E_USER="+encodedUser, "AUTHSPEC_E2E_PASS="+encodedPass, "AUTHSPEC_E2E_TOKEN="+encodedToken,
		"E2E_HDR="+encodedHeader, "E2E_TRACE=trace-e2e-public")
	if o.Code != 1 {
		t.Errorf("exit %d, want 1: the target refuses valid credentials", o.Code)
	}
	written := everyOutput(t, o)
	forms := map[string]string{}
	for name, secret := range map[string]string{"password": encodedPass, "token": encodedToken, "user:pass": encodedUser + ":" + encodedPass, "header value": encodedHeader} {
		for i, form := range fixtures.EncodedForms(secret) {
			forms[fmt.Sprintf("%s form %d (%s)", name, i, form)] = form
		}
	}
	for where, text := range written {
		for name, form := range forms {
			if strings.Contains(text, form) {
				t.Errorf("%s holds the %s", where, name)
			}
		}
	}
	// The forms were there to be found: the server's answers to the valid
	// credentials are in the reports, redacted.
	if !strings.Contains(written["results.json"], "/login?") || !strings.Contains(written["results.json"], "[REDACTED]") {
		t.Errorf("results.json shows neither the redirect followed nor any redaction: was anything echoed?")
	}
	if !strings.Contains(written["results.json"], "access_token=[REDACTED]") {
		t.Errorf("results.json shows no token sent in the query (query_token), redacted")
	}
	if !strings.Contains(written["results.json"], "trace-e2e-public") || !strings.Contains(written["results.json"], "${AUTHSPEC_HEADER_X_AUTH}") {
		t.Errorf("results.json does not show the public header, or has no placeholder for the secret one")
	}
}

// A proxy target's origin_credentials (audit M1) are sent through the
// proxy and to the origin directly, and appear nowhere: not the password,
// not the base64 of user:pass, not the Digest HA1. The comparison they
// drive is judged on a faithful proxy (a pass, not a skip), fails on one
// that drops rspauth, and says what to declare where they are missing.
func TestOriginCredentialsComparedAndNeverShown(t *testing.T) {
	var b strings.Builder
	b.WriteString("defaults:\n  timeout: 5s\n  rate: 200\ntargets:\n")
	start := func(name, as string, origin bool) {
		f, url := startFixture(t, name)
		f.Name, f.OriginCredentials = as, origin
		writeTarget(&b, f, url)
	}
	start("proxy-relays-authinfo", "faithful", true)
	start("proxy-drops-rspauth", "drops-rspauth", true)
	start("proxy-relays-authinfo", "undeclared", false)
	o := runSuite(t, b.String(), credentialEnv...)
	const id = "rfc9110/proxy-no-modify-authentication-info"
	results := func(target string) (outcomes map[report.Outcome]int, messages []string, ev []*report.Evidence) {
		outcomes = map[report.Outcome]int{}
		for _, r := range o.target(t, target).Results {
			if r.Check == id {
				outcomes[r.Outcome]++
				messages = append(messages, r.Message)
				ev = append(ev, r.Evidence)
			}
		}
		return outcomes, messages, ev
	}
	if got, msgs, _ := results("faithful"); got[report.Pass] == 0 || len(got) != 1 {
		t.Errorf("faithful proxy: outcomes %v, want passes only: %q\n%s", got, msgs, describe(o.target(t, "faithful")))
	}
	got, msgs, ev := results("drops-rspauth")
	if got[report.Fail] == 0 || !strings.Contains(strings.Join(msgs, " "), "rspauth disappeared") {
		t.Errorf("proxy dropping rspauth: outcomes %v, messages %q, want a fail naming rspauth", got, msgs)
	}
	if len(ev) == 0 || ev[0] == nil {
		t.Fatalf("proxy dropping rspauth: no evidence on %s", id)
	}
	if !strings.Contains(ev[0].Curl, "${AUTHSPEC_ORIGIN_USERNAME}:${AUTHSPEC_ORIGIN_PASSWORD}") || !strings.Contains(ev[0].Curl, "--proxy-user") {
		t.Errorf("the curl line does not carry both credentials as placeholders: %s", ev[0].Curl)
	}
	if !strings.Contains(ev[0].Request, "Authorization: Digest username=\"[REDACTED]\"") || !strings.Contains(ev[0].Request, "Proxy-Authorization: Basic [REDACTED]") {
		t.Errorf("the request does not show both credentials redacted:\n%s", ev[0].Request)
	}
	if got, msgs, _ := results("undeclared"); got[report.Skip] == 0 || len(got) != 1 || !strings.Contains(strings.Join(msgs, " "), "declare origin_credentials") {
		t.Errorf("without origin_credentials: outcomes %v, messages %q, want a skip saying what to declare", got, msgs)
	}

	written := everyOutput(t, o)
	forms := map[string]string{
		"origin password":              fixtures.OriginPassword,
		"base64 of origin user:pass":   base64.StdEncoding.EncodeToString([]byte(fixtures.OriginUsername + ":" + fixtures.OriginPassword)),
		"origin Digest SHA-256 HA1":    hexOf(sha256.New, fixtures.OriginUsername+":authspec fixture:"+fixtures.OriginPassword),
		"proxy base64 user:pass":       base64.StdEncoding.EncodeToString([]byte(refserver.Username + ":" + refserver.Password)),
		"origin password, URL-escaped": strings.ReplaceAll(fixtures.OriginPassword, ":", "%3A"),
	}
	for _, realm := range realmsIn(written) {
		forms["origin Digest SHA-256 HA1 for realm "+realm] = hexOf(sha256.New, fixtures.OriginUsername+":"+realm+":"+fixtures.OriginPassword)
	}
	for where, text := range written {
		for name, secret := range forms {
			if strings.Contains(text, secret) {
				t.Errorf("%s holds the %s", where, name)
			}
		}
	}
}

// A password outside US-ASCII is redacted in every encoding a server may
// send it back in (RFC 7617 §2, §2.1: UTF-8 when charset="UTF-8" is
// offered, else whatever the server expects, ISO-8859-1 often): a server
// echoes the password and user-pass it got in NFC and NFD UTF-8 and in
// ISO-8859-1, raw, percent-encoded and base64-encoded, and the charset
// fixtures refuse or accept them; the terminal and all six reports are
// searched for each form, and for ISO-8859-1 as the evidence escapes it.
func TestNoNonASCIISecretInAnyOutput(t *testing.T) {
	var b strings.Builder
	b.WriteString("targets:\n")
	for _, name := range []string{"echoes-non-ascii-secrets", "basic-utf8-compares-latin1", "basic-latin1-no-charset", "basic-utf8-nfc"} {
		f, url := startFixture(t, name)
		writeTarget(&b, f, url)
	}
	o := runSuite(t, b.String(), credentialEnv...)
	if o.Code != 1 {
		t.Errorf("exit %d, want 1: two targets refuse the declared credentials", o.Code)
	}
	written := everyOutput(t, o)
	latin1 := func(s string) string {
		var out []byte
		for _, r := range s {
			out = append(out, byte(r))
		}
		return string(out)
	}
	user, pass := fixtures.UTF8Username, fixtures.UTF8Password
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	forms := map[string]string{
		// Evidence shows bytes that are not UTF-8 as \xNN, and JSON
		// escapes the backslash.
		"ISO-8859-1 password as evidence escapes it": `Gr\xfc\xdfe-caf\xe9-7617`,
		"ISO-8859-1 password escaped, in JSON":       `Gr\\xfc\\xdfe-caf\\xe9-7617`,
	}
	for enc, conv := range map[string]func(string) string{"NFC": norm.NFC.String, "NFD": norm.NFD.String, "ISO-8859-1": func(s string) string { return latin1(norm.NFC.String(s)) }} {
		forms[enc+" password"] = conv(pass)
		forms[enc+" password in base64"] = b64(conv(pass))
		forms[enc+" user:pass in base64"] = b64(conv(user) + ":" + conv(pass))
		forms[enc+" password percent-encoded"] = url.QueryEscape(conv(pass))
	}
	for where, text := range written {
		for name, form := range forms {
			if strings.Contains(text, form) {
				t.Errorf("%s holds the %s (%q)", where, name, form)
			}
		}
	}
	if !strings.Contains(written["results.json"], "Seen: [REDACTED]") {
		t.Errorf("results.json does not show the echo redacted: was anything echoed?")
	}
}

// everyOutput is what a run showed and wrote: the terminal's two streams
// and the six reports, by name, for the secret searches.
func everyOutput(t *testing.T, o outcome) map[string]string {
	t.Helper()
	written := map[string]string{"stdout": o.Stdout, "stderr": o.Stderr}
	for _, name := range []string{"junit.xml", "results.json", "report.html", "summary.md", "authspec.sarif", "codequality.json"} {
		text, err := readFile(o.Dir + "/" + name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		written[name] = text
	}
	return written
}
