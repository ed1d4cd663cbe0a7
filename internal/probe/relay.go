package probe

import (
	"context"
	"fmt"
	"strings"

	"github.com/authspec/authspec/internal/checks"
)

// The comparison of the origin's Authentication-Info through a proxy with
// the one it sends directly (RFC 9110 §11.6.3, RFC 7616 §3.6). It needs a
// proxy target's origin_credentials: the origin only sends
// Authentication-Info with an answer to credentials it accepted.

// Variants of the control probe's requests for the comparison.
const (
	// ViaProxyVariant prefixes the request that carries the origin's
	// credentials through the proxy, beside the proxy's own.
	ViaProxyVariant = "origin-credentials-via-proxy"
	// DirectVariant prefixes the one that carries them to the origin
	// directly.
	DirectVariant = "origin-credentials-direct"
)

// RelayRequests bounds the requests the comparisons of a proxy target's
// relaying add to the control probe: the origin's challenge asked for
// directly, origin_credentials through the proxy and directly, and the
// direct ones once more after a stale Digest nonce.
const RelayRequests = 4

// OriginValid sends the client's valid credentials once, answering the
// preferred of the offered challenges (Digest first: it is the scheme that
// answers with Authentication-Info), as the variant DirectVariant/<scheme>.
// On the client of the origin behind a proxy target (Origin), those are
// the target's origin_credentials. A Digest answer refused only because the
// nonce went stale is redone once. It returns a reason instead when it
// must not or cannot send them.
func (c *Client) OriginValid(ctx context.Context, method, path string, offered []checks.Challenge) ([]*Exchange, string) {
	v, why := c.preferredValid(offered)
	if why != "" {
		return nil, why
	}
	v.name = DirectVariant + "/" + v.name
	return c.controlRun(ctx, method, path, v), ""
}

// ViaProxy sends, through a proxy target, the valid proxy credentials of
// the control variant proxyVariant (the one the origin's 401 answered)
// together with the origin's valid credentials (origin, the client Origin
// returned) answering the origin's challenges the proxy relayed, as the
// variant ViaProxyVariant/<scheme>. It returns a reason instead when it
// must not or cannot send them.
func (c *Client) ViaProxy(ctx context.Context, method, path string, proxyOffered []checks.Challenge, proxyVariant string, origin *Client, relayed []checks.Challenge) ([]*Exchange, string) {
	if !c.proxy {
		return nil, fmt.Sprintf("target %q is not a proxy", c.t.Name)
	}
	if why := c.cleartextRefusal(); why != "" {
		return nil, why
	}
	var proxyCred *credential
	vs, _ := c.validVariants(proxyOffered)
	for _, v := range vs {
		if v.name == proxyVariant {
			proxyCred = v.cred
		}
	}
	if proxyCred == nil {
		return nil, "the proxy credentials the origin's 401 answered (" + proxyVariant + ") cannot be sent again"
	}
	ov, why := origin.preferredValid(relayed)
	if why != "" {
		return nil, why
	}
	return c.run(ctx, spec{probe: Control, variant: ViaProxyVariant + "/" + ov.name, method: method, path: path,
		cred: proxyCred, origin: ov.cred}), ""
}

// preferredValid picks the valid credential to answer offered with:
// Digest's first (the scheme of Authentication-Info), then Basic's, then
// Bearer's; or says why there is none.
func (c *Client) preferredValid(offered []checks.Challenge) (validVariant, string) {
	cr := c.t.Credentials
	if cr == nil || (cr.Username == "" && cr.Token == "") {
		return validVariant{}, "no credentials configured"
	}
	if why := c.cleartextRefusal(); why != "" {
		return validVariant{}, why
	}
	vs, _ := c.validVariants(offered)
	for _, prefix := range []string{"digest", "basic", "bearer"} {
		for _, v := range vs {
			if strings.HasPrefix(v.name, prefix) {
				return v, ""
			}
		}
	}
	return validVariant{}, fmt.Sprintf("the configured credentials fit none of the offered schemes (%s)", schemeList(offered))
}
