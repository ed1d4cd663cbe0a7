package checks

import (
	"fmt"
	"net/http"
	"strings"
)

// Rules for browser clients (browser_origin in targets.yaml): a script on
// another origin reads a 401's challenge, and the metadata it leads to,
// only when CORS lets it (the Fetch standard, CORS protocol). The Fetch
// standard is a living standard, not an RFC with keywords: the rules warn
// (SHOULD) and never fail a run that is not strict. Sections are named by
// the standard's anchors.

// CORSChallengeReadable: the 401 to a request with Origin allows that
// origin (Access-Control-Allow-Origin): otherwise the browser hands the
// script a network error, and the client sees no challenge at all.
var CORSChallengeReadable = register(Rule{
	ID:          "cors/challenge-readable",
	RFC:         "Fetch",
	Section:     "http-responses, cors-check",
	Level:       Should,
	Severity:    Medium,
	Requirement: "A 401 answering a request from the browser origin allows that origin (Access-Control-Allow-Origin), or a browser client sees no challenge at all.",
})

// CORSChallengeExposed: when the 401 allows the origin, WWW-Authenticate
// is not a CORS-safelisted response-header name, so it reaches the script
// only when Access-Control-Expose-Headers names it.
var CORSChallengeExposed = register(Rule{
	ID:          "cors/challenge-exposed",
	RFC:         "Fetch",
	Section:     "http-responses, cors-safelisted-response-header-name",
	Level:       Should,
	Severity:    Medium,
	Requirement: "A 401 that allows the browser origin lists WWW-Authenticate in Access-Control-Expose-Headers, so that the script can read the challenge.",
})

// CORSPreflight: the preflight (OPTIONS with Access-Control-Request-Method
// and -Headers) a browser sends before a request carrying Authorization
// must succeed, or the request, and so its 401, never goes out.
var CORSPreflight = register(Rule{
	ID:          "cors/preflight-allows",
	RFC:         "Fetch",
	Section:     "cors-preflight-fetch, cors-non-wildcard-request-header-name",
	Level:       Should,
	Severity:    Medium,
	Requirement: "The preflight for the browser origin gets a 2xx that allows the origin, the method and each request header; Authorization must be named, since * does not cover it.",
})

// CORSMetadataReadable: the metadata a 401 leads to (resource_metadata,
// the well-known documents, the authorization server's metadata) is read
// by a browser client with the same CORS check.
var CORSMetadataReadable = register(Rule{
	ID:          "cors/metadata-readable",
	RFC:         "Fetch",
	Section:     "http-responses, cors-check",
	Level:       Should,
	Severity:    Medium,
	Requirement: "A metadata document fetched from the browser origin allows that origin (Access-Control-Allow-Origin), so a browser client can follow the discovery chain.",
})

// corsAllows reports whether the response's Access-Control-Allow-Origin
// lets origin read it (the CORS check): the origin itself, or `*` for a
// request without credentials. It also says what the field held.
func corsAllows(e *Exchange, origin string, credentials bool) (ok bool, got string) {
	vs := e.Header.Values("Access-Control-Allow-Origin")
	if len(vs) != 1 {
		return false, strings.Join(vs, ", ")
	}
	v := vs[0]
	if v == "*" {
		return !credentials, v
	}
	return v == origin, v
}

// corsListHas reports whether a header of comma-separated names lists name
// (case-insensitively).
func corsListHas(h http.Header, field, name string) bool {
	for _, v := range h.Values(field) {
		for _, item := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(item), name) {
				return true
			}
		}
	}
	return false
}

// CheckCORSChallenge judges a 401 answering a request sent with Origin:
// the first finding is cors/challenge-readable's, or, when the origin is
// allowed, cors/challenge-exposed's. The request carried no credentials
// (the unauthenticated probe), so `*` counts.
func CheckCORSChallenge(e *Exchange) (readable, exposed []Finding) {
	if e.Origin == "" || e.Status != http.StatusUnauthorized {
		return nil, nil
	}
	ok, got := corsAllows(e, e.Origin, false)
	if !ok {
		return []Finding{finding(CORSChallengeReadable, corsRefusal(e.Origin, got,
			"so a script on that origin gets a network error instead of the 401: a browser client sees no challenge at all"), got)}, nil
	}
	if corsListHas(e.Header, "Access-Control-Expose-Headers", "WWW-Authenticate") || corsListHas(e.Header, "Access-Control-Expose-Headers", "*") {
		return nil, nil
	}
	return nil, []Finding{finding(CORSChallengeExposed,
		"the 401 allows "+e.Origin+" but does not expose WWW-Authenticate: a script reads the status and not the challenge; add Access-Control-Expose-Headers: WWW-Authenticate",
		strings.Join(e.Header.Values("Access-Control-Expose-Headers"), ", "))}
}

