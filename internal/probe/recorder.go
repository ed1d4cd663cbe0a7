package probe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/schedule"
)

// spec is one logical request of a probe. It may turn into several
// exchanges on the wire: retries after 429/503 and redirects followed.
type spec struct {
	probe, variant, method, path string
	cred                         *credential
	// rt overrides the client's transport (the repeated probe needs a
	// pool of its own).
	rt http.RoundTripper
	// extra are header fields the probe adds (a browser client's Origin,
	// a preflight's Access-Control-Request-*), after the configured ones.
	extra [][2]string
	// repeated are header fields added one line each, even when a name
	// comes twice (two DPoP fields, RFC 9449 §4.3).
	repeated [][2]string
	// bare leaves out what an MCP target's requests carry (see shapeOf):
	// a CORS preflight carries only its own fields.
	bare bool
	// origin, on a proxy target, is the valid credential of the origin
	// behind the proxy (origin_credentials), sent in Authorization beside
	// the proxy's own in Proxy-Authorization. Its Digest uri is the
	// origin-form, the request-target the origin sees once a forward
	// proxy has passed the request on.
	origin *credential
	// queryToken puts the declared token in the query as access_token
	// (RFC 6750 §2.3; the query-token probe, where credentials.query_token
	// allows it).
	queryToken bool
	// shapeAs, when set, is the method whose MCP fields the request
	// carries instead of its own: HEAD carries GET's, since it asks for
	// what GET would get, without the content (RFC 9110 §9.3.2), and an
	// MCP server may answer a GET without Accept: text/event-stream
	// differently.
	shapeAs string
}

// attemptFunc sends one request and records what came back.
type attemptFunc func(ctx context.Context, s spec, method string, u *url.URL, cred *credential) *Exchange

// run sends s through the client's transport.
func (c *Client) run(ctx context.Context, s spec) []*Exchange {
	return c.loop(ctx, s, c.attempt)
}

// loop sends s with attempt and keeps going while the server asks: a
// Retry-After on 429/503 is honoured at most Retries times, a redirect is
// followed (at most 5 hops) only when the target says so. Every response
// becomes an exchange.
func (c *Client) loop(ctx context.Context, s spec, attempt attemptFunc) (out []*Exchange) {
	defer func() {
		// Once, at the end, with every secret learnt on the way (a Digest
		// HA1, say): attempts do not redact, and the evidence is redacted
		// with this redactor when it is rendered.
		r := c.redactor()
		for _, ex := range out {
			redactEvidence(r, ex)
		}
	}()
	u, err := c.targetURL(s.path)
	if err != nil {
		ex := c.newExchange(s, s.method, &url.URL{Path: s.path})
		ex.Err, ex.ErrKind = err, ErrConfig
		return []*Exchange{ex}
	}
	if s.queryToken {
		u = withAccessToken(u, c.t.Credentials.Token)
	}
	method, cred := s.method, s.cred
	retries, hops := 0, 0
	first := u.Path
	for {
		ex := c.guarded(ctx, s, method, u, cred, attempt)
		ex.Judge.FirstPath = first
		out = append(out, ex)
		if ex.Err != nil {
			return out
		}
		status := ex.Judge.Status
		if retryable(status) && ex.Judge.Header.Get("Retry-After") != "" {
			if c.backOffTooLong(ex) {
				return out
			}
			wait, ok := c.retryWait(ex, retries)
			if !ok {
				if retries >= c.t.Retries {
					c.retriesUsedUp(ex, retries)
				}
				return out
			}
			// The wait is the target's, not this request's: every request
			// to it holds off until then (see guarded).
			c.hold.until(time.Now().Add(wait))
			if err := c.hold.wait(ctx); err != nil {
				ex.Notes = append(ex.Notes, "interrupted while waiting to retry")
				return out
			}
			retries++
			continue
		}
		next, ok := c.redirectTarget(ex, u)
		if !ok {
			return out
		}
		if !c.t.FollowRedirects {
			ex.Notes = append(ex.Notes, fmt.Sprintf("redirect to %s not followed (follow_redirects is off)", next))
			return out
		}
		if hops >= maxRedirects {
			ex.Notes = append(ex.Notes, fmt.Sprintf("redirect to %s not followed: %d redirects followed already", next, maxRedirects))
			return out
		}
		hops++
		if (cred != nil || s.queryToken) && !c.proxy && !sameOrigin(u, next) {
			if s.queryToken {
				// The server may have put the token in the Location: it
				// never goes to another host, there either.
				next, _ = withoutAccessToken(next, c.t.Credentials.Token)
			}
			ex.Notes = append(ex.Notes, fmt.Sprintf("redirect to %s followed without credentials: they are never sent to another host", next))
			cred = nil
		} else if s.origin != nil && !sameOrigin(u, next) {
			// The proxy's credentials go to the proxy whatever the URL;
			// the origin's only to the origin they are for.
			ex.Notes = append(ex.Notes, fmt.Sprintf("redirect to %s followed without the origin's credentials: they are never sent to another host", next))
			s.origin = nil
		} else {
			ex.Notes = append(ex.Notes, fmt.Sprintf("redirect to %s followed (hop %d)", next, hops))
		}
		method = redirectMethod(method, status)
		u = next
	}
}

