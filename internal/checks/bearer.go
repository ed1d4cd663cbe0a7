package checks

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Rules for the Bearer scheme, RFC 6750 §3 and §3.1 (read in full).

// bearerErrorStatus maps each RFC 6750 §3.1 error code to the status the
// resource server SHOULD answer it with.
var bearerErrorStatus = map[string]int{
	"invalid_request":    http.StatusBadRequest,
	"invalid_token":      http.StatusUnauthorized,
	"insufficient_scope": http.StatusForbidden,
}

// bearerExtensionErrors are error codes other documents define for Bearer
// challenges (OAuth Extensions Error Registry), with the status each belongs
// with. They are not unknown. Their status is judged by the extension's own
// rule, at the level its text gives: RFC 9470 names no status for
// insufficient_user_authentication, only examples with 401, so
// rfc9470/step-up-status informs where rfc6750/bearer-error-code, resting
// on RFC 6750 §3.1's SHOULDs, would warn.
var bearerExtensionErrors = map[string]int{
	"insufficient_user_authentication": http.StatusUnauthorized, // RFC 9470 §3
}

// BearerParamsRequired: RFC 6750 §3, "This scheme MUST be followed by one or
// more auth-param values."
var BearerParamsRequired = registerChecked(Rule{
	ID:          "rfc6750/bearer-params-required",
	RFC:         "RFC 6750",
	Section:     "3",
	Level:       Must,
	Requirement: "A Bearer challenge carries at least one auth-param: a bare Bearer (or Bearer with a token68) is not allowed.",
	Scheme:      "Bearer",
	Applies:     schOffers("Bearer"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Bearer", func(ch *Challenge) []Finding {
		if len(ch.Params) > 0 {
			return nil
		}
		msg := `Bearer must be followed by at least one auth-param: send e.g. WWW-Authenticate: Bearer realm="api"`
		if c.Offers("DPoP") {
			msg += `. RFC 9449 §7.2 Figure 17 itself sends a bare Bearer next to DPoP ("Bearer, DPoP algs=..."), but RFC 6750 §3 still requires a parameter; "Bearer realm=\"api\", DPoP algs=\"ES256\"" satisfies both`
		}
		return []Finding{schChallengeFinding(r, c, ch, msg)}
	})
})

// BearerParamCharset: RFC 6750 §3, the character sets of scope, error,
// error_description and error_uri (after unquoting).
var BearerParamCharset = registerChecked(Rule{
	ID:          "rfc6750/bearer-param-charset",
	RFC:         "RFC 6750",
	Section:     "3",
	Level:       Must,
	Severity:    Medium,
	Requirement: `Bearer scope, error, error_description and error_uri use only printable ASCII without '"' and '\' (scope: values separated by single spaces; error_uri: a URI-reference without spaces).`,
	Scheme:      "Bearer",
	Applies:     schOffers("Bearer"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Bearer", func(ch *Challenge) []Finding {
		return bearerCharsetFindings(r, c, ch, "Bearer")
	})
})

// bearerCharsetFindings checks the RFC 6750 §3 character sets; DPoP reuses
// it, since RFC 9449 §7.1 defines its scope and error parameters by
// reference to RFC 6750 §3.
func bearerCharsetFindings(r *Rule, c *Context, ch *Challenge, scheme string) []Finding {
	var out []Finding
	for _, p := range ch.Params {
		if scheme != "Bearer" && strings.EqualFold(p.Name, "error_uri") {
			continue // RFC 9449 §7.1 defines no error_uri for DPoP
		}
		var ok func(byte) bool
		var allowed string
		switch strings.ToLower(p.Name) {
		case "scope":
			ok, allowed = bearerScopeChar, "printable ASCII except '\"' and '\\', with single spaces between scope values"
		case "error", "error_description":
			ok, allowed = bearerErrorChar, "printable ASCII and space, except '\"' and '\\'"
		case "error_uri":
			ok, allowed = bearerURIChar, "printable ASCII except space, '\"' and '\\' (percent-encode the rest)"
		default:
			continue
		}
		if bad, found := schInSet(p.Value, ok); found {
			out = append(out, schParamFinding(r, c, ch, p,
				fmt.Sprintf("%s %s contains the byte %q; RFC 6750 allows only %s", scheme, strings.ToLower(p.Name), bad, allowed)))
			continue
		}
		if problem := bearerValueShape(strings.ToLower(p.Name), p.Value); problem != "" {
			out = append(out, schParamFinding(r, c, ch, p, scheme+" "+strings.ToLower(p.Name)+" "+problem))
		}
	}
	return out
}

