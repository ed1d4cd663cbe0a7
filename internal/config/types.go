// Package config loads and validates targets.yaml.
package config

import (
	"crypto/ecdsa"
	"time"
)

// Config is a whole targets.yaml after loading: defaults already applied to
// every target, ${VAR} references already resolved.
type Config struct {
	// File is the path the configuration was read from.
	File    string
	Targets []Target
	// Baseline is the baseline file of known findings (the baseline key),
	// resolved against the targets file's folder; empty without one. The
	// run's -baseline flag wins over it.
	Baseline string
}

// Kind tells whether a target is an origin server or a proxy.
type Kind string

const (
	Origin Kind = "origin" // 401 + WWW-Authenticate
	Proxy  Kind = "proxy"  // 407 + Proxy-Authenticate
)

// BuiltinReference is the url that makes the suite start its own conformant
// reference server on a loopback port.
const BuiltinReference = "builtin:reference"

// Target is one server under test, with its defaults applied.
type Target struct {
	Name string
	URL  string // absolute http(s) URL, or BuiltinReference
	Kind Kind
	// Through is, for a proxy, the absolute URL requested through it.
	Through   string
	Resources []Resource
	// ExpectSchemes are schemes the challenges must offer (may be empty).
	ExpectSchemes []string
	Credentials   *Credentials // nil when none configured
	// OriginCredentials are, for a proxy target, valid credentials of the
	// origin behind the proxy (origin_credentials: username, password,
	// token), nil when none are configured. With them the control probe
	// compares the origin's Authentication-Info relayed by the proxy with
	// the one the origin sends directly (RFC 9110 §11.6.3). Secrets, like
	// Credentials.
	OriginCredentials *Credentials
	Headers           map[string]string
	// SecretHeaders holds the lower-case names of the Headers whose values
	// are secret: from ${VAR}, or under a name that suggests a secret, and
	// not marked public: true. See HeaderIsSecret.
	SecretHeaders map[string]bool
	TLS           TLS
	Waivers       []Waiver

	Timeout time.Duration // per request
	MaxBody int64         // bytes of a response body read at most
	Strict  bool          // warnings fail the run too
	// Concurrency is the most requests in flight to this target at once.
	Concurrency int
	// Rate is the most requests per second sent to this target.
	Rate float64
	// Retries is how many times a 429/503 with Retry-After is honoured.
	Retries int
	// MaxRetryAfter caps a single Retry-After wait.
	MaxRetryAfter time.Duration
	// AllowCleartext permits sending valid credentials over http to a
	// host that is not loopback.
	AllowCleartext bool
	// FollowRedirects is false by default: redirects are reported.
	FollowRedirects bool

	// OpenAPI, when set, is the API description the target's protected
	// resources are derived from (see package openapi); nil otherwise.
	OpenAPI *OpenAPISource

	// MCP is the MCP revision the resources speak (mcp:, one of
	// MCPRevisions, "latest" unresolved; see MCPRevision), "" for a target
	// that is not an MCP server.
	MCP string
	// BrowserOrigin is browser_origin: the origin (scheme://host[:port])
	// to probe as a browser client from, for CORS; "" for none.
	BrowserOrigin string
	// MetadataHosts are hosts, lower-cased, that OAuth metadata may also
	// be fetched from, beyond those the fetch policy allows by itself.
	MetadataHosts []string

	// Line is the line of the target's entry in File, for messages.
	Line int
}

// Resource is one protected resource and the methods to probe it with.
type Resource struct {
	Path    string
	Methods []string
	// Line is the line of the resource's entry in the file, for reports
	// that point at it (JUnit file/line, SARIF, code quality). For a
	// resource derived from an OpenAPI document, the line of the target's
	// openapi key.
	Line int
	// Declared is set on a resource derived from an OpenAPI document (one
	// method per such resource): what the document says about it. Nil for
	// a resource listed by hand.
	Declared *DeclaredOperation
}