// guarded sends one request through attempt unless the breaker says the
// target is dead, in which case it records the exchange as not sent.
func (c *Client) guarded(ctx context.Context, s spec, method string, u *url.URL, cred *credential, attempt attemptFunc) *Exchange {
	// A Retry-After the target sent holds for all of its requests; a wait
	// cut short by the run's end is left to the attempt to report.
	_ = c.hold.wait(ctx)
	if kind, err, open := c.breaker.deadTarget(); open {
		ex := c.newExchange(s, method, u)
		ex.Err, ex.ErrKind = err, kind
		return ex
	}
	ex := attempt(ctx, s, method, u, cred)
	c.breaker.record(ex)
	return ex
}

// retriesUsedUp records that the target still asked us to come back later
// after every retry we allow: it is rate limiting us (429) or down (503),
// so it could not be tested, which is an error and not a broken rule. As
// for a Retry-After beyond max_retry_after, the target's later requests
// are not sent: each would only use up its own retries the same way (117
// requests for three resources at retries: 2).
func (c *Client) retriesUsedUp(ex *Exchange, retries int) {
	status, value := ex.Judge.Status, ex.Judge.Header.Get("Retry-After")
	kind := ErrUnavailable
	if status == http.StatusTooManyRequests {
		kind = ErrRateLimited
	}
	ex.Err = fmt.Errorf("still %d with Retry-After: %s after %d retries; the target's remaining requests are not sent", status, value, retries)
	ex.ErrKind = kind
	ex.Judge.Status = 0
	c.breaker.stop(kind, fmt.Errorf("the target still answered %d with Retry-After: %s after %d retries", status, value, retries))
}

// holdOff is a target's Retry-After: no request to it starts before then.
type holdOff struct {
	mu  sync.Mutex
	end time.Time
}

// until makes every request wait until t, unless a later wait is set.
func (h *holdOff) until(t time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if t.After(h.end) {
		h.end = t
	}
}

// wait returns once the hold is over, or with the context's error.
func (h *holdOff) wait(ctx context.Context) error {
	for {
		h.mu.Lock()
		d := time.Until(h.end)
		h.mu.Unlock()
		if d <= 0 {
			return ctx.Err()
		}
		if err := schedule.Sleep(ctx, d); err != nil {
			return err
		}
	}
}

// backOffTooLong handles a 429 or 503 whose Retry-After asks for a longer
// wait than max_retry_after: the target cannot be tested now. That is one
// error on the exchange (rate-limited for 429, unavailable for 503), not a
// response to judge, and every later request to the target is not sent:
// it asked us to stay away, and retrying would only hammer it and waste
// the run's time.
func (c *Client) backOffTooLong(ex *Exchange) bool {
	value := ex.Judge.Header.Get("Retry-After")
	wait, err := parseRetryAfter(value, time.Now())
	if err != nil || wait <= c.retryCap {
		return false
	}
	status := ex.Judge.Status
	kind := ErrUnavailable
	if status == http.StatusTooManyRequests {
		kind = ErrRateLimited
	}
	ex.Err = fmt.Errorf("%d with Retry-After: %s asks for a wait of %s, longer than max_retry_after (%s); the target's remaining requests are not sent",
		status, value, wait, c.retryCap)
	ex.ErrKind = kind
	ex.Judge.Status = 0
	c.breaker.stop(kind, fmt.Errorf("the target answered %d with Retry-After: %s, longer than max_retry_after (%s)", status, value, c.retryCap))
	return true
}