// bearerValueShape checks what the character sets leave open (audit D13):
// scope is scope-token *( SP scope-token ), so %x20 only between values;
// error_uri "MUST conform to the URI-reference syntax".
func bearerValueShape(name, v string) string {
	switch name {
	case "scope":
		if v == "" || strings.HasPrefix(v, " ") || strings.HasSuffix(v, " ") || strings.Contains(v, "  ") {
			return "must be scope values separated by single spaces, with no leading, trailing or doubled space and at least one value: e.g. scope=\"read write\""
		}
	case "error_uri":
		if problem := uriReferenceProblem(v); problem != "" {
			return "is not a URI-reference (RFC 3986): it " + problem
		}
	}
	return ""
}

// bearerErrorChar: %x20-21 / %x23-5B / %x5D-7E.
func bearerErrorChar(b byte) bool {
	return b == 0x20 || bearerURIChar(b)
}

// bearerURIChar: %x21 / %x23-5B / %x5D-7E.
func bearerURIChar(b byte) bool {
	return b == 0x21 || (b >= 0x23 && b <= 0x5B) || (b >= 0x5D && b <= 0x7E)
}

// bearerScopeChar: scope-token characters (%x21 / %x23-5B / %x5D-7E) and
// %x20 as the delimiter between them.
func bearerScopeChar(b byte) bool {
	return b == 0x20 || bearerURIChar(b)
}

// BearerErrorStatus: RFC 6750 §3.1, invalid_request "SHOULD respond with the
// HTTP 400", invalid_token "SHOULD respond with the HTTP 401",
// insufficient_scope "SHOULD respond with the HTTP 403".
var BearerErrorStatus = registerChecked(Rule{
	ID:          "rfc6750/bearer-error-code",
	RFC:         "RFC 6750",
	Section:     "3.1",
	Level:       Should,
	Requirement: "A Bearer error code comes with its status: invalid_request with 400, invalid_token with 401, insufficient_scope with 403.",
	Scheme:      "Bearer",
	Applies:     func(c *Context) bool { return !c.Ex.Proxy && c.Offers("Bearer") },
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Bearer", func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range schParams(ch, "error") {
			want, known := bearerErrorStatus[p.Value]
			if !known || want == c.Ex.Status {
				continue
			}
			out = append(out, schParamFinding(r, c, ch, p,
				fmt.Sprintf("error=%q belongs with status %d, but the response is %d: answer %d, or use the error code that fits %d",
					p.Value, want, c.Ex.Status, want, c.Ex.Status)))
		}
		return out
	})
})

// BearerErrorKnown: RFC 6750 §3.1 defines three error codes; extensions may
// register more, so an unknown code is noted, not failed.
var BearerErrorKnown = registerChecked(Rule{
	ID:          "rfc6750/bearer-error-registered",
	RFC:         "RFC 6750",
	Section:     "3.1",
	Level:       Info,
	Requirement: "A Bearer error code is invalid_request, invalid_token, insufficient_scope, or one registered by an extension.",
	Scheme:      "Bearer",
	Applies:     schOffers("Bearer"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Bearer", func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range schParams(ch, "error") {
			if bearerKnownError(p.Value) {
				continue
			}
			out = append(out, schParamFinding(r, c, ch, p,
				fmt.Sprintf("error=%q is not an RFC 6750 error code (invalid_request, invalid_token, insufficient_scope); clients may not know what to do with it", p.Value)))
		}
		return out
	})
})

func bearerKnownError(code string) bool {
	if _, ok := bearerErrorStatus[code]; ok {
		return true
	}
	_, ok := bearerExtensionErrors[code]
	return ok
}

