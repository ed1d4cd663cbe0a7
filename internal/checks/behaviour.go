package checks

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Relational rules: each compares a response with what the request should
// have earned (the user declared the resource protected, the credentials
// valid or wrong) or with another response. They have no Check, so
// Evaluate skips them; the suite calls the functions below with the
// exchanges the probes recorded. Every function returns the findings of one
// rule, none meaning it passed.

// ProtectedResource401: RFC 9110 §11.4, "Upon receipt of a request for a
// protected resource that omits credentials ... an origin server SHOULD
// send a 401 (Unauthorized) response that contains a WWW-Authenticate
// header field"; a proxy likewise a 407.
var ProtectedResource401 = register(Rule{
	ID:          "rfc9110/protected-resource-401",
	RFC:         "RFC 9110",
	Section:     "11.4, 15.5.2",
	Level:       Should,
	Declared:    true,
	Severity:    Critical,
	Requirement: "A request without credentials to a resource declared protected gets 401 (407 from a proxy), not the resource, a redirect or a 403.",
})

// BadCredentialsRejected: RFC 9110 §11.4, a request that "contains invalid
// credentials (e.g., a bad password)" gets a 401 with "at least one
// (possibly new) challenge". A 403 is not that answer: §11.4 keeps 403 for
// "valid credentials that are not adequate", and §15.5.4 tells a client
// that gets one not to retry with the same credentials, where a 401 invites
// it to try others.
var BadCredentialsRejected = register(Rule{
	ID:          "rfc9110/bad-credentials-rejected",
	RFC:         "RFC 9110",
	Section:     "11.4, 15.5.2",
	Level:       Should,
	Declared:    true,
	Severity:    Critical,
	Requirement: "Well-formed but wrong credentials get 401 with a challenge (407 from a proxy): never the resource, and not 403, which means valid credentials lacking permission.",
})

// MalformedCredentialsRejected: credentials that are not even well-formed
// are invalid credentials (§11.4, a 401 with a challenge) or a malformed
// request (§15.5.1, a 400). Either refuses them; accepting them, or failing
// with a 5xx, does not. Whether the 401 carries its challenge and body is
// judged by Evaluate's rules on the same exchange, not again here.
var MalformedCredentialsRejected = register(Rule{
	ID:          "rfc9110/malformed-credentials-rejected",
	RFC:         "RFC 9110",
	Section:     "11.4, 15.5.1",
	Level:       Should,
	Declared:    true,
	Severity:    Critical,
	Requirement: "Malformed credentials (broken base64, a missing token, a bare scheme) get 401 with a challenge, or 400 (431 for an oversized field) with content saying what is wrong: never the resource, never a 5xx.",
})

// RepeatChallengeConsistent: RFC 9110 §15.5.2, "If the 401 response
// contains the same challenge as the prior response, and the user agent has
// already attempted authentication at least once, then the user agent
// SHOULD present the enclosed representation to the user". A server that
// changes its challenge between two identical failed attempts defeats
// that: the client cannot tell its credentials were simply wrong. But that
// SHOULD binds the user agent, and §11.4 lets the server answer invalid
// credentials with "a 401 (Unauthorized) response that contains a
// WWW-Authenticate header field with at least one (possibly new) challenge
// applicable to the requested resource": nothing binds the server to
// repeat itself, so the rule only informs. Challenges are compared as a set
// (a challenge list has no order), and values that are meant to change
// (nonce, opaque, stale, error_description, error_uri, and other
// random-looking values) are not compared.
var RepeatChallengeConsistent = register(Rule{
	ID:          "rfc9110/repeat-challenge-consistent",
	RFC:         "RFC 9110",
	Section:     "15.5.2, 11.4",
	Level:       Info,
	Requirement: "The same wrong credentials sent again get 401 again with the same set of challenges (in any order): same schemes, realms and parameters, nonce-like values aside. §11.4 allows a new challenge, so this informs.",
})

// HeadMatchesGet: RFC 9110 §9.3.2, HEAD "is identical to GET except that
// the server MUST NOT send content", and "The server SHOULD send the same
// header fields in response to a HEAD request as it would have sent if the
// request method had been GET".
var HeadMatchesGet = register(Rule{
	ID:          "rfc9110/head-matches-get",
	RFC:         "RFC 9110",
	Section:     "9.3.2",
	Level:       Should,
	Requirement: "HEAD gets the same status and the same challenges as GET on the same resource, nonce-like values aside.",
})

