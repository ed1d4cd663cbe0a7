package probe

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/authspec/authspec/internal/checks"
)

// Discovery is the probe that follows a Bearer or DPoP 401 to the
// protected resource metadata (RFC 9728) and one hop further, to the
// metadata of each authorization server it names (RFC 8414). It sends GET
// requests without credentials and nothing else: no registration, no
// token request.
const Discovery = "discovery"

// Steps of a discovery chain, as reports name them.
const (
	StepChallenge        = "challenge"            // the 401 that started it
	StepResourceMetadata = "resource-metadata"    // the URL resource_metadata named
	StepWellKnown        = "well-known"           // a well-known URL built from the resource
	StepAuthServer       = "authorization-server" // an authorization server's metadata
	StepRedirect         = "redirect"             // a hop of a redirect the fetch followed
	maxMetadataBody      = 1 << 20                // the most of a metadata document read
	maxMetadataRedirects = 3                      // redirects followed per metadata fetch
	maxIssuers           = 4                      // authorization servers followed per document
	metadataAccept       = "application/json"     // what discovery asks for
	metadataNoteRefused  = "not sent: the fetch policy refused it (RFC 9728 §7.7)"
)

// Hop is one metadata request discovery sent, or would have sent, and
// what came back.
type Hop struct {
	checks.Document
	// Refused is set when the fetch policy kept the request from going
	// out: why, and how to allow it.
	Refused string
	// Err is set when the request went out but got no usable answer
	// (refused connection, timeout, TLS); ErrKind classifies it.
	Err     error
	ErrKind string
	// Location is where a redirect pointed, when the hop was one.
	Location string
	Duration time.Duration
	Evidence Evidence
}

// Attempt is one URL discovery looked at, with the hops it took to get
// there (redirects followed within the fetch policy).
type Attempt struct {
	Step string
	URL  string
	Hops []*Hop
}

// Final is the last hop of the attempt: the answer that counts.
func (a *Attempt) Final() *Hop {
	if a == nil || len(a.Hops) == 0 {
		return nil
	}
	return a.Hops[len(a.Hops)-1]
}

// Served reports whether the attempt ended in a 200.
func (a *Attempt) Served() bool {
	h := a.Final()
	return h != nil && h.Refused == "" && h.Err == nil && h.Found()
}

// ChainHop is one step of a discovery chain as the reports show it: the
// 401, the metadata request and answer, then the authorization server's,
// each with a curl line that reproduces it.
type ChainHop struct {
	Step     string `json:"step"`
	URL      string `json:"url"`
	Request  string `json:"request,omitempty"`
	Response string `json:"response,omitempty"`
	Curl     string `json:"curl,omitempty"`
	// Note says what became of the hop when it is not a plain answer: not
	// sent and why, a redirect, an error.
	Note string `json:"note,omitempty"`
}

// DiscoveryResult is what discovery found for one resource.
type DiscoveryResult struct {
	// ResourceURL is the URL of the request that got the 401.
	ResourceURL string
	// Params are the resource_metadata values of its Bearer and DPoP
	// challenges.
	Params []string
	// Metadata are the protected resource metadata URLs looked at, in
	// order: those of Params, or else the well-known URLs.
	Metadata []*Attempt
	// Found is the attempt whose document is judged: the first that was
	// served; nil when none was.
	Found *Attempt
	// Expected are the values Found's resource may have (RFC 9728 §3.3).
	Expected []string
	// Servers are the authorization servers Found names, each with the
	// metadata URLs looked at.
	Servers []*ServerResult
}

// ServerResult is the discovery of one authorization server's metadata.
type ServerResult struct {
	Issuer string
	// Invalid says why Issuer cannot be made into a metadata URL.
	Invalid string
	Tried   []*Attempt
	Found   *Attempt
}

// discovery is a client's discovery state: the fetch policy, the
// transport to hosts other than the target's, and the documents fetched
// so far, so that a run asks each URL once however many resources lead
// to it.
type discovery struct {
	once     sync.Once
	policy   *FetchPolicy
	err      error
	other    *http.Transport
	resolver Resolver

	mu    sync.Mutex
	cache map[string]*cachedFetch
}

