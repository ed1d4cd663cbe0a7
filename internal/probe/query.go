package probe

import (
	"context"
	"net/url"
	"strings"

	"github.com/authspec/authspec/internal/checks"
)

// QueryToken is the probe that sends the declared Bearer token in the URI
// query as access_token (RFC 6750 §2.3): alone, and together with the same
// token in Authorization: Bearer, which §2 forbids clients and §3.1 makes
// invalid_request. It runs only where credentials.query_token allows it: a
// URL lands in access logs and proxies' logs, a header field does not.
const QueryToken = "query-token"

// Variants of the query-token probe.
const (
	QueryTokenHeader = "header" // the token in Authorization: Bearer alone: the control
	QueryTokenBoth   = "both"   // in Authorization: Bearer and in the query
	QueryTokenQuery  = "query"  // in the query alone
)

// accessTokenParam is the query parameter of RFC 6750 §2.3.
const accessTokenParam = "access_token"

// QueryTokenSkip says why the query-token probe sends nothing to a
// resource offering offered, "" when it sends its requests.
func (c *Client) QueryTokenSkip(offered []checks.Challenge) string {
	cr := c.t.Credentials
	switch {
	case cr == nil || cr.Token == "":
		return "no token is declared (credentials.token)"
	case !cr.QueryToken:
		return "credentials.query_token is not set: authspec puts the token in a URL, where access logs and proxies' logs keep it, only where the targets file allows it"
	case c.proxy:
		return "the target is a proxy: a token in the query is for the origin"
	case c.cleartextRefusal() != "":
		return c.cleartextRefusal()
	case !checks.OffersScheme(offered, "Bearer"):
		return "the resource offers no Bearer challenge"
	}
	return ""
}

// QueryToken sends the declared token in Authorization: Bearer alone (the
// control), in Authorization: Bearer and in the query, and in the query
// alone, each request through the client's gate and rate. It sends
// nothing, and returns nil, where QueryTokenSkip gives a reason. Requests
// with the token in the query carry Cache-Control: no-store, as §2.3 asks
// of clients.
func (c *Client) QueryToken(ctx context.Context, method, path string, offered []checks.Challenge) []*Exchange {
	if c.QueryTokenSkip(offered) != "" {
		return nil
	}
	noStore := [][2]string{{"Cache-Control", "no-store"}}
	out := c.run(ctx, spec{probe: QueryToken, variant: QueryTokenHeader, method: method, path: path, cred: c.validBearer("Bearer")})
	out = append(out, c.run(ctx, spec{probe: QueryToken, variant: QueryTokenBoth, method: method, path: path,
		cred: c.validBearer("Bearer"), queryToken: true, extra: noStore})...)
	return append(out, c.run(ctx, spec{probe: QueryToken, variant: QueryTokenQuery, method: method, path: path,
		queryToken: true, extra: noStore})...)
}

// withAccessToken returns u with access_token=token appended to its query,
// separated from the resource's own parameters by "&" (§2.3).
func withAccessToken(u *url.URL, token string) *url.URL {
	v := *u
	param := accessTokenParam + "=" + url.QueryEscape(token)
	if v.RawQuery == "" {
		v.RawQuery = param
	} else {
		v.RawQuery += "&" + param
	}
	v.ForceQuery = false
	return &v
}

// withoutAccessToken returns u without the access_token parameters whose
// value is token, and whether it had any: for the curl line, which adds
// the token back from the environment, and for a redirect to another
// origin, which never gets it.
func withoutAccessToken(u *url.URL, token string) (*url.URL, bool) {
	if token == "" || u.RawQuery == "" {
		return u, false
	}
	var kept []string
	found := false
	for _, p := range strings.Split(u.RawQuery, "&") {
		name, value, _ := strings.Cut(p, "=")
		if n, err := url.QueryUnescape(name); err == nil && n == accessTokenParam {
			if v, err := url.QueryUnescape(value); err == nil && v == token {
				found = true
				continue
			}
		}
		kept = append(kept, p)
	}
	if !found {
		return u, false
	}
	v := *u
	v.RawQuery = strings.Join(kept, "&")
	return &v, true
}

// carriesQueryToken reports whether u's query holds the declared token as
// access_token.
func (c *Client) carriesQueryToken(u *url.URL) bool {
	cr := c.t.Credentials
	if cr == nil {
		return false
	}
	_, found := withoutAccessToken(u, cr.Token)
	return found
}