// ValidCredentialsAccepted: the control. RFC 9110 puts no keyword on it
// (§11.4 describes what invalid credentials get); it holds because the user
// declared the credentials valid, and without it the other probes prove
// nothing: a server that refuses everything passes them all. Getting
// through means being served: a 5xx is the server breaking on valid
// credentials, and a redirect to another path (a login page) is not the
// resource either.
var ValidCredentialsAccepted = register(Rule{
	ID:          "rfc9110/valid-credentials-accepted",
	RFC:         "RFC 9110",
	Section:     "11.4",
	Level:       Info,
	Declared:    true,
	Severity:    High,
	Requirement: "The credentials declared valid get the resource (2xx, or a redirect to the resource itself): no 401, 403 or 407, no 304 to an unconditional request, no 5xx, no redirect to another path or query (a login page); another 4xx is a warning.",
})

// SchemeCaseInsensitive: RFC 9110 §11.1, HTTP "uses a case-insensitive
// token to identify the authentication scheme": "bAsIc" is the Basic
// scheme. The sentence carries no keyword, so the level is SHOULD; the rule
// fails a run because it is declared: the credentials are the ones the user
// declared valid, only the scheme's case differs.
var SchemeCaseInsensitive = register(Rule{
	ID:          "rfc9110/scheme-case-insensitive",
	RFC:         "RFC 9110",
	Section:     "11.1",
	Level:       Should,
	Declared:    true,
	Requirement: "Valid credentials get through with the scheme name in any case (\"bAsIc\", \"BEARER\"); §11.1 calls the scheme a case-insensitive token, without a keyword.",
})

// ExpectedSchemeOffered: the challenges of a 401 (§11.6.1) or 407 offer
// every scheme targets.yaml lists in expect_schemes. The RFC cannot know
// which schemes a server ought to offer; the user declared it.
var ExpectedSchemeOffered = register(Rule{
	ID:          "rfc9110/expected-scheme-offered",
	RFC:         "RFC 9110",
	Section:     "11.6.1",
	Level:       Info,
	Declared:    true,
	Requirement: "The challenges offer every scheme targets.yaml lists in expect_schemes (compared case-insensitively).",
})

// ProxyNoModifyChallenge: RFC 9110 §11.6.1, "A proxy forwarding a response
// MUST NOT modify any WWW-Authenticate header fields in that response."
// Judged when the origin behind a proxy target answers 401 both through
// the proxy and directly: the challenges must match, nonce-like values
// aside (each 401 may carry a fresh nonce). Unlike the comparison of two
// answers of one server, order counts within a scheme (RFC 7616 §3.7: the
// server adds Digest challenges "in order of preference"), and the
// parameters whose values may change (nonce, opaque, stale,
// error_description, error_uri) must still be present on both sides or
// absent on both: a proxy that drops one modifies the field.
var ProxyNoModifyChallenge = register(Rule{
	ID:          "rfc9110/proxy-no-modify-challenge",
	RFC:         "RFC 9110",
	Section:     "11.6.1",
	Level:       Must,
	Severity:    Medium,
	Requirement: "A proxy relays the origin's WWW-Authenticate unchanged: the challenges of a 401 fetched through the proxy are those fetched from the origin directly, in the same order within each scheme, with the same parameters; only the values of nonce-like parameters may differ.",
})

// CheckProxyRelay compares the origin's 401 fetched directly with the one
// relayed by the proxy. Anything but a 401 on either side leaves nothing
// to compare.
func CheckProxyRelay(direct, proxied *Exchange) []Finding {
	if direct.Status != http.StatusUnauthorized || proxied.Status != http.StatusUnauthorized {
		return nil
	}
	diffs := behDiffRelayed(fwResponseChallenges(direct), fwResponseChallenges(proxied))
	if len(diffs) == 0 {
		return nil
	}
	return []Finding{finding(ProxyNoModifyChallenge, "the challenges changed between the origin answering directly and the proxy relaying its 401: "+
		strings.Join(diffs, "; ")+"; RFC 9110 §11.6.1 forbids a proxy to modify WWW-Authenticate, so relay the field as the origin sent it",
		bodyRedact(proxied, strings.Join(proxied.Header.Values(fwResponseField(proxied)), "\n")))}
}

