package probe

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
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
// no credentials and no content (variant "preflight"). The exchanges carry
// method, the one the preflight asks for, so that their results stand with
// that method's; the evidence and Judge.Method show OPTIONS.
func (c *Client) Preflight(ctx context.Context, method, path string) []*Exchange {
	exs := c.run(ctx, spec{probe: Browser, variant: "preflight", method: http.MethodOptions, path: path, bare: true,
		extra: [][2]string{
			{"Origin", c.t.BrowserOrigin},
			{"Access-Control-Request-Method", method},
			{"Access-Control-Request-Headers", strings.Join(c.PreflightHeaders(method), ",")},
		}})
	for _, ex := range exs {
		ex.Method = method
	}
	return exs
}

// BrowserMetadata fetches again, as a browser client of browser_origin
// does, each metadata document discovery found behind the 401 ex: the
// protected resource metadata and each authorization server's. A GET
// with Origin and Accept: application/json, no credentials, through the
// target's gate and the fetch policy (RFC 9728 §7.7), once per URL per
// run. Discovery itself is not repeated: its fetches are cached. The
// exchanges carry the resource's method and path, so that their results
// stand beside the resource's, and the document's URL in their own.
func (c *Client) BrowserMetadata(ctx context.Context, ex *Exchange) []*Exchange {
	d := c.Discover(ctx, ex, ex.Judge.MCP)
	var urls []string
	if d.Found != nil {
		urls = append(urls, d.Found.Final().URL)
	}
	for _, s := range d.Servers {
		if s.Found != nil {
			urls = append(urls, s.Found.Final().URL)
		}
	}
	var out []*Exchange
	for _, raw := range urls {
		m := c.browserFetch(ctx, raw)
		cp := *m
		cp.Method, cp.Path = ex.Method, ex.Path
		out = append(out, &cp)
	}
	return out
}

// browserFetch GETs one metadata URL with Origin, once per client.
func (c *Client) browserFetch(ctx context.Context, raw string) *Exchange {
	c.mu.Lock()
	if c.browserDocs == nil {
		c.browserDocs = map[string]*browserDoc{}
	}
	bd, ok := c.browserDocs[raw]
	if !ok {
		bd = &browserDoc{}
		c.browserDocs[raw] = bd
	}
	c.mu.Unlock()
	bd.once.Do(func() { bd.ex = c.browserFetchOnce(ctx, raw) })
	return bd.ex
}

// browserDoc is one metadata document fetched as a browser client.
type browserDoc struct {
	once sync.Once
	ex   *Exchange
}

func (c *Client) browserFetchOnce(ctx context.Context, raw string) *Exchange {
	ex := &Exchange{Probe: Browser, Variant: "metadata", Method: http.MethodGet, URL: raw, ev: &lazyEvidence{client: c}}
	ex.Judge.Method, ex.Judge.Origin, ex.Judge.DeclaredLength, ex.Judge.Following = http.MethodGet, c.t.BrowserOrigin, -1, -1
	u, err := url.Parse(raw)
	if err == nil {
		var policy *FetchPolicy
		if policy, err = c.fetchPolicy(ctx); err == nil {
			_, err = policy.Allowed(ctx, u)
		}
	}
	if err != nil {
		ex.Err, ex.ErrKind = err, ErrConfig
		return ex
	}
	fields := []wireField{{"Host", u.Host}, {"User-Agent", userAgent()}, {"Accept", metadataAccept}, {"Origin", c.t.BrowserOrigin}}
	ex.ev.request = func() string { return formatRequest("GET "+u.RequestURI()+" HTTP/1.1", fields) }
	ex.ev.curl = func() string {
		return c.metadataCurl(u) + " -H " + shellQuote("Origin: "+c.t.BrowserOrigin)
	}
	release, err := c.gate.Acquire(ctx)
	if err != nil {
		ex.ErrKind, ex.Err = classify(err, ctx, c.timeout)
		return ex
	}
	defer release()
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, raw, nil)
	if err != nil {
		ex.Err, ex.ErrKind = err, ErrConfig
		return ex
	}
	for _, f := range fields[1:] {
		req.Header.Set(f.name, f.value)
	}
	rt := c.disc.other
	if sameOrigin(u, c.base) {
		rt = c.transport
	}
	start := time.Now()
	resp, err := rt.RoundTrip(req)
	c.countRequest()
	if err != nil {
		ex.Duration = time.Since(start)
		ex.ErrKind, ex.Err = classify(err, ctx, c.timeout)
		return ex
	}
	defer resp.Body.Close()
	body, truncated, _ := readBody(resp.Body, c.maxBody)
	ex.Duration = time.Since(start)
	ex.Protocol = resp.Proto
	ex.Judge.Status, ex.Judge.Header, ex.Judge.Body, ex.Judge.BodyTruncated = resp.StatusCode, resp.Header, body, truncated
	ex.ev.response = responseLater(resp.Proto, resp.StatusCode, reasonOf(resp.Status), resp.Header, body, truncated)
	ex.ev.redactor = c.redactor()
	return ex
}
