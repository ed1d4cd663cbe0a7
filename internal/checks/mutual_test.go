package checks

import (
	"net/http"
	"testing"
)

func TestMutualRules(t *testing.T) {
	const (
		initParams = "rfc8120/mutual-init-params"
		exclusive  = "rfc8120/mutual-exclusive-params"
		version    = "rfc8120/mutual-version"
	)
	const init = `Mutual version=1, algorithm=iso-kam3-dl-2048-sha256, validation=host, auth-scope="example.com", realm="testrealm@example.com", reason=initial`
	schRunCases(t, []schCase{
		{"401-INIT", schResponse(init), nil},
		{"401-KEX-S1", schResponse(`Mutual version=1, algorithm=iso-kam3-dl-2048-sha256, validation=host, realm="r", sid=0123456789abcdef, ks1="AAAA", nc-max=4096, nc-window=128, time=3600, path="/"`), nil},
		{"missing mandatory", schResponse(`Mutual version=1, realm="r", reason=initial`), []string{initParams}},
		{"reason and ks1 together", schResponse(init + `, ks1="AAAA"`), []string{exclusive}},
		{"client parameter in challenge", schResponse(init + `, kc1="AAAA"`), []string{exclusive}},
		{"vkc in challenge", schResponse(init + `, vkc="AAAA"`), []string{exclusive}},
		{"version 2", schResponse(`Mutual version=2, algorithm=iso-kam3-dl-2048-sha256, validation=host, realm="r", reason=initial`), []string{version}},
		{"no Mutual offered", schResponse(`Basic realm="x"`), nil},
	}, "Mutual")
}

// M2: RFC 8120 §4.5, Mutual's Authentication-Info "MUST NOT be sent in the
// trailer of a chunked-encoded response"; Digest's may be (RFC 7616 §3.5).
func TestMutualAuthInfoNotInTrailer(t *testing.T) {
	const vfy = `version=1, sid=0123456789abcdef, vks="AAAA"`
	ex := func(sent string, header, trailer http.Header) *Exchange {
		return &Exchange{Method: "GET", Status: 200, SentAuthorization: sent, Header: header, Trailer: trailer, DeclaredLength: -1}
	}
	cases := []struct {
		name string
		ex   *Exchange
		want Status
	}{
		{"vks in the trailer", ex("", http.Header{}, http.Header{"Authentication-Info": {vfy}}), Violated},
		{"Mutual request, field in the trailer", ex(`Mutual version=1, sid=0123456789abcdef, nc=1, vkc="AAAA"`, http.Header{},
			http.Header{"Authentication-Info": {`version=1, sid=0123456789abcdef`}}), Violated},
		{"vks in the header section", ex("", http.Header{"Authentication-Info": {vfy}}, nil), NotApplicable},
		{"Digest in the trailer (RFC 7616 §3.5 allows it)", ex(`Digest username="u", realm="r", nonce="n", uri="/", qop=auth, nc=00000001, cnonce="c", response="x"`,
			http.Header{}, http.Header{"Authentication-Info": {`nextnonce="n2", qop=auth, rspauth="ab", cnonce="c", nc=00000001`}}), Pass},
		{"unknown scheme in the trailer", ex("", http.Header{}, http.Header{"Authentication-Info": {`foo=bar`}}), Pass},
	}
	for _, tc := range cases {
		res := Judge(MutualAuthInfoNotInTrailer, NewContext(tc.ex))
		if res.Status != tc.want {
			t.Errorf("%s: %s, want %s (%v)", tc.name, res.Status, tc.want, res.Findings)
		}
	}
	if MutualAuthInfoNotInTrailer.Level != Must {
		t.Errorf("level %s: RFC 8120 §4.5 says MUST NOT", MutualAuthInfoNotInTrailer.Level)
	}
}
