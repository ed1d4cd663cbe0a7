package checks

import "testing"

func TestGNAPRules(t *testing.T) {
	const asURI = "rfc9635/gnap-as-uri"
	schRunCases(t, []schCase{
		{"as_uri and access", schResponse(`GNAP as_uri="https://as.example/tx", access="FWWIKYBQ6U56NL1"`), nil},
		{"no as_uri", schResponse(`GNAP access="FWWIKYBQ6U56NL1"`), []string{asURI}},
		{"bare", schResponse(`GNAP`), []string{asURI}},
		{"no GNAP offered", schResponse(`Basic realm="x"`), nil},
	}, "GNAP")
}
