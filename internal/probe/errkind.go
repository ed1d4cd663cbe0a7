package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"
)

// Error kinds recorded in Exchange.ErrKind.
const (
	ErrTimeout     = "timeout"      // no complete response within the timeout
	ErrRefused     = "refused"      // nothing listens at the address
	ErrDNS         = "dns"          // the host name does not resolve
	ErrTLS         = "tls"          // the TLS handshake failed; the message says why
	ErrProtocol    = "protocol"     // the answer is not HTTP, or malformed HTTP
	ErrReset       = "reset"        // the connection was reset
	ErrEOF         = "eof"          // the connection closed before a response
	ErrTooLarge    = "too-large"    // response header larger than we accept
	ErrCanceled    = "canceled"     // the caller gave up (the run was interrupted)
	ErrUnavailable = "unavailable"  // 503 with Retry-After after every retry allowed, or asking for longer than max_retry_after
	ErrRateLimited = "rate-limited" // 429 with Retry-After after every retry allowed, or asking for longer than max_retry_after
	ErrNetwork     = "network"      // any other failure to exchange messages
	ErrConfig      = "config"       // the request could not be built from the configuration
)

// classify names the class of a failed exchange and rewords the error so
// that a reader knows what went wrong without reading Go error chains.
// parent is the caller's context, timeout the per-request limit.
func classify(err error, parent context.Context, timeout time.Duration) (kind string, clear error) {
	wrap := func(kind, format string, args ...any) (string, error) {
		return kind, fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), err)
	}
	msg := err.Error()
	var dnsErr *net.DNSError
	var netErr net.Error
	var certInvalid x509.CertificateInvalidError
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var recordHeader tls.RecordHeaderError
	switch {
	case parent.Err() != nil:
		return wrap(ErrCanceled, "request canceled")
	case errors.As(err, new(*clientCertError)) || strings.Contains(msg, "tls: certificate required"):
		// TLS 1.3 servers that demand a client certificate say so in an
		// alert the client only reads after its handshake: Go reports it
		// from deep inside the transport (readLoopPeekFailLocked), which
		// tells a user nothing.
		return ErrTLS, errors.New("TLS: the server requires a client certificate and none is configured: set tls.cert_file and tls.key_file in targets.yaml")
	case strings.Contains(msg, "remote error: tls: bad certificate") || strings.Contains(msg, "remote error: tls: unknown certificate authority"):
		alert := msg[strings.LastIndex(msg, "remote error: ")+len("remote error: "):]
		return ErrTLS, errors.New("TLS: the server refused the handshake (alert: " + strings.TrimPrefix(alert, "tls: ") +
			"), as servers do when they require a client certificate: set tls.cert_file and tls.key_file in targets.yaml, or check that the server trusts their issuer")
	case errors.As(err, &dnsErr):
		return wrap(ErrDNS, "host name %q does not resolve", dnsErr.Name)
	case errors.As(err, &certInvalid) && certInvalid.Reason == x509.Expired:
		return wrap(ErrTLS, "TLS: certificate has expired or is not yet valid")
	case errors.As(err, &certInvalid):
		return wrap(ErrTLS, "TLS: certificate is not valid")
	case errors.As(err, &unknownAuthority):
		return wrap(ErrTLS, "TLS: certificate signed by unknown authority (set tls.ca_file)")
	case errors.As(err, &hostname):
		return wrap(ErrTLS, "TLS: certificate is not valid for host %q (wrong host name; tls.server_name may help)", hostname.Host)
	case errors.As(err, &recordHeader) || strings.Contains(msg, "server gave HTTP response to HTTPS client"):
		return wrap(ErrTLS, "TLS: the server does not speak TLS on this port (an http:// URL?)")
	case strings.Contains(msg, "response headers exceeded") || strings.Contains(msg, "header list too large"):
		return wrap(ErrTooLarge, "response header larger than %d bytes", maxResponseHeaderBytes)
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		return wrap(ErrTimeout, "no complete response within %s", timeout)
	case strings.Contains(msg, "tls:") || strings.Contains(msg, "x509:"):
		return wrap(ErrTLS, "TLS handshake failed")
	case errors.Is(err, syscall.ECONNREFUSED):
		return wrap(ErrRefused, "connection refused")
	case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		strings.Contains(msg, "RST_STREAM") || strings.Contains(msg, "stream error") || strings.Contains(msg, "GOAWAY"):
		return wrap(ErrReset, "connection reset")
	case strings.Contains(msg, "malformed HTTP") || strings.Contains(msg, "malformed MIME") ||
		strings.Contains(msg, "invalid header") || strings.Contains(msg, "bogus") ||
		strings.Contains(msg, "unexpected") && strings.Contains(msg, "http"):
		return wrap(ErrProtocol, "not a valid HTTP response")
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(msg, "server closed"):
		return wrap(ErrEOF, "connection closed without a complete response")
	}
	return wrap(ErrNetwork, "request failed")
}
