package refserver

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
