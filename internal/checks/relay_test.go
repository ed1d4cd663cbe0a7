package checks

import (
	"net/http"
	"strings"
	"testing"
)

// M1: the Authentication-Info of the origin's answer to its valid
// credentials, directly and through the proxy (RFC 9110 §11.6.3, RFC 7616
// §3.6).
func TestProxyAuthInfoCompared(t *testing.T) {
	const direct = `nextnonce="7f3a9c0d1e2b4a6f8e0d", qop=auth, rspauth="5d41402abc4b2a76b9719d911017c592", cnonce="a1b2c3", nc=00000001`
	answer := func(status int, header, trailer []string) *Exchange {
		e := &Exchange{Method: "GET", Status: status, Header: http.Header{}, DeclaredLength: -1}
		for _, v := range header {
			e.Header.Add("Authentication-Info", v)
		}
		if trailer != nil {
			e.Trailer = http.Header{"Authentication-Info": trailer}
		}
		return e
	}
	d := answer(200, []string{direct}, nil)
	cases := []struct {
		name    string
		direct  *Exchange
		proxied *Exchange
		want    string // "" for no finding, else a word of the message
	}{
		{"relayed untouched, fresh values", d, answer(200, []string{`nextnonce="0c9e8d7a6b5f4e3d2c1b", qop=auth, rspauth="0123456789abcdef0123456789abcdef", cnonce="zzz", nc=00000001`}, nil), ""},
		{"parameters in another order", d, answer(200, []string{`qop=auth, nc=00000001, cnonce="x", rspauth="r", nextnonce="n"`}, nil), ""},
		{"split over two lines", d, answer(200, []string{`nextnonce="n", qop=auth`, `rspauth="r", cnonce="x", nc=00000001`}, nil), ""},
		{"moved to the trailers", d, answer(200, nil, []string{direct}), ""},
		// RFC 7616 §3.5: the server "MAY send" nextnonce in any one
		// response; Apache sends it only as the nonce nears its end.
		{"nextnonce only directly: not compared", d, answer(200, []string{`qop=auth, rspauth="r", cnonce="x", nc=00000001`}, nil), ""},
		{"nextnonce only through the proxy: not compared", answer(200, []string{`qop=auth, rspauth="r", cnonce="x", nc=00000001`}, nil), d, ""},
		// RFC 9112 §7.1.2: a recipient that removes the chunked coding
		// "MAY selectively retain or discard the received trailer fields".
		{"trailer-only field discarded", answer(200, nil, []string{direct}), answer(200, nil, nil), ""},
		{"header kept, trailer discarded", answer(200, []string{`qop=auth`}, []string{`rspauth="r", cnonce="x", nc=00000001`}), answer(200, []string{`qop=auth`}, nil), ""},
		{"trailer discarded, header modified", answer(200, []string{`qop=auth`}, []string{`rspauth="r", cnonce="x", nc=00000001`}), answer(200, []string{`qop=auth-int`}, nil), `qop changed`},
		{"header field stripped, trailer kept", answer(200, []string{`qop=auth`}, []string{`rspauth="r", cnonce="x", nc=00000001`}), answer(200, nil, nil), "dropped the Authentication-Info"},
		{"qop rewritten", d, answer(200, []string{`nextnonce="n", qop=auth-int, rspauth="r", cnonce="x", nc=00000001`}, nil), `qop changed from "auth" to "auth-int"`},
		{"qop quoted", d, answer(200, []string{`nextnonce="n", qop="auth", rspauth="r", cnonce="x", nc=00000001`}, nil), "qop was rewritten from a token to a quoted-string"},
		{"field stripped", d, answer(200, nil, nil), "dropped the Authentication-Info"},
		{"field added", answer(200, nil, nil), d, "added an Authentication-Info"},
		{"parameter added", d, answer(200, []string{direct + `, via=proxy`}, nil), "via appeared"},
		{"neither has the field", answer(200, nil, nil), answer(204, nil, nil), ""},
		{"refused through the proxy: nothing to compare", d, answer(401, nil, nil), ""},
		{"refused directly: nothing to compare", answer(401, nil, nil), answer(200, []string{direct}, nil), ""},
	}
	for _, tc := range cases {
		fs := CheckProxyAuthInfo(tc.direct, tc.proxied)
		switch {
		case tc.want == "" && len(fs) != 0:
			t.Errorf("%s: %v, want no finding", tc.name, fs)
		case tc.want != "" && (len(fs) != 1 || !strings.Contains(fs[0].Message, tc.want)):
			t.Errorf("%s: %v, want one finding saying %q", tc.name, fs, tc.want)
		case len(fs) == 1 && fs[0].Rule != ProxyNoModifyAuthInfo:
			t.Errorf("%s: finding of %s", tc.name, fs[0].Rule.ID)
		}
	}
	if !AuthInfoTrailerDiscarded(answer(200, nil, []string{direct}), answer(200, nil, nil)) {
		t.Error("a trailer-only field the proxy discarded is not told apart")
	}
	if AuthInfoTrailerDiscarded(d, answer(200, nil, nil)) {
		t.Error("a header field the proxy stripped is taken for a discarded trailer")
	}
	if ProxyNoModifyAuthInfo.Level != Must || ProxyNoModifyAuthInfo.Severity != Medium {
		t.Errorf("level %s, severity %s: RFC 7616 §3.6 says MUST", ProxyNoModifyAuthInfo.Level, ProxyNoModifyAuthInfo.Severity)
	}
}
