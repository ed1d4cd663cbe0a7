package probe

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
)

// The declared credentials of these tests, written decomposed (NFD: "u"
// then U+0308, "e" then U+0301), as a file saved on macOS may hold them.
const (
	nfdUser = "Ju\u0308rgen"
	nfdPass = "pa\u0308sswo\u0308rd-e\u0301te"
	nfcUser = "J\u00fcrgen"
	nfcPass = "p\u00e4ssw\u00f6rd-\u00e9te"
)

// RFC 7617 §2.1: with charset="UTF-8" offered, non-ASCII credentials go in
// NFC and UTF-8; without it, as configured (the encoding is undefined, §2),
// marked so the suite does not judge a refusal; US-ASCII ones unmarked.
func TestControlBasicCharset(t *testing.T) {
	for _, tc := range []struct {
		name, user, pass string
		challenge        checks.Challenge
		wantUserPass     string
		wantCharset      string
	}{
		{"utf-8 offered", nfdUser, nfdPass, ch("Basic", "realm", "b", "charset", "utf-8"), nfcUser + ":" + nfcPass, checks.BasicCharsetUTF8},
		{"no charset", nfdUser, nfdPass, ch("Basic", "realm", "b"), nfdUser + ":" + nfdPass, checks.BasicCharsetUndefined},
		{"another charset", nfcUser, nfcPass, ch("Basic", "realm", "b", "charset", "ISO-8859-1"), nfcUser + ":" + nfcPass, checks.BasicCharsetUndefined},
		{"ascii", "bob", "pa55word!", ch("Basic", "realm", "b", "charset", "UTF-8"), "bob:pa55word!", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &seen{}
			srv := challengeServer(t, rec, `Basic realm="b"`)
			tg := testTarget()
			tg.Credentials = &config.Credentials{Username: tc.user, Password: tc.pass}
			c := newTestClient(t, tg, srv.URL)
			exs, skip := c.Control(context.Background(), "GET", "/", []checks.Challenge{tc.challenge})
			if skip != "" || len(exs) != 2 {
				t.Fatalf("skip %q, %d exchanges", skip, len(exs))
			}
			want := base64.StdEncoding.EncodeToString([]byte(tc.wantUserPass))
			for i, r := range rec.all() {
				if _, got, _ := strings.Cut(r.Header.Get("Authorization"), " "); got != want {
					t.Errorf("request %d (%s): token %q, want %q (%s)", i, exs[i].Variant, got, want, tc.wantUserPass)
				}
				if exs[i].Judge.BasicCharset != tc.wantCharset {
					t.Errorf("request %d (%s): BasicCharset %q, want %q", i, exs[i].Variant, exs[i].Judge.BasicCharset, tc.wantCharset)
				}
			}
		})
	}
}

// The password of non-ASCII credentials is redacted in every encoding it
// may come back in: NFC and NFD UTF-8, ISO-8859-1 (raw, and as the \xNN
// evidence shows invalid UTF-8), each percent-encoded and base64-encoded,
// and the Basic token of user:pass in NFC UTF-8 and in ISO-8859-1.
func TestRedactNonASCIICredentials(t *testing.T) {
	tg := testTarget()
	tg.Credentials = &config.Credentials{Username: nfcUser, Password: nfcPass}
	c := newTestClient(t, tg, "http://127.0.0.1:1")
	red := c.redactor()
	latin1Pass := "p\xe4ssw\xf6rd-\xe9te"
	b64 := base64.StdEncoding.EncodeToString
	forms := map[string]string{
		"NFC":                  nfcPass,
		"NFD":                  nfdPass,
		"ISO-8859-1":           latin1Pass,
		"ISO-8859-1 escaped":   `p\xe4ssw\xf6rd-\xe9te`,
		"UTF-8 percent":        "p%C3%A4ssw%C3%B6rd-%C3%A9te",
		"ISO-8859-1 percent":   "p%e4ssw%f6rd-%e9te",
		"NFC base64":           b64([]byte(nfcPass)),
		"ISO-8859-1 base64":    b64([]byte(latin1Pass)),
		"NFC token":            b64([]byte(nfcUser + ":" + nfcPass)),
		"NFD token":            b64([]byte(nfdUser + ":" + nfdPass)),
		"ISO-8859-1 token":     b64([]byte("J\xfcrgen:" + latin1Pass)),
		"NFC JSON \\u escapes": `p\u00e4ssw\u00f6rd-\u00e9te`,
		"NFD JSON \\u escapes": `pa\u0308sswo\u0308rd-e\u0301te`,
	}
	for name, f := range forms {
		text := "Seen: [" + f + "]"
		if got := red.Redact(text); strings.Contains(got, f) || !strings.Contains(got, redactedMark) {
			t.Errorf("%s form %q redacted to %q", name, f, got)
		}
	}
}
