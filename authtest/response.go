package authtest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"strconv"
	"strings"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
)

// maxBody is the most content of one response the matchers read, as
// targets.yaml's default max_body.
const maxBody = 1 << 20

// exchangeOf turns what a test holds into the exchange the judge reads:
// an *http.Response (its body is read and put back, so the test can still
// read it), an *httptest.ResponseRecorder, or the raw bytes of a response
// ([]byte or string), the only form the rules on the wire bytes (folding,
// bare CR, Content-Length against the bytes that follow) can judge.
//
// What a response alone cannot say is assumed to be what the rules judge
// most strictly, except the transport: without a request that says where
// it went (a recorder, raw bytes), the response is taken to be served over
// TLS, so that a unit test of a handler that will sit behind TLS does not
// warn about cleartext. The method is the request's, or GET.
func exchangeOf(actual any) (*checks.Exchange, error) {
	switch v := actual.(type) {
	case *http.Response:
		if v == nil {
			return nil, fmt.Errorf("authtest: got a nil *http.Response")
		}
		return responseExchange(v)
	case *httptest.ResponseRecorder:
		if v == nil {
			return nil, fmt.Errorf("authtest: got a nil *httptest.ResponseRecorder")
		}
		return responseExchange(v.Result())
	case []byte:
		return rawExchange(v)
	case string:
		return rawExchange([]byte(v))
	}
	return nil, fmt.Errorf("authtest: expects an *http.Response, an *httptest.ResponseRecorder, or the raw bytes of a response ([]byte or string), got %T", actual)
}

// responseExchange reads resp, body included, and puts the body back.
func responseExchange(resp *http.Response) (*checks.Exchange, error) {
	ex := &checks.Exchange{
		Method: http.MethodGet, Status: resp.StatusCode, Header: resp.Header.Clone(),
		DeclaredLength: resp.ContentLength, Following: -1, Secure: true,
	}
	if ex.Header == nil {
		ex.Header = http.Header{}
	}
	if req := resp.Request; req != nil {
		describeRequest(ex, req, resp)
	}
	if resp.Body != nil {
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
		if err != nil {
			return nil, fmt.Errorf("authtest: reading the response body: %w", err)
		}
		if len(body) > maxBody {
			ex.Body, ex.BodyTruncated = body[:maxBody], true
		} else {
			ex.Body = body
		}
		resp.Body = readCloser{io.MultiReader(bytes.NewReader(body), resp.Body), resp.Body}
	}
	return ex, nil
}

// describeRequest fills what the request says: its method, the
// credentials it carried, and where it went.
func describeRequest(ex *checks.Exchange, req *http.Request, resp *http.Response) {
	if req.Method != "" {
		ex.Method = req.Method
	}
	field := "Authorization"
	if resp.StatusCode == http.StatusProxyAuthRequired {
		field = "Proxy-Authorization"
		ex.Proxy = true
	}
	if vs, ok := req.Header[field]; ok && len(vs) > 0 {
		ex.SentAuthorization, ex.SentAuthorizationField = vs[0], true
		ex.Secrets = []string{vs[0]}
		if _, cred, ok := strings.Cut(vs[0], " "); ok && strings.TrimSpace(cred) != "" {
			ex.Secrets = append(ex.Secrets, strings.TrimSpace(cred))
		}
	}
	if u := req.URL; u != nil {
		ex.Path, ex.FirstPath = u.Path, u.Path
		if u.IsAbs() {
			ex.Secure = u.Scheme == "https" || resp.TLS != nil
			ex.Loopback = config.IsLoopbackHost(u.Hostname())
		}
	}
}

// readCloser reads from the body read so far and the rest, and closes the
// original body.
type readCloser struct {
	io.Reader
	io.Closer
}

// rawExchange reads the bytes of a response as the judge reads them off a
// connection: the heads leniently (interim 1xx first), the content after
// the final head up to its Content-Length, or dechunked.
func rawExchange(raw []byte) (*checks.Exchange, error) {
	heads, end, ok := checks.ResponseHeads(raw)
	if !ok {
		return nil, fmt.Errorf("authtest: the bytes hold no complete HTTP/1.x response head (a status line such as \"HTTP/1.1 401 Unauthorized\", field lines, then an empty line): %q", clip(raw))
	}
	h := heads[len(heads)-1]
	ex := &checks.Exchange{
		Method: http.MethodGet, Status: h.Status, Header: h.Header, Secure: true,
		RawHead: raw[:end], Following: int64(len(raw) - end), DeclaredLength: -1,
	}
	body := raw[end:]
	if n, err := strconv.ParseInt(h.Header.Get("Content-Length"), 10, 64); err == nil && n >= 0 {
		ex.DeclaredLength = n
		if int64(len(body)) > n {
			body = body[:n]
		}
	}
	if strings.EqualFold(strings.TrimSpace(h.Header.Get("Transfer-Encoding")), "chunked") {
		if dechunked, err := io.ReadAll(httputil.NewChunkedReader(bytes.NewReader(body))); err == nil {
			body = dechunked
		}
	}
	if len(body) > maxBody {
		body, ex.BodyTruncated = body[:maxBody], true
	}
	ex.Body = body
	return ex, nil
}

// clip shortens bytes quoted in a message.
func clip(raw []byte) string {
	if len(raw) > 80 {
		return string(raw[:80]) + "…"
	}
	return string(raw)
}