// behDiffRelayed lists how the challenges a proxy relayed (b) differ from
// the origin's own (a): what behDiffChallenges finds, the volatile
// parameters by presence, and the order of the challenges of each scheme.
func behDiffRelayed(a, b []Challenge) []string {
	diffs := behDiffChallenges(a, b)
	if len(diffs) > 0 {
		return diffs
	}
	// Same challenges as a set: pair them in order, scheme by scheme.
	for _, scheme := range behSchemeNames(a) {
		x, y := behOfScheme(a, scheme), behOfScheme(b, scheme)
		for i := range x {
			if i >= len(y) {
				break
			}
			if len(behDiffParams(&x[i], &y[i])) > 0 {
				diffs = append(diffs, "the "+scheme+" challenges were reordered (RFC 7616 §3.7: challenges of one scheme go in order of preference)")
				break
			}
			diffs = append(diffs, behVolatilePresence(&x[i], &y[i])...)
		}
	}
	return diffs
}

// behOfScheme returns the challenges of one scheme, in order.
func behOfScheme(cs []Challenge, scheme string) []Challenge {
	var out []Challenge
	for _, ch := range cs {
		if ch.Is(scheme) {
			out = append(out, ch)
		}
	}
	return out
}

// behVolatilePresence reports the volatile parameters (whose values may
// change) that one challenge has and the other lacks.
func behVolatilePresence(x, y *Challenge) []string {
	var diffs []string
	for _, name := range behVolatileNames {
		_, inX := x.Param(name)
		_, inY := y.Param(name)
		switch {
		case inX && !inY:
			diffs = append(diffs, x.Scheme+": "+name+" disappeared")
		case inY && !inX:
			diffs = append(diffs, x.Scheme+": "+name+" appeared")
		}
	}
	return diffs
}

// CheckProtected judges the answer to a request without credentials to a
// resource declared protected: it must be the challenge status (401, or
// 407 for a proxy target).
func CheckProtected(e *Exchange) []Finding {
	return behExpectChallenge(ProtectedResource401, e, "a request without credentials")
}

// CheckBadCredentials judges the answer to well-formed, wrong credentials:
// it must be the challenge status.
func CheckBadCredentials(e *Exchange) []Finding {
	return behExpectChallenge(BadCredentialsRejected, e, "wrong credentials")
}

// CheckMalformed judges the answer to malformed credentials: the challenge
// status, 400, or 431 Request Header Fields Too Large, which RFC 6585 §5
// defines for exactly the oversized Authorization field the probe sends
// (lighttpd answers so).
//
// A 400 or 431 must say what is malformed: without content a developer
// cannot tell which part of the field was refused (the suite's contract is
// "401 with a challenge, or 400 with a body"; RFC 9110 §15.5 asks for an
// explanation on every 4xx). A 401's body is judged by
// rfc9110/diagnostic-body on the same response.
func CheckMalformed(e *Exchange) []Finding {
	switch e.Status {
	case 0, e.ChallengeStatus():
		return nil
	case http.StatusBadRequest, http.StatusRequestHeaderFieldsTooLarge:
		if len(e.Body) == 0 && e.Method != http.MethodHead {
			return []Finding{finding(MalformedCredentialsRejected, "malformed credentials got "+fwStatusText(e.Status)+
				" with no content: send a body that says what is malformed in the Authorization field, e.g. an application/problem+json object", "")}
		}
		return nil
	}
	return behUnexpected(MalformedCredentialsRejected, e, "malformed credentials",
		"answer "+fwStatusText(e.ChallengeStatus())+" with a "+e.ChallengeField()+
			" challenge, or 400 Bad Request saying what is malformed")
}

// CheckValidAccepted judges the answer to the credentials declared valid:
// anything but a refusal (401, 403, 407; for a proxy target, 403 or 407:
// a 401 then comes from the origin behind a proxy that let the request
// through).
func CheckValidAccepted(e *Exchange) []Finding {
	return behExpectAccepted(ValidCredentialsAccepted, e, "the credentials declared valid",
		"check the credentials in targets.yaml (and the variables they are read from), then how the server verifies them")
}

