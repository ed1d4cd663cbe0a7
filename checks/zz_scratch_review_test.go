package checks

import (
	"net/http"
	"testing"
)

func TestZZScratchReview(t *testing.T) {
	type tc struct {
		name   string
		status int
		method string
		sent   string
		proxy  bool
		hdr    [][2]string
		body   string
	}
	body := "Authentication required: send Basic credentials."
	cases := []tc{
		{"rfc multi", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `Basic realm="simple", Newauth realm="apps", type=1, title="Login to \"apps\""`}, {"Content-Type", "text/plain"}}, body},
		{"utf8 realm", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", "Basic realm=\"Z\xc3\xbcrich\", charset=\"UTF-8\""}, {"Content-Type", "text/plain"}}, body},
		{"htab in qs", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", "Basic realm=\"a\tb\""}, {"Content-Type", "text/plain"}}, body},
		{"basic charset token", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `Basic realm="x", charset=UTF-8`}, {"Content-Type", "text/plain"}}, body},
		{"digest rfc example", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`}, {"WWW-Authenticate", `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`}, {"Content-Type", "text/plain"}}, body},
		{"digest charset token userhash", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `Digest realm="api@example.org", qop="auth", algorithm=SHA-256, nonce="abc", charset=UTF-8, userhash=true, stale=FALSE`}, {"Content-Type", "text/plain"}}, body},
		{"digest userhash quoted", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `Digest realm="api@example.org", qop="auth", algorithm=SHA-256, nonce="abc", charset="UTF-8", userhash="true"`}, {"Content-Type", "text/plain"}}, body},
		{"bearer rfc example", 401, "GET", "Bearer abcdef123", false, [][2]string{{"WWW-Authenticate", `Bearer realm="example", error="invalid_token", error_description="The access token expired"`}, {"Content-Type", "application/json"}}, `{"error":"invalid_token"}`},
		{"bearer scope", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `Bearer realm="example", scope="openid profile email"`}, {"Content-Type", "application/json"}}, `{"error":"x"}`},
		{"bearer 403 insufficient", 403, "GET", "Bearer abcdef123", false, [][2]string{{"WWW-Authenticate", `Bearer realm="example", error="insufficient_scope", scope="a b"`}}, ``},
		{"bearer 400 invalid_request", 400, "GET", "Bearer", false, [][2]string{{"WWW-Authenticate", `Bearer realm="example", error="invalid_request"`}}, ``},
		{"head 401", 401, "HEAD", "", false, [][2]string{{"WWW-Authenticate", `Basic realm="x"`}, {"Content-Type", "text/plain"}, {"Content-Length", "48"}}, ""},
		{"problem json", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `Basic realm="x"`}, {"Content-Type", "application/problem+json"}}, `{"type":"about:blank","title":"Unauthorized","status":401,"detail":"x"}`},
		{"problem json no status", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `Basic realm="x"`}, {"Content-Type", "application/problem+json"}}, `{"title":"Unauthorized","extension":5}`},
		{"xml latin1", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `Basic realm="x"`}, {"Content-Type", "text/xml; charset=iso-8859-1"}}, "<error>Zugang verweigert f\xfcr Sie</error>"},
		{"html latin1", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `Basic realm="x"`}, {"Content-Type", "text/html; charset=iso-8859-1"}}, "<html><body>Zugang verweigert f\xfcr Sie</body></html>"},
		{"negotiate", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `Negotiate`}, {"WWW-Authenticate", `NTLM`}, {"Content-Type", "text/plain"}}, body},
		{"dpop", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `DPoP algs="ES256 PS256"`}, {"Content-Type", "text/plain"}}, body},
		{"dpop error", 401, "GET", "DPoP abc123abc", false, [][2]string{{"WWW-Authenticate", `DPoP error="invalid_dpop_proof", error_description="Invalid \"iat\" value", algs="ES256"`}, {"Content-Type", "text/plain"}}, body},
		{"dpop nonce", 401, "GET", "DPoP abc123abc", false, [][2]string{{"WWW-Authenticate", `DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"`}, {"DPoP-Nonce", "eyJ7S_zG.eyJH0-Z.HX4w-7v"}, {"Content-Type", "text/plain"}}, body},
		{"bearer+dpop", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `Bearer realm="x", DPoP algs="ES256"`}, {"Content-Type", "text/plain"}}, body},
		{"privatetoken", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `PrivateToken challenge="AAIAHnRva2VuLWlzc3Vlci5leGFtcGxlLmNvbQ==", token-key="AAAA", max-age="10"`}, {"Content-Type", "text/plain"}}, body},
		{"hoba", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `HOBA challenge="eHJnbndyZw", max-age="10", realm="x"`}, {"Content-Type", "text/plain"}}, body},
		{"scram", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `SCRAM-SHA-256 realm="testrealm@example.com", SCRAM-SHA-1 realm="testrealm@example.com"`}, {"Content-Type", "text/plain"}}, body},
		{"scram data", 401, "GET", "SCRAM-SHA-256 data=abc", false, [][2]string{{"WWW-Authenticate", `SCRAM-SHA-256 sid=AAAABBBBCCCCDDDD, data=cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=`}, {"Content-Type", "text/plain"}}, body},
		{"mutual", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `Mutual version=1, algorithm=iso-kam3-dl-2048-sha256, validation=host, realm="testrealm@host.example", reason=initial`}, {"Content-Type", "text/plain"}}, body},
		{"gnap", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `GNAP as_uri="https://as.example/tx"`}, {"Content-Type", "text/plain"}}, body},
		{"gnap referrer", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `GNAP as_uri="https://as.example/tx", referrer="https://rs.example"`}, {"Content-Type", "text/plain"}}, body},
		{"vapid", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `vapid`}, {"Content-Type", "text/plain"}}, body},
		{"proxy 407", 407, "GET", "", true, [][2]string{{"Proxy-Authenticate", `Basic realm="proxy"`}, {"Content-Type", "text/plain"}}, body},
		{"401 through proxy", 401, "GET", "", true, [][2]string{{"WWW-Authenticate", `Bearer realm="x"`}, {"Content-Type", "text/plain"}}, body},
		{"200 with WWW-Auth", 200, "GET", "", false, [][2]string{{"WWW-Authenticate", `Basic realm="x"`}}, "ok"},
		{"json with bom", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `Basic realm="x"`}, {"Content-Type", "application/json"}}, "\xef\xbb\xbf{\"a\":1}"},
		{"empty quoted realm", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `Basic realm=""`}, {"Content-Type", "text/plain"}}, body},
		{"multi lines", 401, "GET", "", false, [][2]string{{"WWW-Authenticate", `Basic realm="x"`}, {"WWW-Authenticate", `Bearer realm="x"`}, {"Content-Type", "text/plain"}}, body},
	}
	for _, c := range cases {
		h := http.Header{}
		for _, kv := range c.hdr {
			h.Add(kv[0], kv[1])
		}
		e := &Exchange{Method: c.method, Status: c.status, Header: h, Body: []byte(c.body), DeclaredLength: int64(len(c.body)), SentAuthorization: c.sent, Proxy: c.proxy, Secure: true}
		if c.method == "HEAD" {
			e.DeclaredLength = 48
		}
		for _, r := range Evaluate(e) {
			if r.Status == Violated && r.Rule.Level != Info {
				for _, f := range r.Findings {
					t.Logf("%-28s %-8s %s", c.name, r.Rule.Level, f)
				}
			}
		}
	}
}