// retryWait decides whether to retry after ex and for how long, noting the
// decision on ex.
func (c *Client) retryWait(ex *Exchange, done int) (time.Duration, bool) {
	value := ex.Judge.Header.Get("Retry-After")
	if done >= c.t.Retries {
		if c.t.Retries > 0 {
			ex.Notes = append(ex.Notes, fmt.Sprintf("%d with Retry-After: %s: not retried, %d retries used up", ex.Judge.Status, value, c.t.Retries))
		} else {
			ex.Notes = append(ex.Notes, fmt.Sprintf("%d with Retry-After: %s: not retried (retries: 0)", ex.Judge.Status, value))
		}
		return 0, false
	}
	wait, err := parseRetryAfter(value, time.Now())
	if err != nil {
		ex.Notes = append(ex.Notes, fmt.Sprintf("%d: %v; not retried", ex.Judge.Status, err))
		return 0, false
	}
	note := fmt.Sprintf("%d with Retry-After: %s honoured: waited %s, retry %d of %d", ex.Judge.Status, value, wait, done+1, c.t.Retries)
	if wait > c.retryCap {
		note = fmt.Sprintf("%d with Retry-After: %s: wait capped at %s (max_retry_after), retry %d of %d", ex.Judge.Status, value, c.retryCap, done+1, c.t.Retries)
		wait = c.retryCap
	}
	ex.Notes = append(ex.Notes, note)
	return wait, true
}

// redirectTarget returns where a 3xx with a Location points.
func (c *Client) redirectTarget(ex *Exchange, from *url.URL) (*url.URL, bool) {
	switch ex.Judge.Status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		return nil, false
	}
	loc := ex.Judge.Header.Get("Location")
	if loc == "" {
		return nil, false
	}
	next, err := from.Parse(loc)
	if err != nil || (next.Scheme != "http" && next.Scheme != "https") {
		ex.Notes = append(ex.Notes, fmt.Sprintf("redirect to %q not followed: not an http(s) URL", loc))
		return nil, false
	}
	next.Fragment = ""
	return next, true
}

// redirectMethod applies the usual method rewriting: 303 turns anything
// but HEAD into GET, and so do 301/302 for POST (RFC 9110 §15.4).
func redirectMethod(method string, status int) string {
	switch {
	case status == http.StatusSeeOther && method != http.MethodHead:
		return http.MethodGet
	case (status == http.StatusMovedPermanently || status == http.StatusFound) && method == http.MethodPost:
		return http.MethodGet
	}
	return method
}

// sameOrigin compares scheme, host and port: credentials never follow a
// redirect that changes any of them.
func sameOrigin(a, b *url.URL) bool {
	return a.Scheme == b.Scheme && strings.EqualFold(hostPort(a), hostPort(b))
}

// hostPort returns host:port with the scheme's default port filled in.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// newExchange starts an exchange with what is known before sending.
func (c *Client) newExchange(s spec, method string, u *url.URL) *Exchange {
	ex := &Exchange{Probe: s.probe, Variant: s.variant, Method: method, Path: s.path, URL: u.String(), ev: &lazyEvidence{client: c}}
	ex.Judge.Method = method
	ex.Judge.Proxy = c.proxy
	hop := c.hop(u)
	ex.Judge.Secure = hop.Scheme == "https"
	ex.Judge.Loopback = config.IsLoopbackHost(hop.Hostname())
	ex.Judge.DeclaredLength = -1
	ex.Judge.Following = -1
	ex.Judge.Path, ex.Judge.Query = u.Path, u.RawQuery
	ex.Judge.Authority = authorityOf(u)
	// (The bad-credentials probe's request for nonces of its own carries
	// none.)
	ex.Judge.CredentialsWrong = (s.probe == BadCredentials || s.probe == Malformed || s.probe == Repeated) && s.cred != nil
	ex.Judge.QueryToken = s.queryToken && c.carriesQueryToken(u)
	ex.Judge.MCP = c.mcpRevision()
	return ex
}

// wireLog collects what httptrace reports about one request.
type wireLog struct {
	mu     sync.Mutex
	fields []wireField
	reused bool
	wrote  bool // the request header went out
	// conn is the recorder of the connection the request went out on, nil
	// when it is not recorded (HTTP/2, a CONNECT tunnel); ticket names the
	// request's recording on it.
	conn   *wireConn
	ticket uint64
}