// CheckSchemeCase judges the answer to the valid credentials sent with the
// scheme name in another case. Call it only when CheckValidAccepted passed
// on the same resource: otherwise the refusal says nothing about case.
//
// Unlike the control itself, a client error fails here: the same
// credentials with the scheme as offered got through, so a 400 (or 404,
// or 418) is the server telling the scheme's case apart.
func CheckSchemeCase(e *Exchange) []Finding {
	sent := "valid credentials sent with the scheme written " + strconv.Quote(e.SentScheme())
	const advice = "auth-scheme names are case-insensitive (RFC 9110 §11.1): match the scheme without regard to case"
	if out := behExpectAccepted(SchemeCaseInsensitive, e, sent, advice); len(out) > 0 {
		return out
	}
	// CheckValidClientError's list: the refusals were judged above (a
	// proxy target relays the origin's 401), and a 405 is about the method.
	if len(CheckValidClientError(e)) > 0 {
		return []Finding{finding(SchemeCaseInsensitive, sent+" got "+fwStatusText(e.Status)+
			" where the same credentials with the scheme as offered got through: "+advice, "")}
	}
	return nil
}

// CheckRepeat compares two answers to the same wrong credentials. When the
// first was not a challenge there is nothing to compare: CheckBadCredentials
// reports it.
func CheckRepeat(first, again *Exchange) []Finding {
	r := RepeatChallengeConsistent
	if first.Status != first.ChallengeStatus() || again.Status == 0 {
		return nil
	}
	if again.Status != again.ChallengeStatus() {
		return []Finding{finding(r, "the same wrong credentials sent again got "+fwStatusText(again.Status)+
			" where the first attempt got "+fwStatusText(first.Status)+": answer every failed attempt alike", behLocation(again))}
	}
	return behSameChallenges(r, first, again, "between two identical failed attempts",
		"a client cannot tell that its credentials were simply wrong (RFC 9110 §15.5.2)")
}

// CheckHeadMatchesGet compares the answers to GET and HEAD on the same
// resource with the same credentials (or none).
func CheckHeadMatchesGet(get, head *Exchange) []Finding {
	r := HeadMatchesGet
	if get.Status == 0 || head.Status == 0 {
		return nil
	}
	if get.Status != head.Status {
		return []Finding{finding(r, "HEAD got "+fwStatusText(head.Status)+" where GET got "+fwStatusText(get.Status)+
			": HEAD is GET without the content, so answer it with the same status and header fields", behLocation(head))}
	}
	if head.Status != head.ChallengeStatus() {
		return nil
	}
	return behSameChallenges(r, get, head, "between GET and HEAD",
		"a client probing with HEAD learns a different way to authenticate")
}

