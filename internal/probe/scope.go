package probe

import (
	"context"
)

// Limited is the probe that sends credentials.limited_token: a valid
// token the user says lacks the scope the resource needs.
const Limited = "limited-token"

// envLimitedToken is the curl placeholder for the limited token.
const envLimitedToken = "${AUTHSPEC_LIMITED_TOKEN}"

// LimitedToken sends the limited token as Bearer credentials. The server
// should refuse it for its scope (RFC 6750 §3.1 insufficient_scope, 403)
// or ask for a stronger authentication (RFC 9470 §3, 401). It returns a
// reason instead when there is no limited token or it must not be sent:
// like the valid token, it goes over cleartext only to loopback or with
// allow_cleartext.
func (c *Client) LimitedToken(ctx context.Context, method, path string) (ex []*Exchange, skipReason string) {
	cr := c.t.Credentials
	if cr == nil || cr.LimitedToken == "" {
		return nil, "no limited_token configured"
	}
	if why := c.cleartextRefusal(); why != "" {
		return nil, why
	}
	tok := cr.LimitedToken
	v := authValue{sent: "Bearer " + tok, shown: "Bearer " + redactedMark, secrets: nonEmpty(tok)}
	cred := fixedCredential(v, true, curlAuth{field: `"` + c.authField() + ": Bearer " + envLimitedToken + `"`})
	return c.run(ctx, spec{probe: Limited, variant: "bearer", method: method, path: path, cred: cred}), ""
}
