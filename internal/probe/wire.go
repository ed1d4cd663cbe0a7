package probe

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/authspec/authspec/internal/checks"
)

// maxRawShown bounds the raw head shown in evidence.
const maxRawShown = 8 << 10

// wireConn records the bytes read from a connection while armed, so that
// the judge sees an HTTP/1.x response head as it came off the wire, before
// Go's parser unfolds, accepts or refuses it. Recording is bounded: the
// head may be up to maxResponseHeaderBytes, the body up to max_body;
// beyond that only the count goes on.
//
// Each request that gets the connection arms a new recording and gets a
// ticket for it. net/http hands a pooled connection to the next request as
// soon as the previous response's body is read, which can be before that
// request's goroutine asks for its recording: the recording it armed is
// then set aside for it, not wiped or taken by the next request.
type wireConn struct {
	net.Conn
	limit int

	mu    sync.Mutex
	cur   recording   // the one being made, for ticket seq
	seq   uint64      // the ticket of cur
	done  []recording // recordings set aside for their tickets, newest last
	armed bool
}

// recording is what was read for one request.
type recording struct {
	ticket uint64
	buf    []byte
	total  int64
}

// maxSetAside bounds the recordings a connection keeps for requests that
// have not asked for theirs yet: the owner of one asks right after reading
// its body, so a few are plenty.
const maxSetAside = 4

func newWireConn(c net.Conn, limit int) *wireConn {
	return &wireConn{Conn: c, limit: limit}
}

// Read records what it reads while armed.
func (w *wireConn) Read(p []byte) (int, error) {
	n, err := w.Conn.Read(p)
	if n > 0 {
		w.mu.Lock()
		if w.armed {
			w.cur.total += int64(n)
			if room := w.limit - len(w.cur.buf); room > 0 {
				w.cur.buf = append(w.cur.buf, p[:min(n, room)]...)
			}
		}
		w.mu.Unlock()
	}
	return n, err
}

// arm starts a new recording, for the next response, and returns its
// ticket. A connection carries one request at a time over HTTP/1.x, so the
// bytes read from the moment a request gets the connection until the next
// one does are its response's. A recording still armed is set aside for
// its ticket.
func (w *wireConn) arm() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.armed {
		w.done = append(w.done, w.cur)
		if len(w.done) > maxSetAside {
			w.done = w.done[1:]
		}
	}
	w.seq++
	w.cur, w.armed = recording{ticket: w.seq}, true
	return w.seq
}

// recorded returns what was read for ticket, and how many bytes that was
// in all (the recording stops at the limit, the count does not), and
// forgets it: an idle pooled connection keeps no response in memory. A
// ticket whose recording is gone gets nothing.
func (w *wireConn) recorded(ticket uint64) ([]byte, int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.armed && w.cur.ticket == ticket {
		buf, total := w.cur.buf, w.cur.total
		w.cur, w.armed = recording{}, false
		return buf, total
	}
	for i, r := range w.done {
		if r.ticket == ticket {
			w.done = append(w.done[:i], w.done[i+1:]...)
			return r.buf, r.total
		}
	}
	return nil, 0
}

// recordLimit is how many bytes of one response are kept.
func (c *Client) recordLimit() int {
	return maxResponseHeaderBytes + int(c.maxBody) + 64<<10
}

// dialRecorded dials like dial and wraps the connection in a recorder.
func (c *Client) dialRecorded(ctx context.Context, network, addr string) (net.Conn, error) {
	conn, err := c.dial(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return newWireConn(conn, c.recordLimit()), nil
}

// dialTLS does the TLS handshake itself so that an HTTP/1.1 connection can
// be recorded above TLS (a recorder under TLS would see ciphertext). When
// HTTP/2 is negotiated the bare *tls.Conn goes back, as net/http needs it
// to switch to HTTP/2; HTTP/2 frames have no textual head to record.
func (c *Client) dialTLS(ctx context.Context, network, addr string) (net.Conn, error) {
	conn, err := c.dial(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	conf := c.tlsConf.Clone()
	if conf.ServerName == "" {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			host = addr
		}
		conf.ServerName = host
	}
	conf.NextProtos = []string{"h2", "http/1.1"}
	if c.proxy {
		conf.NextProtos = []string{"http/1.1"}
	}
	asked := watchClientCertRequest(conf)
	tc := tls.Client(conn, conf)
	hctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		conn.Close()
		return nil, asked.explain(err)
	}
	if tc.ConnectionState().NegotiatedProtocol == "h2" {
		return tc, nil
	}
	return newWireConn(tc, c.recordLimit()), nil
}