// CheckExpectedSchemes judges whether the challenges of e offer every
// scheme in schemes (from targets.yaml expect_schemes), compared
// case-insensitively. An answer that is not the challenge status has no
// challenges to judge: CheckProtected and its kin report it.
func CheckExpectedSchemes(e *Exchange, schemes []string) []Finding {
	if e.Status != e.ChallengeStatus() {
		return nil
	}
	offered := fwResponseChallenges(e)
	var missing []string
	for _, s := range schemes {
		s = strings.TrimSpace(s)
		if s != "" && !OffersScheme(offered, s) {
			missing = append(missing, s)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	field := fwResponseField(e)
	have := "no challenge"
	if names := behSchemeNames(offered); len(names) > 0 {
		have = strings.Join(names, ", ")
	}
	return []Finding{finding(ExpectedSchemeOffered, field+" offers "+have+" but targets.yaml expects "+strings.Join(missing, ", ")+
		": offer the expected schemes, or correct expect_schemes"+behSchemeBasis(missing), bodyRedact(e, strings.Join(e.Header.Values(field), "\n")))}
}

// behSchemeBasis names, for the expected schemes that are missing, the
// text of their own specification that asks for the challenge, when it
// does: RFC 9635 §9.1 asks a GNAP resource server to say with a GNAP
// challenge that GNAP is needed (audit of 2026-12, M23).
func behSchemeBasis(missing []string) string {
	for _, s := range missing {
		if strings.EqualFold(s, "GNAP") {
			return " (RFC 9635 §9.1: an RS called without a valid access token SHOULD answer with a GNAP challenge)"
		}
	}
	return ""
}

// behExpectChallenge is the shared body of the checks whose request must
// earn the challenge status.
func behExpectChallenge(r *Rule, e *Exchange, sent string) []Finding {
	if e.Status == 0 || e.Status == e.ChallengeStatus() {
		return nil
	}
	return behUnexpected(r, e, sent, "answer "+fwStatusText(e.ChallengeStatus())+" with a "+e.ChallengeField()+" challenge")
}

// behExpectAccepted is the shared body of the checks whose request must get
// through.
func behExpectAccepted(r *Rule, e *Exchange, sent, advice string) []Finding {
	refused := e.Status == http.StatusForbidden || e.Status == http.StatusProxyAuthRequired ||
		(!e.Proxy && e.Status == http.StatusUnauthorized)
	switch {
	case e.Status == 0:
		return nil
	case refused:
		return []Finding{finding(r, sent+" got "+fwStatusText(e.Status)+": "+advice, "")}
	case e.Status >= 500:
		return []Finding{finding(r, sent+" got "+fwStatusText(e.Status)+
			": the server failed instead of serving the resource, so the credentials were never shown to get through", "")}
	case e.FirstPath != "" && e.Path != "" && (!behSamePath(e.FirstPath, e.Path) || e.FirstQuery != e.Query):
		return []Finding{finding(r, sent+" were redirected from "+behTarget(e.FirstPath, e.FirstQuery)+" to "+behTarget(e.Path, e.Query)+
			" (a login page?) instead of getting the resource: serve it to valid credentials", "")}
	case e.Status == http.StatusNotModified:
		return []Finding{finding(r, sent+" got 304 Not Modified to a request without any condition: RFC 9110 §15.4.5 "+
			"defines 304 as the answer to \"a conditional GET or HEAD request\" whose condition evaluated to false, "+
			"so the resource was never served; answer an unconditional request with the resource (200)", "")}
	}
	if path, query, ok := behRedirectTarget(e); ok && (!behSamePath(e.Path, path) || query != e.Query) {
		return []Finding{finding(r, sent+" got "+fwStatusText(e.Status)+" redirecting to "+e.Header.Get("Location")+
			" (a login page?) instead of the resource: serve it to valid credentials", behLocation(e))}
	}
	if e.Status >= 300 && e.Status < 400 && e.Header.Get("Location") == "" {
		return []Finding{finding(r, sent+" got "+fwStatusText(e.Status)+" without a Location instead of the resource: serve it to valid credentials", "")}
	}
	return nil
}

// CheckValidClientError judges an answer to valid credentials that is a
// client error other than a refusal (401, 403, 407, which
// CheckValidAccepted fails): a 400, 404 or 418 did not serve the resource,
// yet says nothing certain about the credentials, so the suite reports it
// as a warning of the control rule, naming the status. A 405 is not one:
// the method "is known by the origin server but not supported by the
// target resource" (RFC 9110 §15.5.6), which says the credentials got
// through and the method listed does not apply (an MCP endpoint that
// offers no GET stream, say).
func CheckValidClientError(e *Exchange) []Finding {
	refused := e.Status == http.StatusForbidden || e.Status == http.StatusProxyAuthRequired || e.Status == http.StatusUnauthorized
	if e.Status < 400 || e.Status >= 500 || refused || e.Status == http.StatusMethodNotAllowed {
		return nil
	}
	return []Finding{finding(ValidCredentialsAccepted, "the credentials declared valid got "+fwStatusText(e.Status)+
		": a client error, not the resource, so the control proves nothing; check the resource's path and method in targets.yaml, and what the server wants besides the credentials", "")}
}

// behTarget writes a path and its query as a request-target.
func behTarget(path, query string) string {
	if query == "" {
		return path
	}
	return path + "?" + query
}

// behRedirectTarget returns the path and query a 3xx's Location points
// to, resolved against the request's path and query.
func behRedirectTarget(e *Exchange) (path, query string, ok bool) {
	if e.Status < 300 || e.Status >= 400 || e.Header == nil || e.Status == http.StatusNotModified {
		return "", "", false
	}
	loc, err := url.Parse(e.Header.Get("Location"))
	if err != nil || e.Header.Get("Location") == "" {
		return "", "", false
	}
	u := (&url.URL{Path: e.Path, RawQuery: e.Query}).ResolveReference(loc)
	return u.Path, u.RawQuery, true
}

// behSamePath compares two paths, a trailing slash aside: a redirect that
// only adds one (/docs to /docs/) still leads to the resource.
func behSamePath(a, b string) bool {
	return strings.TrimSuffix(a, "/") == strings.TrimSuffix(b, "/")
}

// behUnexpected reports an answer that is not the one the request should
// have earned, saying what came back and what it means.
func behUnexpected(r *Rule, e *Exchange, sent, fix string) []Finding {
	return []Finding{finding(r, sent+" got "+fwStatusText(e.Status)+behMeaning(e)+"; "+fix, behLocation(e))}
}

// behMeaning explains what an unexpected status tells about the server.
func behMeaning(e *Exchange) string {
	s := e.Status
	switch {
	case s >= 200 && s < 300:
		return ": the resource was served without valid credentials"
	case s >= 300 && s < 400:
		to := e.Header.Get("Location")
		if to == "" {
			return ": a redirect without a Location tells an HTTP client nothing about how to authenticate"
		}
		return " redirecting to " + to + ": a redirect (to a login page, say) tells an HTTP client nothing about how to authenticate"
	case s == http.StatusUnauthorized && e.Proxy:
		return " from behind the proxy: the proxy let the request through without asking for proxy credentials"
	case s == http.StatusProxyAuthRequired && !e.Proxy:
		return ": a proxy on the way demanded credentials, so the target itself was never reached"
	case s == http.StatusForbidden:
		return ": 403 means credentials were understood and are not enough (RFC 9110 §11.4, §15.5.4), and tells the client not to retry"
	case s == http.StatusNotFound:
		return ": the resource is hidden (RFC 9110 §15.5.4 allows that) or the path is wrong; waive this check if hiding is intended"
	case s >= 500:
		return ": the server failed instead of refusing the request"
	}
	return ""
}

// behLocation returns the Location of a redirect, as evidence.
func behLocation(e *Exchange) string {
	if e.Status >= 300 && e.Status < 400 && e.Header != nil {
		if to := e.Header.Get("Location"); to != "" {
			return "Location: " + to
		}
	}
	return ""
}

// behSameChallenges reports how the challenges of b differ from a's.
func behSameChallenges(r *Rule, a, b *Exchange, between, why string) []Finding {
	diffs := behDiffChallenges(fwResponseChallenges(a), fwResponseChallenges(b))
	if len(diffs) == 0 {
		return nil
	}
	field := fwResponseField(b)
	return []Finding{finding(r, "the challenges changed "+between+": "+strings.Join(diffs, "; ")+
		"; "+why+", so keep schemes, realms and parameters stable (only nonce-like values may change)",
		bodyRedact(b, strings.Join(b.Header.Values(field), "\n")))}
}

// behDiffChallenges lists how the challenges b differ from a, scheme by
// scheme, in the order the schemes first appear. Challenges of one scheme
// are paired in order.
func behDiffChallenges(a, b []Challenge) []string {
	var order []string
	group := map[string][2][]Challenge{}
	add := func(side int, cs []Challenge) {
		for _, ch := range cs {
			k := strings.ToLower(ch.Scheme)
			g, seen := group[k]
			if !seen {
				order = append(order, k)
			}
			g[side] = append(g[side], ch)
			group[k] = g
		}
	}
	add(0, a)
	add(1, b)
	var diffs []string
	for _, k := range order {
		g := group[k]
		g[0], g[1] = behUnmatched(g[0], g[1])
		n := min(len(g[0]), len(g[1]))
		for i := 0; i < n; i++ {
			diffs = append(diffs, behDiffParams(&g[0][i], &g[1][i])...)
		}
		for _, ch := range g[0][n:] {
			diffs = append(diffs, "a "+ch.Scheme+" challenge disappeared")
		}
		for _, ch := range g[1][n:] {
			diffs = append(diffs, "a "+ch.Scheme+" challenge appeared")
		}
	}
	return diffs
}

// behUnmatched drops the challenges of a that have an equal one in b (and
// that one from b), so challenges compare as a set: two Basic realms sent
// in swapped order are the same challenges. What is left is paired in
// order for the report.
func behUnmatched(a, b []Challenge) ([]Challenge, []Challenge) {
	used := make([]bool, len(b))
	var restA []Challenge
	for i := range a {
		found := false
		for j := range b {
			if !used[j] && len(behDiffParams(&a[i], &b[j])) == 0 {
				used[j], found = true, true
				break
			}
		}
		if !found {
			restA = append(restA, a[i])
		}
	}
	var restB []Challenge
	for j := range b {
		if !used[j] {
			restB = append(restB, b[j])
		}
	}
	return restA, restB
}

// behDiffParams lists how the parameters of y differ from x's.
func behDiffParams(x, y *Challenge) []string {
	var diffs []string
	if x.HasToken68 != y.HasToken68 {
		change := "disappeared"
		if y.HasToken68 {
			change = "appeared"
		}
		diffs = append(diffs, x.Scheme+": token68 "+change)
	}
	seen := map[string]bool{}
	for _, p := range append(append([]Param(nil), x.Params...), y.Params...) {
		name := strings.ToLower(p.Name)
		if seen[name] || behVolatileParams[name] {
			continue
		}
		seen[name] = true
		xp, inX := x.Param(name)
		yp, inY := y.Param(name)
		switch {
		case !inY:
			diffs = append(diffs, x.Scheme+": "+name+" disappeared")
		case !inX:
			diffs = append(diffs, x.Scheme+": "+name+" appeared")
		case name == "challenge" && x.Is("HOBA"):
			// RFC 7486 §3: "The challenge MUST be unique for every 401
			// HTTP response", however short or plain it looks.
		case xp.Value != yp.Value && (behStableParams[name] || !behLooksRandom(xp.Value) || !behLooksRandom(yp.Value)):
			diffs = append(diffs, x.Scheme+": "+name+" changed from "+strconv.Quote(xp.Value)+" to "+strconv.Quote(yp.Value))
		}
	}
	return diffs
}

// behVolatileParams change by design from one challenge to the next:
// Digest's nonce, opaque and stale (RFC 7616 §3.3), and Bearer's
// error_description and error_uri (RFC 6750 §3), free text and a link a
// server may well make per request (a trace ID in the query, say).
var behVolatileNames = []string{"nonce", "opaque", "stale", "error_description", "error_uri"}

var behVolatileParams = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range behVolatileNames {
		m[n] = true
	}
	return m
}()

// behStableParams name the protection space or the scheme's options; they
// are compared even when their values look random.
var behStableParams = map[string]bool{
	"realm": true, "scope": true, "error": true, "algorithm": true, "qop": true,
	"charset": true, "domain": true, "userhash": true,
}

// behLooksRandom reports whether a value looks generated per response (a
// nonce, a request id, a per-request token): at least 16 characters of the
// token68 alphabet, with both letters and digits.
func behLooksRandom(v string) bool {
	if len(v) < 16 {
		return false
	}
	var letter, digit bool
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letter = true
		case strings.IndexByte("-._~+/=:", c) >= 0:
		default:
			return false
		}
	}
	return letter && digit
}

