package probe

import (
	"context"
	"net/http"
	"sort"
	"strings"
)

// Browser is the probe that asks as a browser client of browser_origin
// would: the unauthenticated request with Origin, and before it the CORS
// preflight a browser sends for a request carrying Authorization.
const Browser = "browser-client"

// BrowserUnauthenticated sends the unauthenticated request with the
// target's browser_origin in Origin (variant "origin").
func (c *Client) BrowserUnauthenticated(ctx context.Context, method, path string) []*Exchange {
	return c.run(ctx, spec{probe: Browser, variant: "origin", method: method, path: path,
		extra: [][2]string{{"Origin", c.t.BrowserOrigin}}})
}

// PreflightHeaders returns the request header names, lower case and
// sorted as a browser lists them, that a browser client of this target
// sends with method: authorization and content-type, and the MCP fields
// for an MCP target.
func (c *Client) PreflightHeaders(method string) []string {
	names := []string{"authorization", "content-type"}
	for _, n := range MCPPreflightHeaders(c.mcpRevision(), method) {
		if n != "content-type" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// Preflight sends the CORS preflight (the Fetch standard's CORS-preflight
// request) for method from browser_origin: OPTIONS, with
// Origin, Access-Control-Request-Method and Access-Control-Request-Headers,
// no credentials and no content (variant "preflight").
func (c *Client) Preflight(ctx context.Context, method, path string) []*Exchange {
	return c.run(ctx, spec{probe: Browser, variant: "preflight", method: http.MethodOptions, path: path, bare: true,
		extra: [][2]string{
			{"Origin", c.t.BrowserOrigin},
			{"Access-Control-Request-Method", method},
			{"Access-Control-Request-Headers", strings.Join(c.PreflightHeaders(method), ",")},
		}})
}