// BearerNoErrorWithoutToken: RFC 6750 §3.1, "If the request lacks any
// authentication information (e.g., the client was unaware that
// authentication is necessary or attempted using an unsupported
// authentication method), the resource server SHOULD NOT include an error
// code or other error information." Credentials of a scheme the response
// itself offers count as supported, so only no credentials, or credentials
// of a scheme the server does not offer, are judged.
var BearerNoErrorWithoutToken = registerChecked(Rule{
	ID:          "rfc6750/bearer-no-error-without-token",
	RFC:         "RFC 6750",
	Section:     "3.1",
	Level:       Should,
	Requirement: "A Bearer challenge answering a request with no credentials (or credentials of an unsupported scheme) carries no error, error_description or error_uri.",
	Scheme:      "Bearer",
	Applies: func(c *Context) bool {
		return c.Offers("Bearer") && schNoAuthInfo(c)
	},
}, func(r *Rule, c *Context) []Finding {
	why := "the request carried no credentials"
	if c.Ex.SentAuthorization != "" {
		why = "the request carried " + c.Ex.SentScheme() + " credentials, a scheme this response does not offer"
	}
	return schEach(c, "Bearer", func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range ch.Params {
			switch strings.ToLower(p.Name) {
			case "error", "error_description", "error_uri":
				out = append(out, schParamFinding(r, c, ch, p,
					"Bearer "+strings.ToLower(p.Name)+" is sent although "+why+`: send only realm/scope here, e.g. Bearer realm="api"`))
			}
		}
		return out
	})
})

// BearerErrorExpected: RFC 6750 §3, "If the protected resource request
// included an access token and failed authentication, the resource server
// SHOULD include the "error" attribute".
var BearerErrorExpected = registerChecked(Rule{
	ID:          "rfc6750/bearer-error-expected",
	RFC:         "RFC 6750",
	Section:     "3",
	Level:       Should,
	Requirement: "A 401 answering a request that carried a Bearer token includes the error attribute in its Bearer challenge.",
	Scheme:      "Bearer",
	Applies: func(c *Context) bool {
		return !c.Ex.Proxy && c.Ex.Status == http.StatusUnauthorized &&
			schSentCredentials(c, "Bearer") && c.Offers("Bearer")
	},
}, func(r *Rule, c *Context) []Finding {
	bearers := c.ChallengesOf("Bearer")
	for i := range bearers {
		if _, ok := bearers[i].Param("error"); ok {
			return nil
		}
	}
	return []Finding{schChallengeFinding(r, c, &bearers[0],
		`the request carried a Bearer token and was refused, but no Bearer challenge says why: add error="invalid_token" (and an error_description for developers)`)}
})

// BearerChallengeOnRefusal: RFC 6750 §3, "If the protected resource
// request does not include authentication credentials or does not contain
// an access token that enables access to the protected resource, the
// resource server MUST include the HTTP "WWW-Authenticate" response header
// field". A 401 is judged by rfc9110/challenge-present; this rule covers
// the 400 (invalid_request) and 403 (insufficient_scope) that refuse the
// Bearer token a request carried: they too must carry a Bearer challenge.
// The MUST covers a token that "does not enable access", not every 400 or
// 403 a request with a good token can get (a missing body, a business
// rule): only refusals attributable to the token are judged, those
// answering credentials authspec made wrong on purpose, and those whose
// challenge or JSON body names a token error.
var BearerChallengeOnRefusal = registerChecked(Rule{
	ID:          "rfc6750/bearer-challenge-on-refusal",
	RFC:         "RFC 6750",
	Section:     "3",
	Level:       Must,
	Severity:    Medium,
	Requirement: "A 400 or 403 refusing the Bearer token a request carried (a wrong or malformed token, or an answer naming a token error) includes a WWW-Authenticate field with a Bearer challenge.",
	Scheme:      "Bearer",
	Applies: func(c *Context) bool {
		e := c.Ex
		_, token, _ := strings.Cut(strings.TrimLeft(e.SentAuthorization, " "), " ")
		return !e.Proxy && (e.Status == http.StatusBadRequest || e.Status == http.StatusForbidden) &&
			strings.EqualFold(e.SentScheme(), "Bearer") && strings.TrimSpace(token) != "" &&
			(e.CredentialsWrong || bearerTokenErrorNamed(c))
	},
}, func(r *Rule, c *Context) []Finding {
	if c.Offers("Bearer") {
		return nil
	}
	seen := "no WWW-Authenticate field"
	if len(c.Lines) > 0 {
		seen = "WWW-Authenticate without a Bearer challenge"
	}
	return []Finding{finding(r, "the "+fwStatusText(c.Ex.Status)+" refusing a Bearer token has "+seen+
		`: add one that says why, e.g. WWW-Authenticate: Bearer realm="api", error="insufficient_scope"`, strings.Join(c.Lines, "\n"))}
})