// behSchemeNames lists the schemes offered, each once, as sent.
func behSchemeNames(cs []Challenge) []string {
	var out []string
	for _, ch := range cs {
		if !containsFold(out, ch.Scheme) {
			out = append(out, ch.Scheme)
		}
	}
	return out
}

// containsFold reports whether list holds s, compared case-insensitively,
// as HTTP compares scheme names, parameter names and many values.
func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// HeadContentLength: RFC 9110 §8.6, "a server MUST NOT send Content-Length
// in such a response [to HEAD] unless its field value equals the decimal
// number of octets that would have been sent in the content of a response
// if the same request had used the GET method" (audit M3). The length is
// compared exactly when GET's 401 is seen to have one length: two answers
// to the same unauthenticated GET, sent before and after the HEAD, carry
// the same number of octets. When they differ (a request id, a nonce, a
// timestamp in the body), no single length is "the" length, and only what
// no varying content explains is judged: HEAD announcing no content where
// GET sent some, or content where GET sent none.
var HeadContentLength = register(Rule{
	ID:          "rfc9110/head-content-length",
	RFC:         "RFC 9110",
	Section:     "8.6",
	Level:       Must,
	Severity:    Medium,
	Requirement: "A Content-Length on the 401 answering HEAD equals the length of GET's 401 content; when GET's 401 content varies, at least not 0 when GET sends content, nor a length when GET sends none.",
})

