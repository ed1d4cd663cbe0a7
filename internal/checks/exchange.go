package checks

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
)

// Exchange is one request and the response it got, as the judge sees it.
// The probe layer fills it from what actually crossed the wire.
type Exchange struct {
	// Method is the request method ("GET", "HEAD", ...).
	Method string
	// Proxy is true when the target is a proxy: the judge then expects 407
	// and Proxy-Authenticate instead of 401 and WWW-Authenticate.
	Proxy bool
	// Secure is true when the request went over TLS.
	Secure bool
	// Loopback is true when the target's host is a loopback address, where
	// cleartext never crosses a network: the cleartext warnings stay quiet.
	Loopback bool
	// SentAuthorization holds the Authorization (or Proxy-Authorization)
	// field value sent with the request, verbatim; "" when none was sent.
	SentAuthorization string
	// Secrets are strings the response must not repeat back: the
	// credentials sent, in every form they were sent (raw, base64, ...).
	Secrets []string

	// Status is the response status code.
	Status int
	// Header holds the response header fields as received, one value per
	// field line, in order.
	Header http.Header
	// Trailer holds the trailer fields of a chunked response (RFC 9110
	// §6.5), when the content was read to its end; nil otherwise.
	Trailer http.Header
	// Body is the content read, at most the configured max_body.
	Body []byte
	// BodyTruncated is true when more content was available than was read.
	BodyTruncated bool
	// DeclaredLength is the Content-Length the response announced, or -1.
	DeclaredLength int64
	// Authority is the host and port the request was for (the origin's
	// authority, as in a URL: "api.example.com:8443"; no port when the
	// scheme's default); "" when unknown.
	Authority string
	// Path is the path of the request this response answers; FirstPath
	// the path the probe asked for before any redirect was followed (equal
	// to Path, or "", when none was).
	Path, FirstPath string
	// Query is the query of the request this response answers (without
	// "?"); FirstQuery the query the probe asked for before any redirect
	// was followed. A redirect back to the same path with another query
	// (?login=required) did not lead to the resource either.
	Query, FirstQuery string
	// SentAuthorizationField is true when the request carried an
	// Authorization (or Proxy-Authorization) field at all, even an empty
	// one: SentAuthorization alone cannot tell an empty field from none.
	SentAuthorizationField bool
	// QueryToken is true when the request carried an access token in the
	// URI query as access_token (RFC 6750 §2.3): authentication
	// information, even without an Authorization field.
	QueryToken bool
	// MCP is the MCP revision the target declares (mcp: in targets.yaml,
	// "latest" resolved), e.g. "2025-11-25"; "" for a target that is not
	// an MCP server. The MCP rules apply only when it is set.
	MCP string
	// Origin is the Origin field sent with the request ("" when none):
	// the request was made as a browser client of that origin (CORS).
	Origin string
	// CredentialsWrong is true when the credentials sent are wrong or
	// malformed on purpose (the bad-credentials, malformed-credentials and
	// repeated-challenge probes): a refusal then is a refusal of them, not
	// of something else in the request.
	CredentialsWrong bool
	// FreshNonce is true when the wrong Digest credentials sent answer a
	// nonce the server issued just before, and no earlier request of any
	// probe used it (nc=00000001): the nonce was valid, whatever else was
	// wrong. The probe sets it only over a nonce fetched for the request's
	// signer alone, so that it does not depend on which concurrent probe
	// went first.
	FreshNonce bool
	// ExpectedRspauth is the rspauth a server that knows the declared
	// password answers the valid Digest credentials sent with (RFC 7616
	// §3.5, qop=auth); "" when it cannot be computed.
	ExpectedRspauth string
	// BasicCharset says, when the request carried the declared Basic
	// credentials and they hold characters outside US-ASCII, how authspec
	// encoded them (RFC 7617 §2.1): BasicCharsetUTF8 when the challenge it
	// answered offered charset="UTF-8" (sent in NFC, UTF-8), and
	// BasicCharsetUndefined when it offered none (sent in UTF-8 as
	// configured; RFC 7617 §2 leaves the encoding undefined). "" for
	// US-ASCII credentials, whose encoding never matters, and for any other
	// request.
	BasicCharset string

	// RawHead holds the bytes of the response heads as they came off the
	// connection (interim 1xx heads first, then the final one, each with
	// its empty line), for HTTP/1.x; nil when they were not recorded
	// (HTTP/2, inside a CONNECT tunnel).
	RawHead []byte
	// Following counts the bytes received after the final head, at least:
	// it can exceed DeclaredLength when the server sent more content than
	// it announced. -1 (or 0 in a literal) when unknown.
	Following int64
}

// ChallengeField returns the name of the field that carries challenges for
// this exchange. The status decides first: a 401 carries WWW-Authenticate
// even when a proxy relayed it from the origin, and a 407 carries
// Proxy-Authenticate. For other statuses it is the field a target of this
// kind would use: Proxy-Authenticate for a proxy, WWW-Authenticate otherwise.
func (e *Exchange) ChallengeField() string {
	switch {
	case e.Status == http.StatusUnauthorized:
		return "WWW-Authenticate"
	case e.Status == http.StatusProxyAuthRequired, e.Proxy:
		return "Proxy-Authenticate"
	}
	return "WWW-Authenticate"
}

