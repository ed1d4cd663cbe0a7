package checks

import "testing"

// withQuery sets the query the exchange's request asked for, and the one
// the probe first asked for.
func withQuery(first, now string, e *Exchange) *Exchange {
	e.FirstQuery, e.Query = first, now
	return e
}

// The control passes only what served the resource: 2xx, or a redirect
// to the resource itself. A 304 to an unconditional request breaks RFC
// 9110 §15.4.5, a 3xx to a login-like URL on the same path fails like one
// to another path, and another 4xx is a warning naming the status
// (CheckValidClientError), not a pass.
func TestCheckValidServedTheResource(t *testing.T) {
	v := func(e *Exchange) func() []Finding { return func() []Finding { return CheckValidAccepted(e) } }
	w := func(e *Exchange) func() []Finding { return func() []Finding { return CheckValidClientError(e) } }
	runBehCases(t, []behCase{
		{"304 to an unconditional GET", v(status(304)), ValidCredentialsAccepted, "RFC 9110 §15.4.5"},
		{"302 to the same path asking for a login", v(at("/api/", status(302, "Location", "/api/?login=required"))), ValidCredentialsAccepted, "redirecting to /api/?login=required"},
		{"302 to the same path and query", v(withQuery("a=1", "a=1", at("/api/", status(302, "Location", "/api/?a=1")))), ValidCredentialsAccepted, ""},
		{"followed to the same path asking for a login", v(withQuery("", "login=required", followed("/api/", "/api/", status(200)))), ValidCredentialsAccepted, "redirected from /api/ to /api/?login=required"},
		{"followed back to the resource itself", v(withQuery("a=1", "a=1", followed("/api", "/api/", status(200)))), ValidCredentialsAccepted, ""},
		{"400 is no refusal to fail", v(status(400)), ValidCredentialsAccepted, ""},
		{"400 warns", w(status(400)), ValidCredentialsAccepted, "got 400 Bad Request"},
		{"418 warns", w(status(418)), ValidCredentialsAccepted, "got 418 I'm a teapot"},
		{"404 warns", w(status(404)), ValidCredentialsAccepted, "got 404 Not Found"},
		// The reference server's POST /multi/ and MCP endpoints without a
		// GET stream: the credentials got through, the method does not
		// apply (RFC 9110 §15.5.6).
		{"405 does not warn", w(status(405)), ValidCredentialsAccepted, ""},
		{"200 does not warn", w(status(200)), ValidCredentialsAccepted, ""},
		{"401 is the refusal's, not a warning", w(status(401)), ValidCredentialsAccepted, ""},
		{"403 is the refusal's", w(status(403)), ValidCredentialsAccepted, ""},
		{"407 is the refusal's", w(status(407)), ValidCredentialsAccepted, ""},
		{"an origin's 401 through the proxy is no warning", w(proxied(status(401))), ValidCredentialsAccepted, ""},
		{"no response", w(status(0)), ValidCredentialsAccepted, ""},
	})
}