type cachedFetch struct {
	once sync.Once
	hops []*Hop
}

// SetResolver replaces the resolver the fetch policy asks (tests answer
// with their own addresses). Call it before the first discovery.
func (c *Client) SetResolver(r Resolver) { c.disc.resolver = r }

// fetchPolicy returns the target's fetch policy, made on first use.
func (c *Client) fetchPolicy(ctx context.Context) (*FetchPolicy, error) {
	d := &c.disc
	d.once.Do(func() {
		d.policy, d.err = NewFetchPolicy(ctx, c.base, c.t.MetadataHosts, d.resolver)
		if d.err != nil {
			return
		}
		conf := c.tlsConf.Clone()
		// Another host gets neither the target's TLS name nor its client
		// certificate: the certificate is a credential of the target's.
		conf.ServerName, conf.Certificates = "", nil
		d.other = &http.Transport{
			DialContext:            d.policy.DialContext(c.dialer),
			TLSClientConfig:        conf,
			ForceAttemptHTTP2:      true,
			DisableCompression:     true,
			MaxResponseHeaderBytes: maxResponseHeaderBytes,
			TLSHandshakeTimeout:    c.timeout,
			ResponseHeaderTimeout:  c.timeout,
			IdleConnTimeout:        30 * time.Second,
		}
	})
	return d.policy, d.err
}

// FetchMetadata GETs a metadata URL without credentials, through the
// target's gate, rate, timeout and TLS settings, following at most three
// redirects the fetch policy allows. Each URL is fetched once per client:
// later calls get the same hops.
func (c *Client) FetchMetadata(ctx context.Context, raw string) []*Hop {
	d := &c.disc
	d.mu.Lock()
	if d.cache == nil {
		d.cache = map[string]*cachedFetch{}
	}
	e, ok := d.cache[raw]
	if !ok {
		e = &cachedFetch{}
		d.cache[raw] = e
	}
	d.mu.Unlock()
	e.once.Do(func() { e.hops = c.fetchFollowing(ctx, raw) })
	return e.hops
}

// fetchFollowing fetches raw and the redirects it leads to.
func (c *Client) fetchFollowing(ctx context.Context, raw string) []*Hop {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() {
		h := &Hop{Refused: "not an absolute URL"}
		h.URL = raw
		return []*Hop{h}
	}
	var hops []*Hop
	for {
		h := c.fetchOne(ctx, u)
		hops = append(hops, h)
		if h.Location == "" {
			return hops
		}
		next, err := u.Parse(h.Location)
		if err != nil || len(hops) > maxMetadataRedirects {
			h.Evidence.Note(fmt.Sprintf("redirect to %s not followed", h.Location))
			return hops
		}
		u = next
	}
}

// Note appends a line to the evidence's response text, for hops whose
// story the answer alone does not tell.
func (e *Evidence) Note(s string) {
	if e.Response != "" {
		e.Response += "\n"
	}
	e.Response += "[" + s + "]"
}

// fetchOne sends one GET for u, unless the fetch policy refuses it.
func (c *Client) fetchOne(ctx context.Context, u *url.URL) *Hop {
	h := &Hop{}
	h.URL = u.String()
	h.Evidence.Curl = c.metadataCurl(u)
	policy, err := c.fetchPolicy(ctx)
	if err == nil {
		_, err = policy.Allowed(ctx, u)
	}
	var refusal *Refusal
	switch {
	case asRefusal(err, &refusal):
		h.Refused = refusal.Reason
		h.Evidence.Request = formatRequest("GET "+u.RequestURI()+" HTTP/1.1", c.metadataFields(u))
		h.Evidence.Note(metadataNoteRefused + ": " + refusal.Reason)
		return h
	case err != nil:
		h.ErrKind, h.Err = classify(err, ctx, c.timeout)
		return h
	}
	release, err := c.gate.Acquire(ctx)
	if err != nil {
		h.ErrKind, h.Err = classify(err, ctx, c.timeout)
		return h
	}
	defer release()
	c.roundTrip(ctx, u, h)
	return h
}

func asRefusal(err error, out **Refusal) bool {
	r, ok := err.(*Refusal)
	if ok {
		*out = r
	}
	return ok
}

