package checks

import "testing"

func TestVapidRules(t *testing.T) {
	const (
		proxy = "rfc8292/vapid-not-proxy"
		bare  = "rfc8292/vapid-bare-challenge"
	)
	schRunCases(t, []schCase{
		{"bare", schResponse(`vapid`), nil},
		{"with Bearer", schResponse(`vapid, Bearer realm="x"`), nil},
		{"parameters", schResponse(`vapid k="BA1Hxzyi"`), []string{bare}},
		{"in Proxy-Authenticate", schWith(schResponse(`vapid`), schAsProxy), []string{proxy}},
		{"no vapid offered", schResponse(`Basic realm="x"`), nil},
	}, "vapid")
}

// TestVapidRelayedByProxyIsNotProxyUse: a push service's 401 relayed by a
// proxy target carries vapid in WWW-Authenticate, which RFC 8292 §3 allows.
func TestVapidRelayedByProxyIsNotProxyUse(t *testing.T) {
	relayed := schWith(schResponse(`vapid`), func(e *Exchange) { e.Proxy = true })
	if res := Judge(VapidNotProxy, NewContext(relayed)); res.Status == Violated {
		t.Fatalf("vapid in a relayed 401's WWW-Authenticate was judged proxy use: %v", res.Findings)
	}
}
