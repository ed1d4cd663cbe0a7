package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/schedule"
)

// Defaults used when a Target arrives without them (the config loader
// normally applies its own).
const (
	defaultTimeout       = 10 * time.Second
	defaultMaxBody       = 64 << 10
	defaultMaxRetryAfter = 10 * time.Second
	// maxResponseHeaderBytes bounds what a hostile or broken server can
	// make us buffer before the body.
	maxResponseHeaderBytes = 1 << 20
	// maxRedirects caps the hops followed when following is enabled.
	maxRedirects = 5
)

// Client sends authspec's probes to one target. It is safe for concurrent
// use; the target's concurrency and rate limits hold across all callers.
type Client struct {
	t        config.Target
	proxy    bool
	base     *url.URL // the origin's URL, or the proxy's URL for a proxy
	through  *url.URL // for a proxy: the URL requested through it
	tlsConf  *tls.Config
	dialer   *net.Dialer
	timeout  time.Duration
	maxBody  int64
	retryCap time.Duration

	transport *http.Transport
	gate      schedule.Gate
	requests  atomic.Int64
	breaker   breaker
	// parent is, for the client of the origin behind a proxy target (see
	// Origin), the proxy target's client: its requests count there too.
	parent *Client
	// env is the prefix of the curl placeholders for the valid
	// credentials: AUTHSPEC, or AUTHSPEC_ORIGIN for origin_credentials.
	env string
	// hold is the target's Retry-After, which every request waits out.
	hold holdOff
	// nonces counts Digest nonce uses across probes (RFC 7616 §3.4).
	nonces nonceCounts
	// disc is the state of OAuth metadata discovery (discovery.go).
	disc discovery

	mu      sync.Mutex
	secrets []string // every form of every valid secret, see Secrets
	seen    map[string]bool
	// browserDocs are the metadata documents fetched as a browser client
	// (see BrowserMetadata), by URL.
	browserDocs map[string]*browserDoc
	// red redacts secrets, made from them when first asked for after one
	// was added (a Redactor never changes once made).
	red *Redactor
}

// NewClient prepares a client for target t at base, the URL to use (for a
// builtin:reference target, the started reference server's URL). For a
// proxy target, base is the proxy's URL and requests go to t.Through
// through it. It fails on a base or TLS configuration it cannot use.
func NewClient(t config.Target, base string) (*Client, error) {
	c := &Client{t: t, proxy: t.Kind == config.Proxy, seen: map[string]bool{}, env: "AUTHSPEC"}
	var err error
	if c.base, err = parseHTTPURL("url", base); err != nil {
		return nil, fmt.Errorf("target %q: %w", t.Name, err)
	}
	if c.proxy {
		if c.through, err = parseHTTPURL("through", t.Through); err != nil {
			return nil, fmt.Errorf("target %q: a proxy target needs an absolute through URL: %w", t.Name, err)
		}
	}
	if c.tlsConf, err = ClientTLSConfig(t.TLS); err != nil {
		return nil, fmt.Errorf("target %q: %w", t.Name, err)
	}
	c.timeout = positiveOr(t.Timeout, defaultTimeout)
	c.retryCap = positiveOr(t.MaxRetryAfter, defaultMaxRetryAfter)
	c.maxBody = t.MaxBody
	if c.maxBody <= 0 {
		c.maxBody = defaultMaxBody
	}
	c.dialer = &net.Dialer{Timeout: c.timeout, KeepAlive: 30 * time.Second}
	c.transport = c.newTransport()
	c.gate = schedule.NewTargetGate(t.Concurrency, t.Rate, nil)
	c.remember(TargetSecrets(t)...)
	return c, nil
}

// TargetSecrets lists every secret of target t's configuration in the
// forms a request, a response or a report may carry it: the passwords and
// tokens of credentials and origin_credentials, the Basic token over each
// user-id and password, their forms outside US-ASCII (credentialForms:
// NFC, NFD, ISO-8859-1), and the values of secret header fields. The
// probe client redacts them, and so do the suite's last lines of defence
// (a spec's error or panic message, a run with no client), from this one
// list.
func TargetSecrets(t config.Target) []string {
	var out []string
	for _, cr := range []*config.Credentials{t.Credentials, t.OriginCredentials} {
		out = append(out, cr.Secrets()...)
		if cr != nil && (cr.Username != "" || cr.Password != "") {
			out = append(out, basicToken(cr.Username, cr.Password))
			out = append(out, credentialForms(cr.Username, cr.Password)...)
		}
	}
	names := make([]string, 0, len(t.Headers))
	for name := range t.Headers {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if t.HeaderIsSecret(name) && t.Headers[name] != "" {
			out = append(out, t.Headers[name])
		}
	}
	return out
}

func positiveOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// parseHTTPURL accepts only absolute http and https URLs with a host.
func parseHTTPURL(what, raw string) (*url.URL, error) {
	if raw == "" {
		return nil, fmt.Errorf("%s is empty", what)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%s %q is not a URL: %v", what, raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%s %q must start with http:// or https://", what, raw)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%s %q has no host", what, raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%s must not carry credentials; use the credentials section", what)
	}
	return u, nil
}

// ClientTLSConfig builds the TLS client configuration from the target's
// tls section. A CA file replaces the system roots. Everything authspec
// fetches from a target (its OpenAPI document too) connects with it.
func ClientTLSConfig(t config.TLS) (*tls.Config, error) {
	conf := &tls.Config{
		ServerName:         t.ServerName,
		InsecureSkipVerify: t.InsecureSkipVerify, // the user asked for it in targets.yaml
		MinVersion:         tls.VersionTLS12,
	}
	if t.CAFile != "" {
		pem, err := os.ReadFile(t.CAFile)
		if err != nil {
			return nil, fmt.Errorf("tls ca_file: %v", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("tls ca_file %s holds no PEM certificate", t.CAFile)
		}
		conf.RootCAs = pool
	}
	if (t.CertFile == "") != (t.KeyFile == "") {
		return nil, fmt.Errorf("tls: cert_file and key_file go together; set both or neither")
	}
	if t.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(t.CertFile, t.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("tls client certificate: %v", err)
		}
		conf.Certificates = []tls.Certificate{cert}
	}
	return conf, nil
}

// newTransport makes a transport with its own connection pool. Redirects
// are never followed here (the recorder does it), compression is off so
// that bodies and lengths are the server's own, and environment proxies
// are ignored: traffic goes only where targets.yaml says.
func (c *Client) newTransport() *http.Transport {
	tr := &http.Transport{
		DialContext:            c.dialRecorded,
		DialTLSContext:         c.dialTLS,
		TLSClientConfig:        c.tlsConf.Clone(),
		ForceAttemptHTTP2:      true,
		DisableCompression:     true,
		MaxResponseHeaderBytes: maxResponseHeaderBytes,
		TLSHandshakeTimeout:    c.timeout,
		ResponseHeaderTimeout:  c.timeout,
		IdleConnTimeout:        30 * time.Second,
		MaxIdleConnsPerHost:    8,
	}
	if c.proxy {
		tr.Proxy = http.ProxyURL(c.base)
		tr.GetProxyConnectHeader = proxyConnectHeader
		tr.OnProxyConnectResponse = onProxyConnectResponse
	}
	return tr
}

// dial refuses names under .invalid at once (RFC 6761 §6.4) so that they
// never cause a DNS query, then dials normally.
func (c *Client) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "invalid" || strings.HasSuffix(h, ".invalid") {
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{
			Err: "no such host (.invalid names never resolve, RFC 6761)", Name: host, IsNotFound: true,
		}}
	}
	return c.dialer.DialContext(ctx, network, addr)
}

// SetGate replaces the gate every request of the client asks before it
// goes out; by default the target's own limits, with no cap across
// targets. The scheduler sets one that also holds the run's global cap.
// Call it before the first request.
func (c *Client) SetGate(g schedule.Gate) { c.gate = g }

// Close releases the client's idle connections.
func (c *Client) Close() {
	c.transport.CloseIdleConnections()
}

// Requests returns how many requests the target received, every attempt
// counted (retries, redirects followed, raw HEAD requests).
func (c *Client) Requests() int {
	return int(c.requests.Load())
}

// countRequest counts one request sent, here and, for the client of the
// origin behind a proxy target, in the proxy target's client.
func (c *Client) countRequest() {
	c.requests.Add(1)
	if c.parent != nil {
		c.parent.countRequest()
	}
}

// Secrets returns every form of every valid secret this client sent or
// may send: the configured values, the base64 of user:pass, Digest HA1
// and response values, sensitive configured header values. Random bad
// credentials are not secrets and are not listed.
func (c *Client) Secrets() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.secrets...)
}

