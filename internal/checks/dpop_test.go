package checks

import "testing"

func TestDPoPRules(t *testing.T) {
	const (
		proxy    = "rfc9449/dpop-not-proxy"
		algs     = "rfc9449/dpop-algs-recommended"
		asym     = "rfc9449/dpop-algs-asymmetric"
		expected = "rfc9449/dpop-error-expected"
		charset  = "rfc9449/dpop-param-charset"
	)
	token := schSent("DPoP Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU")
	schRunCases(t, []schCase{
		{"RFC 9449 Figure 15", schResponse(`DPoP algs="ES256 PS256"`), nil},
		{"RFC 9449 Figure 16", schWith(schResponse(`DPoP error="invalid_token", error_description="Invalid DPoP key binding", algs="ES256"`), token), nil},
		{"nonce request", schWith(schResponse(`DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof", algs="ES256"`), token,
			func(e *Exchange) { e.Header.Set("DPoP-Nonce", "eyJ7S_zG.eyJH0-Z.HX4w-7v") }), nil},
		{"nonce request without the nonce", schWith(schResponse(`DPoP error="use_dpop_nonce", algs="ES256"`), token), []string{"rfc9449/dpop-use-nonce-has-nonce"}},
		{"with Bearer alongside", schResponse(`Bearer realm="x"`, `DPoP algs="ES256"`), nil},
		{"in Proxy-Authenticate", schWith(schResponse(`DPoP algs="ES256"`), schAsProxy), []string{proxy}},
		{"no algs", schResponse(`DPoP realm="x"`), []string{algs}},
		{"algs allows none", schResponse(`DPoP algs="ES256 none"`), []string{asym}},
		{"algs allows HMAC", schResponse(`DPoP algs="HS256"`), []string{asym}},
		{"refused token, no error", schWith(schResponse(`DPoP algs="ES256"`), token), []string{expected}},
		{"quote in error_description", schWith(schResponse(`DPoP algs="ES256", error="invalid_token", error_description="a \"b\""`), token), []string{charset}},
		{"error without any credentials", schResponse(`DPoP algs="ES256", error="invalid_token"`), []string{"rfc9449/dpop-no-error-without-token"}},
		{"error to an empty Authorization field", schWith(schResponse(`DPoP algs="ES256", error="invalid_request"`), schStatus(400), func(e *Exchange) { e.SentAuthorizationField = true }), nil},
		{"no DPoP offered", schResponse(`Bearer realm="x"`), nil},
	}, "DPoP")
}

func TestDPoPRFCExamplesClean(t *testing.T) {
	schAssertClean(t, schResponse(`DPoP algs="ES256 PS256"`))
	schAssertClean(t, schWith(schResponse(`DPoP error="invalid_token", error_description="Invalid DPoP key binding", algs="ES256"`),
		schSent("DPoP Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU")))
}

// TestDPoPRelayedByProxyIsNotProxyUse: a proxy target that lets the request
// through relays the origin's 401, whose WWW-Authenticate may offer DPoP.
// Only DPoP in Proxy-Authenticate breaks RFC 9449 §7.1.
func TestDPoPRelayedByProxyIsNotProxyUse(t *testing.T) {
	relayed := schWith(schResponse(`DPoP algs="ES256"`), func(e *Exchange) { e.Proxy = true })
	if res := Judge(DPoPNotProxy, NewContext(relayed)); res.Status == Violated {
		t.Fatalf("DPoP in a relayed 401's WWW-Authenticate was judged proxy use: %v", res.Findings)
	}
	if res := Judge(DPoPNotProxy, NewContext(schWith(schResponse(`DPoP algs="ES256"`), schAsProxy))); res.Status != Violated {
		t.Fatalf("DPoP in Proxy-Authenticate: got %s, want violated", res.Status)
	}
}
