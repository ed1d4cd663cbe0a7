package checks

import (
	"fmt"
	"net/http"
	"strings"
)

// Rules for RFC 9470, OAuth 2.0 Step Up Authentication Challenge (§3 read
// in full). RFC 9470 adds the error code insufficient_user_authentication
// and the auth-params acr_values and max_age to "the challenge of the
// Bearer authentication scheme from [RFC6750] and other OAuth
// authentication schemes, such as [RFC9449]": the rules judge Bearer and
// DPoP challenges alike. §3 defines the parameters without a keyword, so
// by the catalogue's rule for definition-only constraints they are SHOULD.

// stepUpSchemes are the OAuth schemes RFC 9470 §3 extends.
var stepUpSchemes = []string{"Bearer", "DPoP"}

// stepUpOffered tells whether some challenge is of an OAuth scheme.
func stepUpOffered(c *Context) bool {
	for _, s := range stepUpSchemes {
		if c.Offers(s) {
			return true
		}
	}
	return false
}

// stepUpEach runs check on every Bearer and DPoP challenge.
func stepUpEach(c *Context, check func(ch *Challenge) []Finding) []Finding {
	var out []Finding
	for _, s := range stepUpSchemes {
		out = append(out, schEach(c, s, check)...)
	}
	return out
}

// StepUpMaxAge: RFC 9470 §3, max_age "has to represent a non-negative
// integer", as a token or a quoted-string.
var StepUpMaxAge = registerChecked(Rule{
	ID:          "rfc9470/max-age-integer",
	RFC:         "RFC 9470",
	Section:     "3",
	Level:       Should,
	Severity:    Low,
	Requirement: "max_age on a Bearer or DPoP challenge is a non-negative integer number of seconds (a token or a quoted-string), e.g. max_age=300 (no keyword in RFC 9470: a definition-only constraint).",
	Applies:     stepUpOffered,
}, func(r *Rule, c *Context) []Finding {
	return stepUpEach(c, func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range schParams(ch, "max_age") {
			if schIsDigits(p.Value) {
				continue
			}
			out = append(out, schParamFinding(r, c, ch, p,
				fmt.Sprintf("max_age=%q is not a non-negative integer: a client cannot pass it on as the OpenID Connect max_age of its authorization request; send the seconds as digits only, e.g. max_age=300", p.Value)))
		}
		return out
	})
})

// StepUpACRValues: RFC 9470 §3, acr_values is "A space-separated string
// listing the authentication context class reference values in order of
// preference". An empty value, an empty element (two spaces, or a space
// at either end) or another separator (a tab, a line break) is not that.
var StepUpACRValues = registerChecked(Rule{
	ID:          "rfc9470/acr-values-list",
	RFC:         "RFC 9470",
	Section:     "3",
	Level:       Should,
	Severity:    Low,
	Requirement: `acr_values on a Bearer or DPoP challenge is a non-empty list of ACR values separated by single spaces, e.g. acr_values="urn:mace:incommon:iap:silver mfa" (no keyword in RFC 9470: a definition-only constraint).`,
	Applies:     stepUpOffered,
}, func(r *Rule, c *Context) []Finding {
	return stepUpEach(c, func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range schParams(ch, "acr_values") {
			if why := acrValuesProblem(p.Value); why != "" {
				out = append(out, schParamFinding(r, c, ch, p,
					fmt.Sprintf("acr_values=%q %s: RFC 9470 defines it as a space-separated list of ACR values, which the client copies into its authorization request", p.Value, why)))
			}
		}
		return out
	})
})

// acrValuesProblem says what is wrong with an acr_values value, or "".
func acrValuesProblem(v string) string {
	switch {
	case strings.TrimSpace(v) == "":
		return "lists no value"
	case strings.ContainsAny(v, "\t\r\n"):
		return "separates its values with something other than a space"
	case strings.HasPrefix(v, " ") || strings.HasSuffix(v, " ") || strings.Contains(v, "  "):
		return "has an empty element (a space at either end, or two in a row)"
	}
	return ""
}

// StepUpStatus: RFC 9470 §3 defines insufficient_user_authentication
// without naming a status; both of its examples answer 401, the status
// RFC 6750 §3.1 gives the authentication failures a client can cure by
// getting a new token. No keyword: it informs.
var StepUpStatus = registerChecked(Rule{
	ID:          "rfc9470/step-up-status",
	RFC:         "RFC 9470",
	Section:     "3",
	Level:       Info,
	Severity:    Informative,
	Requirement: `error="insufficient_user_authentication" comes on a 401, as in RFC 9470's examples: it asks the client for a new token, as invalid_token does.`,
	Applies: func(c *Context) bool {
		return !c.Ex.Proxy && c.Ex.Status != http.StatusUnauthorized && stepUpOffered(c)
	},
}, func(r *Rule, c *Context) []Finding {
	return stepUpEach(c, func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range schParams(ch, "error") {
			if p.Value != "insufficient_user_authentication" {
				continue
			}
			out = append(out, schParamFinding(r, c, ch, p,
				fmt.Sprintf("error=\"insufficient_user_authentication\" on a %d: RFC 9470's examples send it with 401, which tells the client to get a new token after a fresh authentication", c.Ex.Status)))
		}
		return out
	})
})

// The RFC 9470 text the rules rest on (see quotes.go). Compared with two
// copies of the RFC's §3 (the working group's draft source and a copy of
// the published text).
func init() {
	quotes["rfc9470/max-age-integer"] = []Quote{
		{Section: "3", Text: "max_age: This value indicates the allowable elapsed time in seconds since the last active authentication event associated with the access token. ... Note that, while the auth-param value can be conveyed as a token or quoted-string (see Section 11.2 of [RFC9110]), it has to represent a non-negative integer.", Note: "A definition without a keyword: SHOULD, by the README's rule for definition-only constraints."},
	}
	quotes["rfc9470/acr-values-list"] = []Quote{
		{Section: "3", Text: "acr_values: A space-separated string listing the authentication context class reference values in order of preference. The protected resource requires one of these values for the authentication event associated with the access token.", Note: "A definition without a keyword: SHOULD, by the README's rule for definition-only constraints."},
	}
	quotes["rfc9470/step-up-status"] = []Quote{
		{Section: "3", Text: "insufficient_user_authentication: The authentication event associated with the access token presented with the request does not meet the authentication requirements of the protected resource.", Note: "§3 names no status; both of its examples (Figures 2 and 3) are \"HTTP/1.1 401 Unauthorized\", so the rule informs."},
		{RFC: "RFC 6750", Section: "3.1", Text: "invalid_token ... The resource SHOULD respond with the HTTP 401 (Unauthorized) status code. The client MAY request a new access token and retry the protected resource request."},
	}
}