// recorded returns what the connection's recorder read for this request.
func (w *wireLog) recorded() (raw []byte, total int64, ok bool) {
	w.mu.Lock()
	conn, ticket := w.conn, w.ticket
	w.mu.Unlock()
	if conn == nil {
		return nil, 0, false
	}
	raw, total = conn.recorded(ticket)
	return raw, total, true
}

func (w *wireLog) written() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.wrote
}

func (w *wireLog) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			w.mu.Lock()
			w.reused = info.Reused
			if wc, ok := info.Conn.(*wireConn); ok {
				w.ticket = wc.arm()
				w.conn = wc
			}
			w.mu.Unlock()
		},
		WroteHeaders: func() {
			w.mu.Lock()
			w.wrote = true
			w.mu.Unlock()
		},
		WroteHeaderField: func(key string, values []string) {
			w.mu.Lock()
			defer w.mu.Unlock()
			for _, v := range values {
				w.fields = append(w.fields, wireField{key, v})
			}
		},
	}
}

// attempt sends one request with net/http and records the exchange,
// unredacted: loop redacts every exchange it returns.
func (c *Client) attempt(ctx context.Context, s spec, method string, u *url.URL, cred *credential) *Exchange {
	ex := c.newExchange(s, method, u)
	release, err := c.gate.Acquire(ctx)
	if err != nil {
		ex.ErrKind, ex.Err = classify(err, ctx, c.timeout)
		return ex
	}
	defer release()

	var auth authValue
	if cred != nil {
		// Requests under one Digest nonce are counted (nc) and sent one at a
		// time, so the server sees the counts in order even when several
		// resources answer the same nonce concurrently (RFC 7616 §3.4).
		defer c.nonces.hold(cred.nonce)()
		if auth, err = cred.value(method, c.digestTarget(u)); err != nil {
			ex.Err, ex.ErrKind = err, ErrConfig
			return ex
		}
		ex.Judge.SentAuthorization = auth.sent
		ex.Judge.SentAuthorizationField = true
		ex.Judge.FreshNonce = auth.freshNonce
		ex.Judge.ExpectedRspauth = auth.rspauth
		ex.IllFormed = cred.illFormed
		ex.Judge.BasicCharset = cred.basicCharset
		ex.Judge.Secrets = auth.secrets
	}
	var originAuth authValue
	if s.origin != nil {
		if originAuth, err = s.origin.value(method, u.RequestURI()); err != nil {
			ex.Err, ex.ErrKind = err, ErrConfig
			return ex
		}
		// Made by the origin's client: the secrets it carries must be this
		// client's too, so that its evidence is redacted.
		c.remember(originAuth.secrets...)
		ex.Judge.Secrets = append(append([]string(nil), ex.Judge.Secrets...), originAuth.secrets...)
	}
	if ex.Judge.QueryToken {
		// The token in the query was sent too: the answer must not repeat it.
		ex.Judge.Secrets = append(append([]string(nil), ex.Judge.Secrets...), c.t.Credentials.Token)
	}

	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	wire := &wireLog{}
	actx = httptrace.WithClientTrace(actx, wire.trace())
	rt := s.rt
	tunnel := c.tunnels(u)
	var hold *connectHold
	if tunnel {
		// Through a CONNECT tunnel the credentials go on the CONNECT, and a
		// pooled tunnel would skip them: one connection per request.
		hold = &connectHold{maxBody: c.maxBody}
		if cred != nil {
			hold.auth = auth.sent
		}
		actx = context.WithValue(actx, connectKey{}, hold)
		tr := c.newTransport()
		tr.DisableKeepAlives = true
		defer tr.CloseIdleConnections()
		rt = tr
	}
	if rt == nil {
		rt = c.transport
	}
	sh := c.shapeOf(s, method)
	if s.origin != nil {
		sh.origin = &s.origin.curl
	}
	sh.queryToken = ex.Judge.QueryToken
	req, err := http.NewRequestWithContext(actx, method, u.String(), sh.reader())
	if err != nil {
		ex.Err, ex.ErrKind = fmt.Errorf("cannot build request: %w", err), ErrConfig
		return ex
	}
	c.setHeaders(req.Header)
	sh.apply(req.Header)
	ex.Judge.Origin = req.Header.Get("Origin")
	if cred != nil && !tunnel {
		req.Header[c.authField()] = []string{auth.sent}
	}
	if s.origin != nil {
		req.Header["Authorization"] = []string{originAuth.sent}
	}
	start := time.Now()
	resp, err := rt.RoundTrip(req)
	if wire.written() || (hold != nil && hold.answered()) {
		c.countRequest()
	}
	ex.ev.curl = c.curlLater(method, u, curlOf(cred), sh)
	if err != nil {
		ex.Duration = time.Since(start)
		if hold != nil && hold.answered() {
			c.recordConnect(ex, hold, u, auth, cred != nil)
			return ex
		}
		ex.ev.request = withBody(c.requestLater(method, u, "HTTP/1.1", wire, req.Header, auth, originAuth.shown, tunnel, cred != nil), sh.body)
		if raw, total, ok := wire.recorded(); ok && refusedHead(err) && lenientResponse(ex, raw, total, err) {
			// Go's parser is not the gate: a head it refuses (a control
			// character in a field value) is judged by every rule.
			return ex
		}
		ex.ErrKind, ex.Err = classify(err, ctx, c.timeout)
		return ex
	}
	defer resp.Body.Close()
	var body []byte
	var truncated bool
	var readErr error
	if c.mcpStream(resp) {
		var note string
		body, truncated, note, readErr = readEventStream(resp.Body, c.maxBody, method)
		if note != "" {
			ex.Notes = append(ex.Notes, note)
		}
	} else {
		body, truncated, readErr = readBody(resp.Body, c.maxBody)
	}
	ex.Duration = time.Since(start)
	ex.Protocol = resp.Proto
	ex.ConnReused = wire.reused
	ex.Judge.Status = resp.StatusCode
	ex.Judge.Header = resp.Header
	ex.Judge.Body = body
	ex.Judge.BodyTruncated = truncated
	ex.Judge.DeclaredLength = resp.ContentLength
	if !truncated && len(resp.Trailer) > 0 {
		// Filled in once the body has been read to its end.
		ex.Judge.Trailer = resp.Trailer
	}
	if truncated {
		ex.Notes = append(ex.Notes, fmt.Sprintf("body truncated at max_body (%d bytes)", c.maxBody))
	}
	ex.ev.request = withBody(c.requestLater(method, u, requestProto(resp), wire, req.Header, auth, originAuth.shown, tunnel, cred != nil), sh.body)
	ex.ev.response = responseLater(resp.Proto, resp.StatusCode, reasonOf(resp.Status), resp.Header, body, truncated)
	if raw, total, ok := wire.recorded(); ok {
		wireRecord(ex, raw, total)
	}
	if readErr != nil {
		kind, err := classify(readErr, ctx, c.timeout)
		if strings.Contains(readErr.Error(), "more than declared Content-Length") {
			// HTTP/2: DATA frames carried more than content-length (RFC
			// 9113 §8.1.1): a broken rule, not an untestable response.
			ex.Judge.Following = resp.ContentLength + 1
			ex.Notes = append(ex.Notes, fmt.Sprintf("the server sent more content than the %d bytes content-length announced", resp.ContentLength))
		} else if shortBody(kind, resp.ContentLength, len(body)) {
			// The server announced more than it sent and closed: that is a
			// response with a wrong Content-Length, which the judge can
			// judge (rfc9110/content-length-matches), not an untestable one.
			ex.Notes = append(ex.Notes, fmt.Sprintf("connection closed after %d of the %d bytes Content-Length announced", len(body), resp.ContentLength))
		} else {
			ex.ErrKind, ex.Err = kind, fmt.Errorf("reading the body after %d bytes: %w", len(body), err)
			ex.Judge.Status = 0
			ex.Notes = append(ex.Notes, fmt.Sprintf("status %d and header received, but the body failed", resp.StatusCode))
		}
	}
	return ex
}