// corsRefusal words why an origin may not read a response.
func corsRefusal(origin, got, consequence string) string {
	if got == "" {
		return "the response has no Access-Control-Allow-Origin for " + origin + ", " + consequence
	}
	return fmt.Sprintf("Access-Control-Allow-Origin is %q, which does not allow %s, %s", got, origin, consequence)
}

// CheckCORSPreflight judges the answer to a preflight for method with the
// given request headers (lower case), sent from e.Origin. The actual
// request carries Authorization, so it is made with credentials in the
// sense of the CORS check only when cookies go too; `*` is judged as a
// browser would for a fetch without them, except for Authorization,
// which `*` never covers.
func CheckCORSPreflight(e *Exchange, method string, headers []string) []Finding {
	fail := func(msg, evidence string) []Finding {
		return []Finding{finding(CORSPreflight, msg, evidence)}
	}
	if e.Status < 200 || e.Status >= 300 {
		return fail(fmt.Sprintf("the preflight got %s; a browser needs a 2xx (\"ok status\") before it sends the request, so the request and its 401 never go out", fwStatusText(e.Status)), fmt.Sprint(e.Status))
	}
	if ok, got := corsAllows(e, e.Origin, false); !ok {
		return fail(corsRefusal(e.Origin, got, "so the browser never sends the request"), got)
	}
	var missing []string
	if !corsSafelistedMethod(method) && !corsListHas(e.Header, "Access-Control-Allow-Methods", method) && !corsListHas(e.Header, "Access-Control-Allow-Methods", "*") {
		missing = append(missing, "method "+method+" (Access-Control-Allow-Methods)")
	}
	wildcard := corsListHas(e.Header, "Access-Control-Allow-Headers", "*")
	for _, h := range headers {
		if corsListHas(e.Header, "Access-Control-Allow-Headers", h) {
			continue
		}
		if wildcard && !strings.EqualFold(h, "authorization") {
			continue
		}
		missing = append(missing, h)
	}
	if len(missing) == 0 {
		return nil
	}
	msg := "the preflight does not allow " + strings.Join(missing, ", ") + ": the browser refuses to send the request"
	if wildcard {
		msg += "; Access-Control-Allow-Headers: * does not cover Authorization, name it"
	}
	return fail(msg, strings.Join(e.Header.Values("Access-Control-Allow-Headers"), ", "))
}

// corsSafelistedMethod: GET, HEAD and POST need no Access-Control-Allow-Methods.
func corsSafelistedMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodPost
}

// CheckCORSMetadata judges a metadata document fetched with Origin (a
// request without credentials, as a browser client makes it).
func CheckCORSMetadata(e *Exchange) []Finding {
	if e.Origin == "" {
		return nil
	}
	if ok, got := corsAllows(e, e.Origin, false); !ok {
		return []Finding{finding(CORSMetadataReadable, corsRefusal(e.Origin, got,
			"so a browser client cannot read this metadata and stops at this hop of discovery"), got)}
	}
	return nil
}

// The Fetch standard's text the CORS rules rest on (see quotes.go).
func init() {
	acao := "`Access-Control-Allow-Origin` Indicates whether the response can be shared, via returning the literal value of the `Origin` request header (which can be `null`) or `*` in a response."
	check := "If request's credentials mode is not \"include\" and origin is `*`, then return success. If the result of byte-serializing a request origin with request is not origin, then return failure."
	quotes["cors/challenge-readable"] = []Quote{
		{RFC: "Fetch", Section: "http-responses", Text: acao, Note: "The Fetch standard is a living standard without RFC keywords: the rule warns."},
		{RFC: "Fetch", Section: "cors-check", Text: check},
	}
	quotes["cors/metadata-readable"] = quotes["cors/challenge-readable"]
	quotes["cors/challenge-exposed"] = []Quote{
		{RFC: "Fetch", Section: "http-responses", Text: "An HTTP response to a CORS request that is not a CORS-preflight request can also include the following header: `Access-Control-Expose-Headers` Indicates which headers can be exposed as part of the response by listing their names."},
		{RFC: "Fetch", Section: "cors-safelisted-response-header-name", Text: "A CORS-safelisted response-header name, given a list of header names list, is a header name that is a byte-case-insensitive match for one of `Cache-Control` `Content-Language` `Content-Length` `Content-Type` `Expires` `Last-Modified` `Pragma` Any item in list that is not a forbidden response-header name.", Note: "WWW-Authenticate is not in the list: it must be exposed."},
	}
	quotes["cors/preflight-allows"] = []Quote{
		{RFC: "Fetch", Section: "cors-preflight-fetch", Text: "If one of request's header list's names is a CORS non-wildcard request-header name and is not a byte-case-insensitive match for an item in headerNames, then return a network error."},
		{RFC: "Fetch", Section: "cors-non-wildcard-request-header-name", Text: "A CORS non-wildcard request-header name is a header name that is a byte-case-insensitive match for `Authorization`."},
	}
}