// LimitedTokenRefused: the token the user declared valid but lacking the
// needed scope (credentials.limited_token) must not get the resource. RFC
// 6750 §3.1 describes its refusal (insufficient_scope, "The request
// requires higher privileges than provided by the access token"); a 2xx
// means the server did not enforce the scope it advertises. Declared, like
// the other access rules: the user told us what the token lacks.
var LimitedTokenRefused = register(Rule{
	ID:          "rfc6750/limited-token-refused",
	RFC:         "RFC 6750",
	Section:     "3.1",
	Level:       Should,
	Declared:    true,
	Severity:    High,
	Scheme:      "Bearer", // in the Bearer group: -labels rfc6750 selects it, and no RFC 9110 spec
	Requirement: "The limited token (valid, but lacking the needed scope) does not get the resource: a 2xx means the scope is not enforced.",
})

// InsufficientScopeRefusal: RFC 6750 §3.1, insufficient_scope: "The
// resource server SHOULD respond with the HTTP 403 (Forbidden) status code
// and MAY include the "scope" attribute with the scope necessary to access
// the protected resource." RFC 9470 §3 gives a second way to refuse a
// valid token, a 401 with insufficient_user_authentication. Either is
// right; any other refusal leaves the client without a way forward.
var InsufficientScopeRefusal = register(Rule{
	ID:          "rfc6750/insufficient-scope-refusal",
	RFC:         "RFC 6750",
	Section:     "3.1",
	Level:       Should,
	Severity:    Low,
	Scheme:      "Bearer",
	Requirement: `The limited token is refused with 403 and Bearer error="insufficient_scope" (RFC 6750 §3.1), or with 401 and error="insufficient_user_authentication" (RFC 9470 §3).`,
})

// CheckLimitedTokenRefused judges whether the limited token got in.
func CheckLimitedTokenRefused(e *Exchange) []Finding {
	if e.Status < 200 || e.Status >= 300 {
		return nil
	}
	return []Finding{finding(LimitedTokenRefused,
		fmt.Sprintf("the limited token, which lacks the needed scope, got %s: the server does not enforce the scope it advertises", fwStatusText(e.Status)),
		fmt.Sprintf("%d", e.Status))}
}

// CheckInsufficientScopeRefusal judges the form of the refusal of the
// limited token; a 2xx is CheckLimitedTokenRefused's.
func CheckInsufficientScopeRefusal(e *Exchange) []Finding {
	if e.Status >= 200 && e.Status < 300 {
		return nil
	}
	c := NewContext(e)
	code := ""
	for _, s := range stepUpSchemes {
		for _, ch := range c.ChallengesOf(s) {
			if p, ok := ch.Param("error"); ok && code == "" {
				code = p.Value
			}
		}
	}
	switch {
	case e.Status == http.StatusForbidden && code == "insufficient_scope":
		return nil
	case e.Status == http.StatusUnauthorized && code == "insufficient_user_authentication":
		return nil
	}
	got := "no error code"
	if code != "" {
		got = "error=" + QuoteString(code)
	}
	return []Finding{finding(InsufficientScopeRefusal,
		fmt.Sprintf(`the limited token got %s with %s: refuse a valid token that lacks scope with 403 and WWW-Authenticate: Bearer error="insufficient_scope", scope="...", so the client knows to ask for more scope rather than for a new token`, fwStatusText(e.Status), got),
		strings.Join(c.Lines, "\n"))}
}

func init() {
	quotes["rfc6750/limited-token-refused"] = []Quote{
		{Section: "3.1", Text: "insufficient_scope: The request requires higher privileges than provided by the access token. The resource server SHOULD respond with the HTTP 403 (Forbidden) status code and MAY include the \"scope\" attribute with the scope necessary to access the protected resource.", Note: "Declared: the user says the limited token lacks the scope the resource needs, so a 2xx means the scope is not enforced."},
	}
	quotes["rfc6750/insufficient-scope-refusal"] = []Quote{
		{Section: "3.1", Text: "insufficient_scope: The request requires higher privileges than provided by the access token. The resource server SHOULD respond with the HTTP 403 (Forbidden) status code and MAY include the \"scope\" attribute with the scope necessary to access the protected resource."},
		{RFC: "RFC 9470", Section: "3", Text: "insufficient_user_authentication: The authentication event associated with the access token presented with the request does not meet the authentication requirements of the protected resource.", Note: "The step-up refusal, sent with 401 in RFC 9470's examples."},
	}
}

