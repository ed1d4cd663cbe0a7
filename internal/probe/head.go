package probe

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// headTrailWait is how long the HEAD probe waits for content after the
// header: a server that sends a body sends it right away.
const headTrailWait = 300 * time.Millisecond

// Head sends HEAD without credentials. net/http discards anything sent
// after a HEAD response's header, so the request goes over a raw
// connection: whatever follows the header (RFC 9110 §9.3.2 forbids it) is
// put in Judge.Body.
func (c *Client) Head(ctx context.Context, path string) []*Exchange {
	s := spec{probe: Head, variant: "head", method: http.MethodHead, path: path, shapeAs: http.MethodGet}
	if c.tunnels(c.through) {
		// Through a CONNECT tunnel net/http is the only way in; content
		// after the header cannot be seen there.
		out := c.run(ctx, s)
		for _, ex := range out {
			ex.Notes = append(ex.Notes, "through a CONNECT tunnel, content sent after a HEAD response's header cannot be detected")
		}
		return out
	}
	return c.loop(ctx, s, c.rawHeadAttempt)
}

// GetAgain sends the unauthenticated GET once more, after the HEAD: when
// HEAD's Content-Length differs from the first GET's content, a second
// answer of the first one's length shows GET's content has one length,
// which HEAD must then announce (RFC 9110 §8.6). Sent after the HEAD, it
// brackets it in time, so a counter or clock in the body that kept its
// length across the two GETs kept it on the HEAD too.
func (c *Client) GetAgain(ctx context.Context, path string) []*Exchange {
	return c.run(ctx, spec{probe: Head, variant: "get-again", method: http.MethodGet, path: path})
}

// rawHeadAttempt sends one HEAD over its own connection and reads the
// response, then whatever bytes follow it.
func (c *Client) rawHeadAttempt(ctx context.Context, s spec, method string, u *url.URL, _ *credential) *Exchange {
	ex := c.newExchange(s, method, u)
	sh := c.shapeOf(s, method)
	ex.ev.curl = c.curlLater(method, u, nil, sh)
	release, err := c.gate.Acquire(ctx)
	if err != nil {
		ex.ErrKind, ex.Err = classify(err, ctx, c.timeout)
		return ex
	}
	defer release()
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	target, fields := c.rawHeadRequest(method, u, sh)
	ex.ev.request = c.requestLater(method, u, "HTTP/1.1", &wireLog{fields: fields}, nil, authValue{}, "", false, false)
	start := time.Now()
	tconn, err := c.rawDial(actx, u)
	if err != nil {
		ex.Duration = time.Since(start)
		ex.ErrKind, ex.Err = classify(err, ctx, c.timeout)
		return ex
	}
	defer tconn.Close()
	conn := newWireConn(tconn, c.recordLimit())
	ticket := conn.arm()
	deadline, _ := actx.Deadline()
	conn.SetDeadline(deadline)
	stop := context.AfterFunc(actx, func() { conn.SetDeadline(time.Now()) })
	defer stop()

	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\n", method, target)
	for _, f := range fields {
		fmt.Fprintf(&b, "%s: %s\r\n", f.name, f.value)
	}
	b.WriteString("\r\n")
	if _, err := io.WriteString(conn, b.String()); err != nil {
		ex.Duration = time.Since(start)
		ex.ErrKind, ex.Err = classify(err, ctx, c.timeout)
		return ex
	}
	c.countRequest()
	br := bufio.NewReader(io.LimitReader(conn, maxResponseHeaderBytes+c.maxBody+1))
	resp, err := readFinalResponse(br, method)
	// A HEAD response ends with its header; the wait for stray content
	// below is not part of it.
	ex.Duration = time.Since(start)
	if err != nil {
		if raw, total := conn.recorded(ticket); refusedHead(err) && lenientResponse(ex, raw, total, err) {
			return ex
		}
		ex.ErrKind, ex.Err = classify(err, ctx, c.timeout)
		return ex
	}
	defer func() {
		raw, total := conn.recorded(ticket)
		wireRecord(ex, raw, total)
	}()
	ex.Protocol = resp.Proto
	ex.Judge.Status = resp.StatusCode
	ex.Judge.Header = resp.Header
	ex.Judge.DeclaredLength = resp.ContentLength

	// Whatever follows the header is content the server must not send.
	wait := time.Now().Add(headTrailWait)
	if wait.Before(deadline) {
		conn.SetReadDeadline(wait)
	}
	trail, truncated, err := readBody(br, c.maxBody)
	if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) && !isTimeout(err) {
		ex.Notes = append(ex.Notes, fmt.Sprintf("reading after the header: %v", err))
	}
	if len(trail) > 0 {
		ex.Judge.Body = trail
		ex.Judge.BodyTruncated = truncated
		ex.Notes = append(ex.Notes, fmt.Sprintf("%d bytes followed the header of the HEAD response", len(trail)))
	}
	ex.ev.response = responseLater(resp.Proto, resp.StatusCode, reasonOf(resp.Status), resp.Header, trail, truncated)
	return ex
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// readFinalResponse skips interim 1xx responses.
func readFinalResponse(br *bufio.Reader, method string) (*http.Response, error) {
	for i := 0; i < 10; i++ {
		resp, err := http.ReadResponse(br, &http.Request{Method: method})
		if err != nil {
			return nil, err
		}
		if resp.StatusCode >= 200 || resp.StatusCode == http.StatusSwitchingProtocols {
			return resp, nil
		}
	}
	return nil, errors.New("more than 10 interim (1xx) responses")
}

// rawHeadRequest returns the request-target and the fields of a raw HEAD:
// the configured fields and those of sh (on an MCP target, the ones the
// GET it is compared with carries), so that it asks what that GET asks.
// The connection is closed after the response so that content after the
// header, if any, ends with the connection.
func (c *Client) rawHeadRequest(method string, u *url.URL, sh shape) (string, []wireField) {
	target := c.requestTarget(u, false)
	fields := []wireField{{"Host", u.Host}, {"User-Agent", userAgent()}}
	shaped := map[string]bool{} // as on other requests, sh's fields replace configured ones
	for _, f := range sh.fields {
		shaped[http.CanonicalHeaderKey(f[0])] = true
	}
	for _, name := range c.headerNames() {
		if !shaped[http.CanonicalHeaderKey(name)] {
			fields = append(fields, wireField{name, c.t.Headers[name]})
		}
	}
	for _, f := range append(append([][2]string(nil), sh.fields...), sh.added...) {
		fields = append(fields, wireField{f[0], f[1]})
	}
	return target, append(fields, wireField{"Connection", "close"})
}

// rawDial opens a connection to the origin (or the proxy) with the
// target's TLS settings, offering only HTTP/1.1.
func (c *Client) rawDial(ctx context.Context, u *url.URL) (net.Conn, error) {
	hop := c.hop(u)
	conn, err := c.dial(ctx, "tcp", hostPort(hop))
	if err != nil || hop.Scheme != "https" {
		return conn, err
	}
	conf := c.tlsConf.Clone()
	conf.NextProtos = []string{"http/1.1"}
	if conf.ServerName == "" {
		conf.ServerName = hop.Hostname()
	}
	asked := watchClientCertRequest(conf)
	tc := tls.Client(conn, conf)
	if err := tc.HandshakeContext(ctx); err != nil {
		conn.Close()
		return nil, asked.explain(err)
	}
	return tc, nil
}
