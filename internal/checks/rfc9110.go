package checks

import (
	"net/http"
	"strconv"
	"strings"
)

// Framework rules of RFC 9110 on one response: a response that demands
// authentication says how to authenticate.

// ChallengePresent: RFC 9110 §15.5.2, "The server generating a 401 response
// MUST send a WWW-Authenticate header field (Section 11.6.1) containing at
// least one challenge applicable to the target resource"; §11.6.1 says the
// same.
//
// It judges every 401, including one relayed by a proxy target: a 401 that
// crossed a proxy comes from the origin behind it, which owes the client a
// WWW-Authenticate challenge whatever the proxy is (§11.6.1 forbids the
// proxy to modify that field). It never judges a WWW-Authenticate on any
// other status: §11.6.1 lets a server send one on any response.
var ChallengePresent = registerChecked(Rule{
	ID:          "rfc9110/challenge-present",
	RFC:         "RFC 9110",
	Section:     "15.5.2, 11.6.1",
	Level:       Must,
	Mission:     true,
	Requirement: "Every 401 response carries a WWW-Authenticate field with at least one challenge a client can parse.",
	Applies:     func(c *Context) bool { return c.Ex.Status == http.StatusUnauthorized },
}, func(r *Rule, c *Context) []Finding {
	return fwChallengeFindings(r, c, "WWW-Authenticate", `WWW-Authenticate: Basic realm="api"`)
})

// ProxyChallengePresent: RFC 9110 §15.5.8, "The proxy MUST send a
// Proxy-Authenticate header field containing a challenge applicable to that
// proxy for the request"; §11.7.1, "A proxy MUST send at least one
// Proxy-Authenticate header field in each 407 response that it generates".
// It judges every 407, whatever the target was declared to be: whoever sent
// the 407 acted as a proxy and owes the challenge.
var ProxyChallengePresent = registerChecked(Rule{
	ID:          "rfc9110/proxy-challenge-present",
	RFC:         "RFC 9110",
	Section:     "15.5.8, 11.7.1",
	Level:       Must,
	Mission:     true,
	Requirement: "Every 407 response carries a Proxy-Authenticate field with at least one challenge a client can parse.",
	Applies:     func(c *Context) bool { return c.Ex.Status == http.StatusProxyAuthRequired },
}, func(r *Rule, c *Context) []Finding {
	return fwChallengeFindings(r, c, "Proxy-Authenticate", `Proxy-Authenticate: Basic realm="proxy"`)
})

// fwChallengeFindings reports a challenge field that is missing or holds no
// challenge. Grammar errors inside the field are not reported here: they
// belong to rfc9110/challenge-grammar, so one defect fails one rule.
func fwChallengeFindings(r *Rule, c *Context, field, example string) []Finding {
	lines, challenges := fwFieldChallenges(c, field)
	status := fwStatusText(c.Ex.Status)
	switch {
	case len(lines) == 0:
		return []Finding{finding(r,
			"the "+status+" response has no "+field+" field: send at least one challenge, e.g. "+example, "")}
	case len(challenges) == 0:
		return []Finding{finding(r,
			"the "+status+" response has a "+field+" field but no challenge a client can parse in it "+
				"(the grammar errors are reported under rfc9110/challenge-grammar); send e.g. "+example,
			strings.Join(lines, "\n"))}
	}
	return nil
}

// fwFieldChallenges returns the lines and the challenges of the named
// field. The Context parses the field the exchange expects (see
// Exchange.ChallengeField); another field, such as the WWW-Authenticate of
// a 401 relayed by a proxy, is parsed here.
func fwFieldChallenges(c *Context, field string) ([]string, []Challenge) {
	if strings.EqualFold(c.Field, field) {
		return c.Lines, c.Challenges
	}
	lines := c.Ex.Header.Values(field)
	challenges, _ := ParseChallenges(lines)
	return lines, challenges
}

// fwResponseField names the field that carries the challenges of the
// response as it came: Proxy-Authenticate on a 407, WWW-Authenticate on
// anything else. It differs from Exchange.ChallengeField for a 401 relayed
// by a proxy.
func fwResponseField(e *Exchange) string {
	if e.Status == http.StatusProxyAuthRequired {
		return "Proxy-Authenticate"
	}
	return "WWW-Authenticate"
}

// fwResponseChallenges parses the challenges of the response as it came.
func fwResponseChallenges(e *Exchange) []Challenge {
	challenges, _ := ParseChallenges(e.Header.Values(fwResponseField(e)))
	return challenges
}

// fwStatusText renders a status as "401 Unauthorized", or just the number
// when it has no standard reason phrase.
func fwStatusText(status int) string {
	s := strconv.Itoa(status)
	if t := http.StatusText(status); t != "" {
		s += " " + t
	}
	return s
}
