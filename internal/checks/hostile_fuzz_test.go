package checks

import (
	"strings"
	"testing"
)

// FuzzParseAuthParams feeds the Authentication-Info parser arbitrary
// values. It must not panic, every parameter it returns has a name that
// is a token of the input, and it reads no more parameters than the
// value has bytes. `make fuzz` runs it for 30 seconds; the seeds run with
// every `go test`.
func FuzzParseAuthParams(f *testing.F) {
	for _, seed := range []string{
		`nextnonce="abc", qop=auth, rspauth="0123", cnonce="x", nc=00000001`,
		`a=b,,c="d\"e"`, `, , =x`, `a = "unterminated`, `x="\`, "a=\x00b", `rspauth=` + strings.Repeat(`"`, 64),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, v string) {
		params, _ := ParseAuthParams(v)
		if len(params) > len(v) {
			t.Fatalf("%d parameters from %d bytes", len(params), len(v))
		}
		for _, p := range params {
			if p.Name == "" || !strings.Contains(v, p.Name) {
				t.Fatalf("parameter name %q is not in the value %q", p.Name, v)
			}
		}
		// The rules that read the field judge it without panicking.
		e := fwExchange(200, "GET", "Authentication-Info", v, "Proxy-Authentication-Info", v)
		e.SentAuthorization = `Digest username="u", realm="r", nonce="n", uri="/", response="x", qop=auth, nc=00000001, cnonce="c"`
		e.SentAuthorizationField = true
		c := NewContext(e)
		judgeAll(c)
	})
}

// FuzzResponseHeads feeds the raw-head reader (the bytes of response
// heads as they came off a connection) and every rule of the catalogue
// that reads them. Nothing may panic, and what the reader returns stays
// inside the input.
func FuzzResponseHeads(f *testing.F) {
	for _, seed := range []string{
		"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 401 No\r\nWWW-Authenticate: Bearer\r\n folded\r\n\r\n",
		"HTTP/1.1 401 x\nA: b\rc\n\n", "HTTP/1.1 401\r\nX: \x00\x1b]8;;\x07\r\n\r\n", "HTTP/1.0 99999999999999999999 x\r\n\r\n",
		"HTTP/1.1 401 x\r\n" + strings.Repeat("WWW-Authenticate: S realm=r\r\n", 50) + "\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		heads, end, ok := ResponseHeads(raw)
		if ok && (end <= 0 || end > len(raw) || len(heads) == 0) {
			t.Fatalf("ResponseHeads: end %d of %d bytes, %d heads", end, len(raw), len(heads))
		}
		if h, ok := ParseHead(raw); ok && (h.Len <= 0 || h.Len > len(raw)) {
			t.Fatalf("ParseHead: a head of %d bytes in %d", h.Len, len(raw))
		}
		e := fwExchange(401, "GET", "WWW-Authenticate", `Basic realm="x"`)
		e.RawHead = raw
		c := NewContext(e)
		judgeAll(c)
	})
}

// judgeAll runs every single-response rule of the catalogue on c (rules
// over several exchanges have no Check of their own).
func judgeAll(c *Context) {
	for _, r := range All() {
		if r.Check != nil {
			Judge(r, c)
		}
	}
}