// roundTrip sends the GET and records the answer on h.
func (c *Client) roundTrip(ctx context.Context, u *url.URL, h *Hop) {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, u.String(), nil)
	if err != nil {
		h.Err, h.ErrKind = err, ErrConfig
		return
	}
	for _, f := range c.metadataFields(u)[1:] {
		req.Header.Set(f.name, f.value)
	}
	rt := c.disc.other
	if sameOrigin(u, c.base) {
		rt = c.transport // the target itself: its own connections and TLS name
	}
	start := time.Now()
	resp, err := rt.RoundTrip(req)
	c.countRequest()
	proto := "HTTP/1.1"
	if err != nil {
		h.Duration = time.Since(start)
		h.ErrKind, h.Err = classify(err, ctx, c.timeout)
		h.Evidence.Request = formatRequest("GET "+u.RequestURI()+" "+proto, c.metadataFields(u))
		return
	}
	defer resp.Body.Close()
	body, truncated, readErr := readBody(resp.Body, maxMetadataBody)
	h.Duration = time.Since(start)
	if readErr != nil {
		h.ErrKind, h.Err = classify(readErr, ctx, c.timeout)
	}
	h.Status, h.ContentType, h.Body, h.Truncated = resp.StatusCode, resp.Header.Get("Content-Type"), body, truncated
	if resp.ProtoMajor == 2 {
		proto = resp.Proto
	}
	red := c.redactor()
	h.Evidence.Request = red.Redact(formatRequest("GET "+u.RequestURI()+" "+proto, c.metadataFields(u)))
	h.Evidence.Response = red.Redact(formatResponse(resp.Proto, resp.StatusCode, reasonOf(resp.Status), resp.Header, body, truncated))
	if isRedirect(resp.StatusCode) {
		h.Location = resp.Header.Get("Location")
	}
}

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// metadataFields are the request fields of a metadata request: Host,
// User-Agent and Accept, and nothing configured: the target's headers may
// carry an API key, and discovery sends no credentials.
func (c *Client) metadataFields(u *url.URL) []wireField {
	return []wireField{{"Host", u.Host}, {"User-Agent", userAgent()}, {"Accept", metadataAccept}}
}

// metadataCurl reproduces a metadata request: the target's trust settings
// (CA file, -k) apply to every host, its client certificate only to its
// own.
func (c *Client) metadataCurl(u *url.URL) string {
	args := []string{"curl", "-i", "--globoff", "-H", shellQuote("User-Agent: " + userAgent()), "-H", shellQuote("Accept: " + metadataAccept)}
	t := c.t.TLS
	if t.InsecureSkipVerify {
		args = append(args, "-k")
	}
	if t.CAFile != "" {
		args = append(args, "--cacert", shellQuote(t.CAFile))
	}
	if t.CertFile != "" && sameOrigin(u, c.base) {
		args = append(args, "--cert", shellQuote(t.CertFile), "--key", shellQuote(t.KeyFile))
	}
	args = append(args, "--max-time", fmt.Sprint(int(c.timeout.Seconds()+0.999)), shellQuote(u.String()))
	out := ""
	for i, a := range args {
		if i > 0 {
			out += " "
		}
		out += a
	}
	return out
}

// Discover follows the 401 ex to the protected resource metadata and the
// authorization servers' metadata. rev is the target's MCP revision ("" for
// a plain OAuth resource server): 2025-06-18 looks for authorization
// server metadata by RFC 8414 alone.
func (c *Client) Discover(ctx context.Context, ex *Exchange, rev string) *DiscoveryResult {
	d := &DiscoveryResult{ResourceURL: ex.URL}
	cs := checks.NewContext(&ex.Judge).Challenges
	d.Params = checks.ResourceMetadataURLs(cs)
	if len(d.Params) > 0 {
		c.discoverFrom(ctx, d, StepResourceMetadata, d.Params)
		d.Expected = resourceForms(d.ResourceURL)
	} else if urls, err := checks.ProtectedResourceURLs(d.ResourceURL); err == nil {
		c.discoverFrom(ctx, d, StepWellKnown, urls)
		if d.Found != nil {
			d.Expected = wellKnownResource(d.ResourceURL, d.Found.URL == urls[len(urls)-1] && len(urls) > 1)
		}
	}
	if d.Found != nil {
		c.discoverServers(ctx, d, checks.MCPOAuthOnly(rev))
	}
	return d
}

