package checks

import (
	"net/http"
	"strings"
	"testing"
)

// Regression tests for the rule defects the audit of 2026-12 found
// (issue 18, table 2). Each case failed before its fix.

func wwwAuth(status int, lines ...string) *Exchange {
	h := http.Header{}
	for _, l := range lines {
		h.Add("WWW-Authenticate", l)
	}
	return &Exchange{Method: "GET", Status: status, Header: h, DeclaredLength: -1}
}

// D4: RFC 9110 §2.2 binds the sender to RFC 9112 §2.1's CRLF grammar.
func TestBareLFIsAMust(t *testing.T) {
	if BareLF.Level != Must || !BareLF.Fails() {
		t.Errorf("rfc9112/bare-lf is %s; a grammar violation is MUST", BareLF.Level)
	}
}

// D5: a proxy that reorders the Digest challenges, or drops a nonce-like
// parameter, modifies WWW-Authenticate.
func TestProxyRelayOrderAndPresence(t *testing.T) {
	sha := `Digest realm="a", qop="auth", algorithm=SHA-256, nonce="1"`
	md5 := `Digest realm="a", qop="auth", algorithm=MD5, nonce="2"`
	direct := wwwAuth(401, sha, md5)
	cases := []struct {
		name    string
		proxied *Exchange
		want    string
	}{
		{"relayed unchanged, fresh nonces", wwwAuth(401, strings.Replace(sha, `"1"`, `"x9"`, 1), strings.Replace(md5, `"2"`, `"y8"`, 1)), ""},
		{"Digest challenges reordered", wwwAuth(401, md5, sha), "Digest challenges were reordered"},
		{"nonce dropped", wwwAuth(401, sha, `Digest realm="a", qop="auth", algorithm=MD5`), "nonce disappeared"},
		{"opaque added", wwwAuth(401, sha, md5+`, opaque="o"`), "opaque appeared"},
		{"realm rewritten", wwwAuth(401, sha, strings.Replace(md5, `"a"`, `"b"`, 1)), `realm changed`},
	}
	for _, tc := range cases {
		fs := CheckProxyRelay(direct, tc.proxied)
		switch {
		case tc.want == "" && len(fs) > 0:
			t.Errorf("%s: %v", tc.name, fs)
		case tc.want != "" && (len(fs) != 1 || !strings.Contains(fs[0].Message, tc.want)):
			t.Errorf("%s: %v, want %q", tc.name, fs, tc.want)
		}
	}
	// Challenges of different schemes may come in another order: only the
	// order within a scheme carries preference.
	if fs := CheckProxyRelay(wwwAuth(401, `Basic realm="a"`, sha), wwwAuth(401, sha, `Basic realm="a"`)); len(fs) != 0 {
		t.Errorf("schemes swapped: %v", fs)
	}
	// Two answers of one server still compare as sets (§11.4 "possibly new").
	if fs := CheckRepeat(direct, wwwAuth(401, md5, sha)); len(fs) != 0 {
		t.Errorf("repeat compares as a set: %v", fs)
	}
}