// shortBody reports whether a failed body read is a server that closed (or
// reset) the connection before sending the Content-Length it announced.
func shortBody(kind string, declared int64, got int) bool {
	return (kind == ErrEOF || kind == ErrReset) && declared > int64(got)
}

func curlOf(cred *credential) *curlAuth {
	if cred == nil {
		return nil
	}
	return &cred.curl
}

// setHeaders puts the fields sent with every request.
func (c *Client) setHeaders(h http.Header) {
	h.Set("User-Agent", userAgent())
	for name, value := range c.t.Headers {
		h.Set(name, value)
	}
}

// readBody reads at most max bytes. When more follow it says so, and
// drains a bounded amount more so that the connection can be reused.
func readBody(r io.Reader, max int64) (body []byte, truncated bool, err error) {
	body, err = io.ReadAll(io.LimitReader(r, max+1))
	if int64(len(body)) > max {
		body, truncated = body[:max], true
		if err == nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(r, 256<<10))
		}
	}
	return body, truncated, err
}

// requestLater captures what requestEvidence renders: the fields written
// so far are taken now (the slice is only ever appended to, so its first
// fields stay as they are).
func (c *Client) requestLater(method string, u *url.URL, proto string, wire *wireLog, header http.Header, auth authValue, originShown string, tunnel, sentAuth bool) func() string {
	wire.mu.Lock()
	written := wire.fields[:len(wire.fields):len(wire.fields)]
	wire.mu.Unlock()
	return func() string {
		return c.requestEvidence(method, u, proto, written, header, auth, originShown, tunnel, sentAuth)
	}
}