// HeadLengthDiffers reports whether the Content-Length of the answer to
// HEAD differs from the length of the content of the answer to GET: only
// then does it take a second GET to tell a wrong length from content that
// varies.
func HeadLengthDiffers(get, head *Exchange) bool {
	return headLengthComparable(get, head) && head.DeclaredLength != int64(len(get.Body))
}

// headLengthComparable: both answered with the same status, HEAD announced
// a length and no Transfer-Encoding beside it, and GET's content was read
// whole and framed as its own Content-Length says. A Content-Length beside
// Transfer-Encoding is rfc9112/content-length-with-transfer-encoding's, and
// a GET whose content falls short of its Content-Length is
// rfc9110/content-length-matches': one defect fails one rule, and GET's
// content is then unknown.
func headLengthComparable(get, head *Exchange) bool {
	return get.Status != 0 && head.Status == get.Status && head.DeclaredLength >= 0 &&
		!carriesTransferEncoding(head) && headFramedWhole(get)
}

// carriesTransferEncoding reports whether the response head has a
// Transfer-Encoding field: in the parsed header, or, since Go's parser
// takes it out of the header, in the head as received.
func carriesTransferEncoding(e *Exchange) bool {
	if len(e.Header.Values("Transfer-Encoding")) > 0 {
		return true
	}
	heads := (&Context{Ex: e}).wireHeads()
	if len(heads) == 0 {
		return false
	}
	for i, l := range heads[len(heads)-1] {
		name, _, found := bytes.Cut(l.text, []byte(":"))
		if i > 0 && found && strings.EqualFold(strings.TrimSpace(string(name)), "Transfer-Encoding") {
			return true
		}
	}
	return false
}