// discoverFrom fetches urls in order until one is served. A URL the
// resource named itself is judged whatever it answers; the well-known URLs
// are tried in turn.
func (c *Client) discoverFrom(ctx context.Context, d *DiscoveryResult, step string, urls []string) {
	for _, u := range urls {
		a := &Attempt{Step: step, URL: u, Hops: c.FetchMetadata(ctx, u)}
		d.Metadata = append(d.Metadata, a)
		if a.Served() {
			d.Found = a
			return
		}
	}
}

// resourceForms are the values resource may take when the metadata came
// from resource_metadata: the URL requested; for a resource at the root,
// with or without its "/" (RFC 3986 §6.2.3: the same URL).
func resourceForms(requested string) []string {
	origin, rest, err := splitOrigin(requested)
	if err != nil {
		return []string{requested}
	}
	if rest == "/" || rest == "" {
		return []string{origin, origin + "/"}
	}
	return []string{requested}
}

// wellKnownResource is what resource must be for a document found at a
// well-known URL: the resource identifier the suffix was inserted into
// (RFC 9728 §3.3). At the root, MCP serves the document of its endpoint
// there (2025-11-25, Protected Resource Metadata Discovery Requirements),
// so the endpoint's URL is accepted too.
func wellKnownResource(requested string, atRoot bool) []string {
	origin, _, err := splitOrigin(requested)
	if err != nil {
		return []string{requested}
	}
	if atRoot {
		return []string{origin, requested}
	}
	return resourceForms(requested)
}

// splitOrigin splits an absolute URL into its origin and the rest.
func splitOrigin(raw string) (origin, rest string, err error) {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() {
		return "", "", fmt.Errorf("not an absolute URL: %q", raw)
	}
	rest = u.RequestURI()
	if u.Path == "" && u.RawQuery == "" {
		rest = ""
	}
	return u.Scheme + "://" + u.Host, rest, nil
}

// discoverServers fetches the metadata of each authorization server the
// found document names (at most maxIssuers), in MCP's order of URLs.
func (c *Client) discoverServers(ctx context.Context, d *DiscoveryResult, oauthOnly bool) {
	issuers, _ := checks.AuthorizationServers(&d.Found.Final().Document)
	if len(issuers) > maxIssuers {
		issuers = issuers[:maxIssuers]
	}
	for _, issuer := range issuers {
		s := &ServerResult{Issuer: issuer}
		d.Servers = append(d.Servers, s)
		urls, err := checks.ASMetadataURLs(issuer, oauthOnly)
		if err != nil {
			s.Invalid = err.Error()
			continue
		}
		for _, u := range urls {
			a := &Attempt{Step: StepAuthServer, URL: u, Hops: c.FetchMetadata(ctx, u)}
			s.Tried = append(s.Tried, a)
			if a.Served() {
				s.Found = a
				break
			}
			if h := a.Final(); h.Refused != "" {
				break // the other forms are on the same host
			}
		}
	}
}

// Chain renders a discovery chain for the reports: the 401 first, then
// every hop of the attempts given, in order.
func Chain(challenge *Exchange, attempts ...*Attempt) []ChainHop {
	ev := challenge.Evidence()
	out := []ChainHop{{Step: StepChallenge, URL: challenge.URL, Request: ev.Request, Response: ev.Response, Curl: ev.Curl}}
	for _, a := range attempts {
		for i, h := range a.Hops {
			step := a.Step
			if i > 0 {
				step = StepRedirect
			}
			hop := ChainHop{Step: step, URL: h.URL, Request: h.Evidence.Request, Response: h.Evidence.Response, Curl: h.Evidence.Curl}
			switch {
			case h.Refused != "":
				hop.Note = metadataNoteRefused + ": " + h.Refused
			case h.Err != nil:
				hop.Note = "could not be fetched (" + h.ErrKind + "): " + h.Err.Error()
			case h.Location != "":
				hop.Note = "redirect to " + h.Location
			}
			out = append(out, hop)
		}
	}
	return out
}