// withBody appends the request's content, when it has any, to its
// rendered head.
func withBody(head func() string, body []byte) func() string {
	if len(body) == 0 {
		return head
	}
	return func() string { return head() + "\n" + escapeText(clip(string(body))) + "\n" }
}

// curlLater captures what curlCommand renders.
func (c *Client) curlLater(method string, u *url.URL, auth *curlAuth, sh shape) func() string {
	if auth != nil {
		a := *auth
		auth = &a
	}
	return func() string { return c.curlCommand(method, u, auth, sh) }
}

// requestEvidence renders the request as written on the wire (the fields
// written, or what would have been when none was), credentials shown as
// their redacted form (originShown for the origin's Authorization on a
// request through a proxy, "" when there is none) and sensitive
// configured fields hidden.
func (c *Client) requestEvidence(method string, u *url.URL, proto string, written []wireField, header http.Header, auth authValue, originShown string, tunnel, sentAuth bool) string {
	target := c.requestTarget(u, tunnel)
	var fields []wireField
	if len(written) == 0 {
		// Nothing was written (the connection failed): show what would have been.
		fields = append(fields, wireField{"Host", u.Host})
		for _, name := range sortedKeys(header) {
			for _, v := range header[name] {
				fields = append(fields, wireField{name, v})
			}
		}
	}
	for _, f := range written {
		switch {
		case f.name == ":authority":
			fields = append(fields, wireField{"Host", f.value})
		case strings.HasPrefix(f.name, ":"):
		default:
			fields = append(fields, f)
		}
	}
	for i, f := range fields {
		switch {
		case strings.EqualFold(f.name, c.authField()) && sentAuth:
			fields[i].value = auth.shown
		case strings.EqualFold(f.name, "Authorization") && originShown != "":
			fields[i].value = originShown
		case c.t.HeaderIsSecret(f.name):
			fields[i].value = redactedMark
		}
	}
	out := formatRequest(fmt.Sprintf("%s %s %s", method, target, proto), fields)
	if tunnel {
		out = connectEvidence(u, auth, sentAuth) + "\n" + out
	}
	return out
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// redactEvidence replaces whatever secret r knows in the notes and the
// error text, and hands r to the evidence, which is redacted with it when
// it is rendered. loop calls it once on every exchange it returns, so
// nothing leaves the package unredacted.
func redactEvidence(r *Redactor, ex *Exchange) {
	if ex.ev != nil {
		ex.ev.redactor = r
	}
	if ex.Err != nil && r.Contains(ex.Err.Error()) {
		ex.Err = errors.New(r.Redact(ex.Err.Error()))
	}
	for i, n := range ex.Notes {
		ex.Notes[i] = r.Redact(n)
	}
}

// requestProto is the protocol the request went out with: HTTP/2.0 when
// that was negotiated, else HTTP/1.1, which net/http always sends, whatever
// version the server answers with.
func requestProto(resp *http.Response) string {
	if resp.ProtoMajor == 2 {
		return resp.Proto
	}
	return "HTTP/1.1"
}

// authorityOf is the host[:port] of u as an origin names itself: the port
// only when it is not the scheme's default.
func authorityOf(u *url.URL) string {
	port := u.Port()
	if port == "" || (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
		return u.Hostname()
	}
	return net.JoinHostPort(u.Hostname(), port)
}