// bearerTokenErrors are the RFC 6750 §3.1 error codes that blame the
// token itself; invalid_request is left out, since APIs use it for any
// malformed request.
var bearerTokenErrors = map[string]bool{"invalid_token": true, "insufficient_scope": true}

// bearerTokenErrorNamed reports whether the response says the token is
// what it refused: a challenge of any scheme with a token error, or a JSON
// body (OAuth style or problem details) whose "error" member is one.
func bearerTokenErrorNamed(c *Context) bool {
	for i := range c.Challenges {
		for _, p := range schParams(&c.Challenges[i], "error") {
			if bearerTokenErrors[p.Value] {
				return true
			}
		}
	}
	var body struct {
		Error any `json:"error"`
	}
	if json.Unmarshal(c.Ex.Body, &body) != nil {
		return false
	}
	code, _ := body.Error.(string)
	return bearerTokenErrors[code]
}

// BearerErrorURIAbsolute: RFC 6750 §3, the server "MAY include the
// "error_uri" attribute with an absolute URI identifying a human-readable
// web page explaining the error". The MAY is about sending it; that it is
// absolute is a definition without a keyword, hence SHOULD (audit M13). A
// relative reference has no base a client could resolve it against.
var BearerErrorURIAbsolute = registerChecked(Rule{
	ID:          "rfc6750/bearer-error-uri-absolute",
	RFC:         "RFC 6750",
	Section:     "3",
	Level:       Should,
	Severity:    Low,
	Requirement: "A Bearer error_uri is an absolute URI (scheme and all), the page that explains the error.",
	Scheme:      "Bearer",
	Applies:     schOffers("Bearer"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Bearer", func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range schParams(ch, "error_uri") {
			if uriReferenceProblem(p.Value) != "" {
				continue // not a URI at all: rfc6750/bearer-param-charset says so
			}
			if problem := uriAbsoluteProblem(p.Value); problem != "" {
				out = append(out, schParamFinding(r, c, ch, p,
					"Bearer error_uri "+strconv.Quote(clip(p.Value))+" "+problem+": send the whole URL, e.g. https://api.example.com/errors/invalid_token"))
			}
		}
		return out
	})
})

// The rules below judge the answers to the query-token probe, which sends
// the declared token in the URI query as access_token (RFC 6750 §2.3) only
// where the user allows it (credentials.query_token): alone, and together
// with the same token in Authorization: Bearer.

// OneTokenMethod: RFC 6750 §2, "Clients MUST NOT use more than one method
// to transmit the token in each request", and §3.1, whose invalid_request
// is a request that "uses more than one method for including an access
// token": "The resource server SHOULD respond with the HTTP 400 (Bad
// Request) status code" (audit M11). The MUST binds the client; the
// server's part is the SHOULD, hence the level.
var OneTokenMethod = register(Rule{
	ID:          "rfc6750/one-token-method",
	RFC:         "RFC 6750",
	Section:     "2, 3.1",
	Level:       Should,
	Severity:    Low,
	Requirement: `A request carrying the token both in Authorization: Bearer and in the access_token query parameter is refused as invalid_request with 400, never served.`,
	Scheme:      "Bearer",
})

// QueryTokenPrivate: RFC 6750 §2.3, "Server success (2XX status) responses
// to these requests SHOULD contain a Cache-Control header with the
// "private" option" (audit M12): the URL names the token, and a shared
// cache must not keep the response under it.
var QueryTokenPrivate = register(Rule{
	ID:          "rfc6750/query-token-private",
	RFC:         "RFC 6750",
	Section:     "2.3",
	Level:       Should,
	Severity:    Medium,
	Requirement: "A 2xx answering a request whose token is in the access_token query parameter carries Cache-Control: private (no-store, which keeps every cache from storing it, does too).",
	Scheme:      "Bearer",
})

// OneTokenMethodJudged reports whether the answer to a request carrying
// the token two ways tells something about the rule: a 2xx (served) or a
// 4xx (refused). A redirect left unfollowed or a 5xx is neither; other
// rules judge those.
func OneTokenMethodJudged(e *Exchange) bool {
	return e.Status >= 200 && e.Status < 300 || e.Status >= 400 && e.Status < 500
}