// OpenAPISource is where a target's OpenAPI document is and how to read
// it. Loading targets.yaml only validates these fields; the document is
// read by openapi.Expand, so that loading the file does no network I/O.
type OpenAPISource struct {
	// Location is the document: an absolute file path (resolved against
	// the targets file's folder) or an http(s) URL.
	Location string
	// Written is the location as written in targets.yaml, for messages.
	Written string
	// Server is openapi_server: a base path that replaces the document's
	// servers[]; "" to use servers[].
	Server string
	// PathParams are values for path parameters, by name.
	PathParams map[string]string
	// Include and Exclude are globs on the operation's path as written in
	// the document ("/orders*"): '*' matches any run of characters, '/'
	// included, and '?' one character.
	Include, Exclude []string
	// MaxOperations is the most protected operations the document may
	// yield; more is a configuration error.
	MaxOperations int
	// RefFolders are the folders openapi_ref_folders lists (absolute
	// paths): a local document's $refs may read from them too, besides
	// the document's own folder and the targets file's.
	RefFolders []string
	// Line is the line of the openapi key in the targets file.
	Line int
}

// DeclaredOperation is what an OpenAPI document declares about one
// operation that authspec probes as protected.
type DeclaredOperation struct {
	// Document is the document as written in targets.yaml; Line is the
	// operation's line in it (0 when unknown).
	Document string
	Line     int
	// Operation is the method and the path as written in the document,
	// e.g. "GET /orders/{orderId}".
	Operation string
	// Security is the effective security requirement, quoted for
	// messages, e.g. "bearerAuth OR (apiKey AND basicAuth)".
	Security string
	// Schemes are the auth-schemes the challenges should offer: Basic,
	// Bearer or Digest from http schemes, Bearer from oauth2 and
	// openIdConnect (RFC 6750).
	Schemes []string
	// Alternatives has one entry per Security Requirement Object of the
	// effective security list: the auth-schemes any one of whose challenges
	// shows a client that alternative (oauth2 and openIdConnect: Bearer or
	// DPoP). An entry is empty when the alternative has no scheme with a
	// challenge (apiKey, mutualTLS). OpenAPI 3.1 §4.8.30: only one
	// alternative needs to be satisfied.
	Alternatives [][]string
	// NoChallenge lists the declared schemes no RFC defines a challenge for
	// (apiKey, mutualTLS), described, e.g. "api_key (apiKey in header X-API-Key)".
	NoChallenge []string
	// MediaType is the request body's first declared media type for POST,
	// PUT and PATCH ("" when none); the probes send no body.
	MediaType string
}

// OnlyNoChallenge reports whether every scheme the operation declares has
// no challenge defined by any RFC (apiKey, mutualTLS): no scheme is then
// expected in the challenges.
func (d *DeclaredOperation) OnlyNoChallenge() bool {
	return d != nil && len(d.Schemes) == 0 && len(d.NoChallenge) > 0
}

// Credentials are valid credentials for the control checks. Values are
// already resolved from the environment; never print them.
type Credentials struct {
	Username string
	Password string
	Token    string
	// LimitedToken is a valid token that lacks the scope the resources
	// need (credentials.limited_token), for the scope and step-up
	// refusals; "" when not configured. It is a secret, like Token.
	LimitedToken string
	// DPoPKey is the private key Token is bound to (credentials.dpop_key,
	// RFC 9449 §6), nil when not configured: with it the dpop-forgery
	// probe signs proofs and forges wrong ones.
	DPoPKey *ecdsa.PrivateKey
	// QueryToken allows the query-token probe to send Token in the URI
	// query as access_token (credentials.query_token, RFC 6750 §2.3).
	// Off by default: a URL lands in access logs and proxies' logs, so
	// the token is put there only when the user says it may be.
	QueryToken bool
	// Literal lists the fields given as literals in the file rather than
	// through ${VAR}; the suite warns about them.
	Literal []string
}

// Secrets returns the secret credential values, for redaction: the
// password and the token. The username is an identifier, not a secret, and
// redacting it everywhere would garble reports (a realm that contains it,
// say); it is still redacted wherever credentials are sent.
func (c *Credentials) Secrets() []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, s := range []string{c.Password, c.Token, c.LimitedToken} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// TLS configures the client side of TLS for a target.
type TLS struct {
	CAFile             string
	CertFile           string
	KeyFile            string
	ServerName         string
	InsecureSkipVerify bool
}

// Waiver is a known deviation: results of its check are reported as
// skipped with its reason, until it expires.
type Waiver struct {
	Check  string
	Reason string
	Until  *time.Time // nil: never expires; otherwise the last day it applies
	Line   int
}

// Active reports whether the waiver still applies at time now (the whole
// day named by Until counts).
func (w Waiver) Active(now time.Time) bool {
	if w.Until == nil {
		return true
	}
	return now.Before(w.Until.AddDate(0, 0, 1))
}
