package checks

import (
	"net/http"
	"strings"
	"testing"
)

// rawExchange is a 401 whose head is raw, read leniently the way the probe
// does when it has the bytes.
func rawExchange(t *testing.T, raw string) *Exchange {
	t.Helper()
	heads, end, ok := ResponseHeads([]byte(raw))
	if !ok {
		t.Fatalf("no head in %q", raw)
	}
	h := heads[len(heads)-1]
	return &Exchange{Method: "GET", Status: h.Status, Header: h.Header, RawHead: []byte(raw[:end]),
		Body: []byte(raw[end:]), DeclaredLength: -1, Following: int64(len(raw) - end)}
}

// wireViolations lists the wire rules e breaks.
func wireViolations(e *Exchange) []string {
	var out []string
	for _, res := range Evaluate(e) {
		if res.Rule.Wire && res.Status == Violated {
			out = append(out, res.Rule.ID)
		}
	}
	return out
}

func TestWireRules(t *testing.T) {
	const ok = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"a\"\r\nContent-Length: 0\r\n\r\n"
	cases := []struct {
		name, raw string
		want      string
	}{
		{"clean", ok, ""},
		{"clean after 103", "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + ok, ""},
		{"obs-fold", "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic\r\n realm=\"a\"\r\n\r\n", "rfc9112/obs-fold"},
		{"obs-fold with tab", "HTTP/1.1 401 Unauthorized\r\nX-A: b\r\n\tc\r\n\r\n", "rfc9112/obs-fold"},
		{"obs-fold in interim head", "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n ;rel=preload\r\n\r\n" + ok, "rfc9112/obs-fold"},
		{"bare CR", "HTTP/1.1 401 Unauthorized\r\nX-A: b\rc\r\n\r\n", "rfc9112/bare-cr"},
		{"bare CR before CRLF", "HTTP/1.1 401 Unauthorized\r\nX-A: b\r\r\n\r\n", "rfc9112/bare-cr"},
		{"bare LF", "HTTP/1.1 401 Unauthorized\nX-A: b\n\n", "rfc9112/bare-lf"},
		{"bare LF on the empty line only", "HTTP/1.1 401 Unauthorized\r\nX-A: b\r\n\n", "rfc9112/bare-lf"},
		{"CTL in another field", "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"a\"\r\nX-A: b\x01c\r\n\r\n", "rfc9110/head-control-chars"},
		{"DEL in another field", "HTTP/1.1 401 Unauthorized\r\nX-A: b\x7f\r\n\r\n", "rfc9110/head-control-chars"},
		{"CTL in the challenge is the parser's", "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"a\x01\"\r\n\r\n", ""},
		{"HTAB is fine", "HTTP/1.1 401 Unauthorized\r\nX-A: b\tc\r\n\r\n", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(wireViolations(rawExchange(t, tc.raw)), ",")
			if got != tc.want {
				t.Errorf("violations %q, want %q", got, tc.want)
			}
		})
	}
}

// The findings quote the offending line with its terminator.
func TestWireFindingEvidence(t *testing.T) {
	e := rawExchange(t, "HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic\n realm=\"a\"\n\n")
	for _, res := range Evaluate(e) {
		if res.Rule == ObsFold {
			if len(res.Findings) != 1 || res.Findings[0].Evidence != " realm=\"a\"\n" {
				t.Fatalf("obs-fold findings %v", res.Findings)
			}
			return
		}
	}
	t.Fatal("obs-fold not evaluated")
}

func TestParseHeadLenient(t *testing.T) {
	h, ok := ParseHead([]byte("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic\r\n realm=\"S\x01\"\nX-B:  v \r\nno colon\r\n\r\nbody"))
	if !ok || h.Status != 401 || h.Reason != "Unauthorized" || h.Proto != "HTTP/1.1" {
		t.Fatalf("%+v %v", h, ok)
	}
	if got := h.Header.Get("Www-Authenticate"); got != "Basic realm=\"S\x01\"" {
		t.Errorf("folded value %q", got)
	}
	if got := h.Header.Get("X-B"); got != "v" {
		t.Errorf("X-B %q", got)
	}
	if h.Len != len("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic\r\n realm=\"S\x01\"\nX-B:  v \r\nno colon\r\n\r\n") {
		t.Errorf("Len %d", h.Len)
	}
	for _, bad := range []string{"", "HTTP/1.1 401 Unauthorized\r\nX: y\r\n", "SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 4x1 No\r\n\r\n", "HTTP/2 401\r\n\r\n"} {
		if _, ok := ParseHead([]byte(bad)); ok {
			t.Errorf("ParseHead(%q) ok", bad)
		}
	}
	if _, _, ok := ResponseHeads([]byte("HTTP/1.1 100 Continue\r\n\r\n")); ok {
		t.Error("an interim head alone is not a response")
	}
}

// Content-Length judged both ways: too few bytes, and more bytes after
// the content than it announced.
func TestContentLengthBothWays(t *testing.T) {
	base := func(declared, following int64, body string) *Exchange {
		e := withBody(fwExchange(http.StatusUnauthorized, "GET", "WWW-Authenticate", `Basic realm="a"`, "Content-Type", "text/plain"), body)
		e.DeclaredLength, e.Following = declared, following
		return e
	}
	cases := []struct {
		name string
		e    *Exchange
		want bool
	}{
		{"exact", base(5, 5, "hello"), true},
		{"unknown following", base(5, -1, "hello"), true},
		{"too many follow", base(5, 48, "hello"), false},
		{"too few arrived", base(10, 5, "hello"), false},
	}
	for _, tc := range cases {
		res := Judge(ContentLengthMatches, NewContext(tc.e))
		if (res.Status == Pass) != tc.want {
			t.Errorf("%s: %s %v", tc.name, res.Status, res.Findings)
		}
		if tc.name == "too many follow" && !strings.Contains(res.Findings[0].Message, "at least 48") {
			t.Errorf("message %q", res.Findings[0].Message)
		}
	}
}

// TestHeadsEnd: HeadsEnd finds the end ResponseHeads finds, and fails
// where it fails.
func TestHeadsEnd(t *testing.T) {
	for _, raw := range []string{
		"", "\r\n\r\n", "\n\n", "HTTP/1.1 401 Unauthorized\r\n\r\nbody",
		"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic\r\n realm=\"S\x01\"\nX-B:  v \r\nno colon\r\n\r\nbody",
		"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
		"HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 101 Switching Protocols\r\n\r\nxx",
		"HTTP/1.1 401 Unauthorized\r\nX: y\r\n", "SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 4x1 No\r\n\r\n", "HTTP/2 401\r\n\r\n",
		"HTTP/1.0 401\n\n", "HTTP/1.1 401 A\rB\r\n\r\n", "HTTP/1.1 -12 X\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
		strings.Repeat("HTTP/1.1 100 Continue\r\n\r\n", 10) + "HTTP/1.1 200 OK\r\n\r\n",
		strings.Repeat("HTTP/1.1 100 Continue\r\n\r\n", 9) + "HTTP/1.1 200 OK\r\n\r\n",
	} {
		_, want, wantOK := ResponseHeads([]byte(raw))
		got, gotOK := HeadsEnd([]byte(raw))
		if got != want || gotOK != wantOK {
			t.Errorf("HeadsEnd(%q) = %d, %v; ResponseHeads says %d, %v", raw, got, gotOK, want, wantOK)
		}
	}
}
