// Package probe sends authspec's requests to a target and records every
// exchange that crosses the wire. It judges nothing: checks/ does that.
package probe

import (
	"time"

	"github.com/authspec/authspec/internal/checks"
)

// Probe names, used in results, JUnit names and Ginkgo labels.
const (
	Unauthenticated = "unauthenticated"       // no credentials at all
	BadCredentials  = "bad-credentials"       // well-formed, wrong credentials per offered scheme
	Malformed       = "malformed-credentials" // Authorization values that are broken on purpose
	Repeated        = "repeated-challenge"    // the same bad credentials again (RFC 9110 §15.5.2)
	Head            = "head"                  // HEAD instead of GET
	Control         = "valid-credentials"     // the configured valid credentials get through
)

// Exchange is one request and its response as recorded by the transport.
type Exchange struct {
	// Probe is one of the probe names above; Variant tells the requests of
	// one probe apart, e.g. "basic", "digest", "empty",
	// "same-connection", "new-connection", "scheme-case".
	Probe   string
	Variant string
	Method  string
	// Path is the resource path as configured.
	Path string
	// URL is the absolute URL requested (for a proxy: the through URL).
	URL string
	// Judge is what checks/ sees: the response as received and the
	// credentials sent. Judge.Status is 0 when Err is set.
	Judge checks.Exchange
	// Protocol is the response's protocol, e.g. "HTTP/1.1" or "HTTP/2.0".
	Protocol string
	// ConnReused is true when the request went over a connection that had
	// already carried an earlier request.
	ConnReused bool
	// Duration is the time from sending the request to the end of reading
	// the response, or to the error; 0 when nothing was sent.
	Duration time.Duration
	// Err is set when the target could not be tested: unreachable,
	// timeout, TLS failure, not HTTP, too large, unavailable. ErrKind names
	// the class ("timeout", "refused", "dns", "tls", "protocol", "reset",
	// "eof", "too-large", "canceled", "unavailable", "network", "config":
	// see the Err* constants in errkind.go).
	Err     error
	ErrKind string
	// ev is what the evidence is rendered from: see Evidence.
	ev *lazyEvidence
	// IllFormed, when set, says why the credentials sent were not
	// well-formed for their scheme (a random token68 for DPoP, say): the
	// answer is judged as one to malformed credentials, where 400 is right.
	IllFormed string
	// Notes are things worth reporting that are neither pass nor fail:
	// a Retry-After honoured, a redirect not followed, a truncated body.
	Notes []string
}

// Evidence returns the redacted request, response and a curl command that
// reproduces the request (with credentials as ${VAR} placeholders), and
// the raw head as received. It is rendered the first time it is asked for
// (see lazyEvidence), the same text every time.
func (ex *Exchange) Evidence() Evidence {
	if ex.ev == nil {
		return Evidence{}
	}
	return ex.ev.render()
}

// Succeeded reports whether ex got an answer and it is a 2xx: the
// resource (false for a nil exchange). For the DPoP control (a correct
// proof), only then does a refused forgery show that the server checks
// what was forged.
func (ex *Exchange) Succeeded() bool {
	return ex != nil && ex.Err == nil && checks.Is2xx(ex.Judge.Status)
}