// ChallengeStatus returns the status that demands authentication: 407 for a
// proxy, 401 otherwise.
func (e *Exchange) ChallengeStatus() int {
	if e.Proxy {
		return http.StatusProxyAuthRequired
	}
	return http.StatusUnauthorized
}

// IsChallenge reports whether the response demands authentication (401, or
// 407 from a proxy).
func (e *Exchange) IsChallenge() bool {
	return e.Status == http.StatusUnauthorized ||
		(e.Proxy && e.Status == http.StatusProxyAuthRequired)
}

// SentScheme returns the auth-scheme of the credentials sent, or "".
func (e *Exchange) SentScheme() string {
	v := strings.TrimLeft(e.SentAuthorization, " ")
	if i := strings.IndexByte(v, ' '); i >= 0 {
		v = v[:i]
	}
	return v
}

// Context is what a rule sees: the exchange and its challenge field, parsed
// once for all rules.
type Context struct {
	Ex *Exchange
	// Field is the challenge field's name (see Exchange.ChallengeField).
	Field string
	// Lines are that field's lines, in order.
	Lines []string
	// Challenges are the challenges parsed from Lines.
	Challenges []Challenge
	// ParseFindings are the parser's findings on Lines (grammar errors and
	// sender violations); the rules that own them report them.
	ParseFindings []Finding

	// problem is the body read as a problem details object, decoded once
	// for the several rules that look at it.
	problem struct {
		done bool
		obj  map[string]json.RawMessage
		ok   bool
		err  string // what the content is instead of an object, or ""
	}
	// wire is the raw head split into lines, once for the rules on it.
	wire struct {
		done  bool
		heads [][]wireLine
	}
}

// NewContext parses the exchange's challenge field once for all rules.
func NewContext(e *Exchange) *Context {
	c := &Context{Ex: e, Field: e.ChallengeField()}
	c.Lines = e.Header.Values(c.Field)
	c.Challenges, c.ParseFindings = ParseChallenges(c.Lines)
	return c
}

// ChallengesOf returns the challenges of the given scheme.
func (c *Context) ChallengesOf(scheme string) []Challenge {
	var out []Challenge
	for _, ch := range c.Challenges {
		if ch.Is(scheme) {
			out = append(out, ch)
		}
	}
	return out
}

// Offers reports whether some challenge is of the given scheme.
func (c *Context) Offers(scheme string) bool {
	return OffersScheme(c.Challenges, scheme)
}

// Is2xx reports whether status is a success (RFC 9110 §15.3): for the
// relational rules and the probes, the answer that got the resource.
func Is2xx(status int) bool { return status >= 200 && status < 300 }

// OffersScheme reports whether some challenge in cs is of the given
// scheme (case does not count, RFC 9110 §11.1). Context.Offers, the
// relational checks, which parse a response themselves, and the probes
// and specs deciding what to send share it.
func OffersScheme(cs []Challenge, scheme string) bool {
	for i := range cs {
		if cs[i].Is(scheme) {
			return true
		}
	}
	return false
}

// parseFindingsOf returns the parser findings that belong to rule r.
func (c *Context) parseFindingsOf(r *Rule) []Finding {
	var out []Finding
	for _, f := range c.ParseFindings {
		if f.Rule == r {
			out = append(out, f)
		}
	}
	return out
}

// Status is what became of one rule on one exchange.
type Status string

const (
	Pass          Status = "pass"     // the rule applied and was met
	Violated      Status = "violated" // the rule applied and was broken
	NotApplicable Status = "n/a"      // nothing for the rule to judge here
)

// Result is one rule's verdict on one exchange.
type Result struct {
	Rule     *Rule
	Status   Status
	Findings []Finding
}

// Evaluate runs every single-response rule of the catalogue on e and returns
// one Result per rule, sorted by rule ID. Relational rules (Check == nil)
// are left to the functions in behaviour.go.
func Evaluate(e *Exchange) []Result {
	c := NewContext(e)
	rules := singleResponseRules()
	out := make([]Result, 0, len(rules))
	for _, r := range rules {
		out = append(out, Judge(r, c))
	}
	return out
}

// EvaluateEach is Evaluate handing each Result to yield, in the same
// order, instead of collecting them: a caller that keeps little of them
// (the suite only counts passes) allocates nothing for the rest. The
// Results are the caller's to keep, as with Evaluate.
func EvaluateEach(e *Exchange, yield func(Result)) {
	c := NewContext(e)
	for _, r := range singleResponseRules() {
		yield(Judge(r, c))
	}
}

// SingleResponseRuleCount is the number of Results Evaluate returns.
func SingleResponseRuleCount() int {
	return len(singleResponseRules())
}

// singleResponseRules returns the rules Evaluate runs (those with a Check),
// sorted by ID. The catalogue is complete once package initialization has
// run and never changes after, so the list is built once, on the first
// Evaluate, instead of sorting the whole catalogue for every exchange.
// Callers must not modify the slice.
var singleResponseRules = sync.OnceValue(func() []*Rule {
	var out []*Rule
	for _, r := range All() {
		if r.Check != nil {
			out = append(out, r)
		}
	}
	return out
})

// Judge runs one rule on a context.
func Judge(r *Rule, c *Context) Result {
	if r.Applies != nil && !r.Applies(c) {
		return Result{Rule: r, Status: NotApplicable}
	}
	fs := r.Check(c)
	if len(fs) == 0 {
		return Result{Rule: r, Status: Pass}
	}
	return Result{Rule: r, Status: Violated, Findings: fs}
}