// certRequest notes whether the server asked for a client certificate
// during a handshake made without one.
type certRequest struct{ asked atomic.Bool }

// watchClientCertRequest makes conf note a certificate request when no
// client certificate is configured (it then answers with none, as Go would).
func watchClientCertRequest(conf *tls.Config) *certRequest {
	cr := &certRequest{}
	if len(conf.Certificates) == 0 && conf.GetClientCertificate == nil {
		conf.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			cr.asked.Store(true)
			return &tls.Certificate{}, nil
		}
	}
	return cr
}

// explain turns a handshake failure after a certificate request the
// client could not meet into a clientCertError.
func (cr *certRequest) explain(err error) error {
	if cr.asked.Load() {
		return &clientCertError{err}
	}
	return err
}

// clientCertError is a handshake that failed after the server asked for a
// client certificate and none was configured.
type clientCertError struct{ err error }

func (e *clientCertError) Error() string {
	return "the server asked for a client certificate and none is configured: " + e.err.Error()
}
func (e *clientCertError) Unwrap() error { return e.err }

// wireRecord fills the exchange's raw head and the count of bytes that
// followed it from what the connection recorded.
func wireRecord(ex *Exchange, raw []byte, total int64) {
	end, ok := checks.HeadsEnd(raw)
	if !ok {
		return
	}
	ex.Judge.RawHead = raw[:end]
	ex.Judge.Following = total - int64(end)
	ex.ev.rawHead = ex.Judge.RawHead
}

// lenientResponse is what the probe makes of a response whose head Go's
// parser refused (a control character in a field value, say): the head is
// read leniently from the recorded bytes, and the content is what followed
// it in the recording, up to its Content-Length. ok is false when the
// recording holds no complete head.
func lenientResponse(ex *Exchange, raw []byte, total int64, refused error) bool {
	heads, end, ok := checks.ResponseHeads(raw)
	if !ok {
		return false
	}
	h := heads[len(heads)-1]
	wireRecord(ex, raw, total)
	ex.Protocol = h.Proto
	ex.Judge.Status = h.Status
	ex.Judge.Header = h.Header
	body := raw[end:]
	ex.Judge.DeclaredLength = -1
	if n, err := strconv.ParseInt(h.Header.Get("Content-Length"), 10, 64); err == nil && n >= 0 {
		ex.Judge.DeclaredLength = n
		if int64(len(body)) > n {
			body = body[:n]
		} else if int64(len(body)) < n {
			// Only what arrived with the head was recorded; the rest was
			// never read, which says nothing about the server.
			ex.Judge.BodyTruncated = true
		}
	}
	if ex.Judge.Method == "HEAD" || len(h.Header.Values("Transfer-Encoding")) > 0 {
		body = nil
	}
	ex.Judge.Body = body
	ex.Notes = append(ex.Notes, "Go's HTTP parser refused this response ("+shortErr(refused)+"); it was judged from the bytes as received")
	ex.ev.response = responseLater(h.Proto, h.Status, h.Reason, h.Header, body, ex.Judge.BodyTruncated)
	return true
}

// refusedHead reports whether err is Go's parser refusing a response head
// that can still be read leniently: a field line it finds malformed (a
// control character in a value, a line without a colon).
func refusedHead(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "malformed MIME header line") || strings.Contains(msg, "malformed MIME header: missing colon") ||
		strings.Contains(msg, "invalid header field")
}

// shortErr keeps the last part of a Go error chain.
func shortErr(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && i+2 < len(msg) && strings.Contains(msg[:i], ":") {
		return msg[strings.LastIndex(msg[:i], ": ")+2:]
	}
	return msg
}

// escapeRaw shows head bytes so that every byte can be seen: CR as \r, LF
// as \n followed by a real line break, other control characters and
// invalid UTF-8 as \xNN. A folded line, a bare CR or LF, a NUL all show.
func escapeRaw(raw []byte) string {
	s := string(raw)
	cut := len(s) > maxRawShown
	if cut {
		s = s[:maxRawShown]
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\n':
			b.WriteString("\\n\n")
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == utf8.RuneError && size <= 1, r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
			for j := 0; j < size; j++ {
				fmt.Fprintf(&b, `\x%02x`, s[i+j])
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	if cut {
		fmt.Fprintf(&b, "[... %d bytes shown of %d]", maxRawShown, len(raw))
	}
	return b.String()
}
