package refserver

import "net/http"

// bearerScope is the scope the reference announces for its Bearer resources.
const bearerScope = "read"

// bearerChallenge is a Bearer challenge (RFC 6750 §3) naming the protected
// resource metadata at metadata (RFC 9728 §5.1). errorCode is "" when the
// request carried no Bearer token: then no error attribute is sent (§3.1,
// SHOULD NOT). Every value stays within the characters §3 allows.
func bearerChallenge(realm, errorCode, metadata string) string {
	c := `Bearer realm="` + realm + `", scope="` + bearerScope + `", resource_metadata="` + metadata + `"`
	switch errorCode {
	case "invalid_token":
		c += `, error="invalid_token", error_description="The access token is not valid"`
	case "invalid_request":
		c += `, error="invalid_request", error_description="The Authorization header field is not a valid Bearer credential"`
	}
	return c
}

// bearerTwoWaysChallenge is the Bearer challenge of the 400 to a token
// sent both in Authorization and in the query (RFC 6750 §2, §3.1).
func bearerTwoWaysChallenge(realm, metadata string) string {
	return `Bearer realm="` + realm + `", scope="` + bearerScope + `", resource_metadata="` + metadata +
		`", error="invalid_request", error_description="The access token was sent in more than one way"`
}

// accessTokenParam is the query parameter of RFC 6750 §2.3.
const accessTokenParam = "access_token"

// queryToken is what a request's URI query says about a Bearer token
// (RFC 6750 §2.3, which resource servers MAY support; the reference does).
type queryToken struct {
	present bool    // access_token is in the query
	verdict verdict // of that token, when present and not twoWays
	// twoWays: a token in the query and Bearer credentials in
	// Authorization, or access_token more than once: invalid_request.
	twoWays bool
}

// readQueryToken reads the access_token parameter of r's query next to
// the Authorization credentials c.
func readQueryToken(r *http.Request, c credentials, token string) queryToken {
	values, present := r.URL.Query()[accessTokenParam]
	if !present {
		return queryToken{}
	}
	q := queryToken{present: true}
	switch {
	case len(values) != 1 || c.is("Bearer"):
		q.twoWays = true
	case !isToken68(values[0]):
		q.verdict = malformed
	case equalSecret(values[0], token):
		q.verdict = accepted
	default:
		q.verdict = rejected
	}
	return q
}

// checkBearer judges Bearer credentials (RFC 6750 §2.1):
//
//	credentials = "Bearer" 1*SP b64token
func checkBearer(c credentials, token string) verdict {
	if !c.is("Bearer") {
		return noCredentials
	}
	if c.multiple || !isToken68(c.rest) {
		return malformed
	}
	if equalSecret(c.rest, token) {
		return accepted
	}
	return rejected
}
