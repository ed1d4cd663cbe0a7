package probe

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
)

// connectKey carries a connectHold through a request's context to the
// transport's CONNECT hooks.
type connectKey struct{}

// connectHold is what one request's CONNECT sends and gets: through a
// tunnel, the proxy's challenge is the answer to the CONNECT, which
// net/http turns into an error; the hooks keep it for the recorder.
type connectHold struct {
	auth    string // Proxy-Authorization to send, "" for none
	maxBody int64

	mu        sync.Mutex
	status    int
	reason    string
	header    http.Header
	body      []byte
	truncated bool
	length    int64
}

// proxyConnectHeader is the transport's GetProxyConnectHeader hook.
func proxyConnectHeader(ctx context.Context, _ *url.URL, _ string) (http.Header, error) {
	h := http.Header{"User-Agent": {userAgent()}}
	if hold, ok := ctx.Value(connectKey{}).(*connectHold); ok && hold.auth != "" {
		h.Set("Proxy-Authorization", hold.auth)
	}
	return h, nil
}

// onProxyConnectResponse is the transport's OnProxyConnectResponse hook:
// it keeps a non-2xx answer, body included, before net/http drops it.
func onProxyConnectResponse(ctx context.Context, _ *url.URL, _ *http.Request, resp *http.Response) error {
	hold, ok := ctx.Value(connectKey{}).(*connectHold)
	if !ok || resp.StatusCode/100 == 2 {
		return nil
	}
	hold.mu.Lock()
	defer hold.mu.Unlock()
	hold.status, hold.reason, hold.header, hold.length = resp.StatusCode, reasonOf(resp.Status), resp.Header, resp.ContentLength
	if resp.Body != nil {
		hold.body, hold.truncated, _ = readBody(resp.Body, hold.maxBody)
	}
	return nil
}

// answered reports whether the proxy answered the CONNECT with an error.
func (h *connectHold) answered() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.status != 0
}

// connectEvidence renders the CONNECT that opens a tunnel to u's host, as
// proxyConnectHeader has net/http send it, the credentials shown in their
// redacted form.
func connectEvidence(u *url.URL, auth authValue, sentAuth bool) string {
	fields := []wireField{{"Host", hostPort(u)}, {"User-Agent", userAgent()}}
	if sentAuth {
		fields = append(fields, wireField{"Proxy-Authorization", auth.shown})
	}
	return formatRequest("CONNECT "+hostPort(u)+" HTTP/1.1", fields)
}

// recordConnect fills an exchange from the proxy's answer to CONNECT.
func (c *Client) recordConnect(ex *Exchange, hold *connectHold, u *url.URL, auth authValue, sentAuth bool) {
	hold.mu.Lock()
	defer hold.mu.Unlock()
	ex.Protocol = "HTTP/1.1"
	ex.Judge.Status = hold.status
	ex.Judge.Header = hold.header
	ex.Judge.Body = hold.body
	ex.Judge.BodyTruncated = hold.truncated
	ex.Judge.DeclaredLength = hold.length
	ex.Notes = append(ex.Notes, fmt.Sprintf("answer to CONNECT %s: the tunnel was not opened", hostPort(u)))
	ex.ev.request = func() string { return connectEvidence(u, auth, sentAuth) }
	ex.ev.response = responseLater("HTTP/1.1", hold.status, hold.reason, hold.header, hold.body, hold.truncated)
}