// headFramedWhole reports whether e's content was read whole, as its
// Content-Length (if any) announced it.
func headFramedWhole(e *Exchange) bool {
	return !e.BodyTruncated && (e.DeclaredLength < 0 || e.DeclaredLength == int64(len(e.Body)))
}

// CheckHeadContentLength compares the Content-Length of the answer to HEAD
// with the content of the answer to GET on the same resource. again are
// further answers to the same GET: when every one of them that has GET's
// status carries the very same content as GET's, byte for byte, that
// content is fixed and its length is the one HEAD must announce; otherwise
// (none, or content that varies) only a Content-Length of 0 against
// content, or of content against none, is a finding. Equal lengths alone
// are not enough: a 401 body with an unpadded random number (19 or 20
// digits) gives two GETs of one length about half the time, and HEAD's own
// number may have had the other width.
func CheckHeadContentLength(get, head *Exchange, again ...*Exchange) []Finding {
	if !headLengthComparable(get, head) {
		return nil
	}
	got := int64(len(get.Body))
	stable, sample := headGetStable(get, again)
	declared := "Content-Length: " + strconv.FormatInt(head.DeclaredLength, 10)
	switch {
	case head.DeclaredLength == got:
		return nil
	case stable:
		return []Finding{finding(HeadContentLength, "HEAD announces "+declared+" but GET's "+fwStatusText(get.Status)+
			" carries "+strconv.FormatInt(got, 10)+" bytes of content, the very same content on "+strconv.Itoa(sample)+
			" requests: a Content-Length on HEAD must be the length GET would send, or leave it out", declared)}
	case (head.DeclaredLength == 0) == (got == 0):
		return nil // GET's content varies in length: no one length to hold HEAD to
	}
	return []Finding{finding(HeadContentLength, "HEAD announces "+declared+
		" but GET's "+fwStatusText(get.Status)+" carries "+strconv.FormatInt(got, 10)+" bytes of content: a Content-Length on HEAD must be the length GET would send, or leave it out",
		declared)}
}

// headGetStable reports whether the answers to GET are seen to have one
// content, hence one length: at least one more answer with GET's status,
// read whole, and all with GET's content byte for byte. sample is how many
// answers were compared.
func headGetStable(get *Exchange, again []*Exchange) (stable bool, sample int) {
	sample = 1
	for _, e := range again {
		if e == nil || e.Status != get.Status {
			continue
		}
		if !headFramedWhole(e) || !bytes.Equal(e.Body, get.Body) {
			return false, 0
		}
		sample++
	}
	return sample > 1, sample
}
