package checks

import "testing"

func TestOAuthRules(t *testing.T) {
	const clear = "rfc5849/oauth-cleartext"
	schRunCases(t, []schCase{
		{"over TLS", schResponse(`OAuth realm="http://sp.example.com/"`), nil},
		{"problem reporting extension", schResponse(`OAuth realm="x", oauth_problem="token_rejected"`), nil},
		{"over plain http", schWith(schResponse(`OAuth realm="http://sp.example.com/"`), schCleartext), []string{clear}},
		{"no OAuth offered", schWith(schResponse(`Basic realm="x"`), schCleartext), nil},
	}, "OAuth")
}