// CheckOneTokenMethod judges the answer e to the declared token sent both
// in Authorization: Bearer and as access_token in the query. Served is
// the failure the SHOULD is about; a refusal must say invalid_request in
// a Bearer challenge and use 400. A refusal that says invalid_request
// with another status passes here: rfc6750/bearer-error-code already
// judges a code with the wrong status, and one defect is one finding.
func CheckOneTokenMethod(e *Exchange) []Finding {
	r := OneTokenMethod
	const sent = "the request carried the token both in Authorization: Bearer and in the access_token query parameter"
	const fix = `: RFC 6750 §3.1 makes a request that uses more than one method invalid_request; answer 400 with WWW-Authenticate: Bearer error="invalid_request"`
	code, field := bearerErrorCode(e)
	switch {
	case e.Status >= 200 && e.Status < 300:
		return []Finding{finding(r, sent+" and got "+fwStatusText(e.Status)+fix, "")}
	case code == "invalid_request":
		return nil
	case code != "":
		return []Finding{finding(r, sent+" and was refused with "+fwStatusText(e.Status)+` and error="`+code+`"`+fix, field)}
	}
	why := " whose Bearer challenge names no error"
	if len(NewContext(e).ChallengesOf("Bearer")) == 0 {
		why = " without a Bearer challenge"
	}
	return []Finding{finding(r, sent+" and was refused with "+fwStatusText(e.Status)+why+fix, field)}
}

// bearerErrorCode returns the first error code of e's Bearer challenges,
// "" when none has one, with the challenge field for evidence.
func bearerErrorCode(e *Exchange) (code, field string) {
	c := NewContext(e)
	field = strings.Join(c.Lines, "\n")
	bearers := c.ChallengesOf("Bearer")
	for i := range bearers {
		if p, ok := bearers[i].Param("error"); ok {
			return p.Value, field
		}
	}
	return "", field
}

// CheckQueryTokenPrivate judges the answer e to the declared token sent in
// the query alone. Only a 2xx is judged: a server may refuse query tokens
// (§2.3: "Resource servers MAY support this method"). "private" is asked
// for by name; "no-store" is accepted too, since it forbids every cache,
// the shared ones "private" excludes among them, to store the response
// (RFC 9111 §5.2.2.5, §5.2.2.7). The qualified form, private="field", is
// not enough: it keeps only the named fields out of shared caches.
func CheckQueryTokenPrivate(e *Exchange) []Finding {
	if e.Status < 200 || e.Status >= 300 {
		return nil
	}
	values := e.Header.Values("Cache-Control")
	for _, d := range cacheDirectives(values) {
		if d.value == "" && !d.hasValue && (d.name == "private" || d.name == "no-store") {
			return nil
		}
	}
	seen := "no Cache-Control field"
	if len(values) > 0 {
		seen = "Cache-Control: " + clip(strings.Join(values, ", ")) + ", without private"
	}
	return []Finding{finding(QueryTokenPrivate, "the "+fwStatusText(e.Status)+" answering the token in the access_token query parameter has "+seen+
		": add Cache-Control: private (RFC 6750 §2.3), so that no shared cache keeps the response under a URL that holds the token", strings.Join(values, "\n"))}
}

// cacheDirective is one directive of a Cache-Control field (RFC 9111
// §5.2): its name in lower case and its value, unquoted.
type cacheDirective struct {
	name, value string
	hasValue    bool
}

// cacheDirectives splits Cache-Control field values into directives:
// cache-directive = token [ "=" ( token / quoted-string ) ], a #list, so
// commas inside a quoted-string (private="a, b") do not split.
func cacheDirectives(values []string) []cacheDirective {
	var out []cacheDirective
	for _, v := range values {
		for _, item := range splitOutsideQuotes(v) {
			name, value, has := strings.Cut(strings.TrimSpace(item), "=")
			name = strings.ToLower(strings.TrimSpace(name))
			if name == "" {
				continue
			}
			value = strings.TrimSpace(value)
			if uq, err := strconv.Unquote(value); err == nil && strings.HasPrefix(value, `"`) {
				value = uq
			}
			out = append(out, cacheDirective{name: name, value: value, hasValue: has})
		}
	}
	return out
}

// splitOutsideQuotes splits s on the commas that are not inside a
// quoted-string (a backslash escapes the next character there).
func splitOutsideQuotes(s string) []string {
	var out []string
	quoted, escaped, start := false, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case escaped:
			escaped = false
		case quoted && c == '\\':
			escaped = true
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
