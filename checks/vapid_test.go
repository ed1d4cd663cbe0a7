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
