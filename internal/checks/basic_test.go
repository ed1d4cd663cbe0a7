package checks

import "testing"

func TestBasicRules(t *testing.T) {
	const (
		realm   = "rfc7617/basic-realm-required"
		charset = "rfc7617/basic-charset-value"
		clear   = "rfc7617/basic-cleartext"
	)
	schRunCases(t, []schCase{
		{"RFC 7617 §2 example", schResponse(`Basic realm="WallyWorld"`), nil},
		{"RFC 7617 §2.1 example", schResponse(`Basic realm="foo", charset="UTF-8"`), nil},
		{"charset as token, other case", schResponse(`Basic realm="foo", charset=utf-8`), nil},
		{"scheme name case-insensitive", schResponse(`basic realm="x"`), nil},
		{"unknown parameter ignored", schResponse(`Basic realm="x", foo=bar`), nil},
		{"no realm", schResponse(`Basic`), []string{realm}},
		{"params but no realm", schResponse(`Basic charset="UTF-8"`), []string{realm}},
		{"token68 instead of params", schResponse(`Basic dGVzdA==`), []string{realm}},
		{"wrong charset", schResponse(`Basic realm="x", charset="ISO-8859-1"`), []string{charset}},
		{"over plain http", schWith(schResponse(`Basic realm="x"`), schCleartext), []string{clear}},
		{"over plain http on loopback", schWith(schResponse(`Basic realm="x"`), schCleartext, schLoopback), nil},
		{"two Basic challenges, one bad", schResponse(`Basic realm="a", Basic charset=latin1`), []string{realm, charset}},
		{"no Basic offered", schResponse(`Bearer realm="x"`), nil},
	}, "Basic")
}

func TestBasicRFCExamplesClean(t *testing.T) {
	schAssertClean(t, schResponse(`Basic realm="WallyWorld"`))
	schAssertClean(t, schResponse(`Basic realm="foo", charset="UTF-8"`))
}
