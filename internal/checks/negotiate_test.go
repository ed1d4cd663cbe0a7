package checks

import "testing"

func TestNegotiateRules(t *testing.T) {
	const (
		data    = "rfc4559/negotiate-gssapi-data"
		initial = "rfc4559/negotiate-initial-bare"
	)
	schRunCases(t, []schCase{
		{"RFC 4559 §5 first challenge", schResponse(`Negotiate`), nil},
		{"RFC 4559 §5 continuation", schWith(schResponse(`Negotiate 749efa7b23409c20b92356`), schSent("Negotiate a87421000492aa874209af8bc028")), nil},
		{"padded token", schWith(schResponse(`Negotiate oRQwEqADCgEAoQsGCSqGSIb3EgECAg==`), schSent("Negotiate YIIx")), nil},
		{"with NTLM alongside", schResponse(`Negotiate`, `NTLM`), nil},
		{"auth-params", schResponse(`Negotiate realm="x"`), []string{data}},
		{"token not base64", schWith(schResponse(`Negotiate abc~def`), schSent("Negotiate YIIx")), []string{data}},
		{"data on the first challenge", schResponse(`Negotiate oRQwEqADCgEAoQsGCSqGSIb3EgECAg==`), []string{initial}},
		{"no Negotiate offered", schResponse(`Basic realm="x"`), nil},
	}, "Negotiate")
}

func TestNegotiateRFCExamplesClean(t *testing.T) {
	schAssertClean(t, schResponse(`Negotiate`))
}