// remember adds secrets to the client's list.
func (c *Client) remember(secrets ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range secrets {
		if s != "" && !c.seen[s] {
			c.seen[s] = true
			c.secrets = append(c.secrets, s)
			c.red = nil
		}
	}
}

// redactor returns a redactor for everything secret known so far.
func (c *Client) redactor() *Redactor {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.red == nil {
		c.red = NewRedactor(c.secrets...)
	}
	return c.red
}

// targetURL returns the URL requested for a configured resource path:
// for an origin, the path under base (config refuses a path in url, so
// base has none); for a proxy, the path on the through URL, whose own path
// acts as a prefix (an empty resource path keeps the through URL as
// configured).
func (c *Client) targetURL(path string) (*url.URL, error) {
	root := c.base
	if c.proxy {
		root = c.through
		if path == "" {
			u := *root
			return &u, nil
		}
	}
	ref, err := url.Parse(path)
	if err != nil {
		return nil, fmt.Errorf("resource path %q: %v", path, err)
	}
	if ref.IsAbs() || ref.Host != "" {
		return nil, fmt.Errorf("resource path %q must be a path, not a URL", path)
	}
	u := *root
	u.Path = joinPath(root.Path, ref.Path)
	u.RawPath = ""
	if ref.RawPath != "" {
		u.RawPath = joinPath(root.EscapedPath(), ref.RawPath)
	}
	u.RawQuery = ref.RawQuery
	u.Fragment = ""
	return &u, nil
}

func joinPath(prefix, path string) string {
	prefix = strings.TrimSuffix(prefix, "/")
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return prefix + path
}

// hop returns the URL of the host a request for u connects to, which is
// where its credentials travel: the proxy's base URL for a proxy target,
// u itself otherwise.
func (c *Client) hop(u *url.URL) *url.URL {
	if c.proxy {
		return c.base
	}
	return u
}

// cleartextRefusal explains why valid credentials must not be sent, or
// returns "". The base URL stands for every request here: a redirect to
// another scheme or host drops the credentials (see loop).
func (c *Client) cleartextRefusal() string {
	hop := c.hop(c.base)
	if hop.Scheme == "https" || c.t.AllowCleartext || config.IsLoopbackHost(hop.Hostname()) {
		return ""
	}
	return "valid credentials are not sent over cleartext http to a non-loopback host; set allow_cleartext: true to allow"
}

// tunnels reports whether a request for u goes through a CONNECT tunnel:
// an https URL requested through a proxy.
func (c *Client) tunnels(u *url.URL) bool {
	return c.proxy && u.Scheme == "https"
}

// requestTarget returns the request-target of the request line (RFC 9112
// §3.2): the absolute-form when a proxy is asked in the clear, the
// origin-form otherwise (to an origin, or inside a tunnel).
func (c *Client) requestTarget(u *url.URL, tunnel bool) string {
	if c.proxy && !tunnel {
		return u.String()
	}
	return u.RequestURI()
}

// headerNames returns the configured header names in a stable order.
func (c *Client) headerNames() []string {
	names := make([]string, 0, len(c.t.Headers))
	for n := range c.t.Headers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// authField is the request field credentials go in.
func (c *Client) authField() string {
	if c.proxy {
		return "Proxy-Authorization"
	}
	return "Authorization"
}

// Origin returns a client for the origin behind a proxy target, talking to
// it directly (no proxy), and the path on it that a resource path of the
// target stands for. The suite uses it to compare the challenges a proxy
// relays with the origin's own (RFC 9110 §11.6.1), and the
// Authentication-Info (§11.6.3). Its valid credentials are the target's
// origin_credentials, if any (curl shows them as ${AUTHSPEC_ORIGIN_...});
// its requests go through the target's gate and count as the target's. It
// fails for a target that is not a proxy.
func (c *Client) Origin(path string) (*Client, string, error) {
	if !c.proxy {
		return nil, "", fmt.Errorf("target %q is not a proxy", c.t.Name)
	}
	u, err := c.targetURL(path)
	if err != nil {
		return nil, "", err
	}
	t := c.t
	t.Kind, t.Through, t.Credentials, t.OriginCredentials = config.Origin, "", t.OriginCredentials, nil
	origin := &url.URL{Scheme: u.Scheme, Host: u.Host}
	oc, err := NewClient(t, origin.String())
	if err != nil {
		return nil, "", err
	}
	oc.gate, oc.parent, oc.env = c.gate, c, "AUTHSPEC_ORIGIN"
	return oc, u.RequestURI(), nil
}
