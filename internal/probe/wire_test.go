package probe

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func wireServer() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="wire"`)
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(401)
		w.Write([]byte("send Basic credentials\n"))
	})
}

// Each request on a kept-alive connection records its own head, with the
// bytes that followed it, and nothing of the next.
func TestRawHeadPerRequestOnOneConnection(t *testing.T) {
	srv := httptest.NewServer(wireServer())
	defer srv.Close()
	c := newTestClient(t, testTarget(), srv.URL)
	for i := 0; i < 3; i++ {
		ex := c.Unauthenticated(context.Background(), "GET", "/")[0]
		raw := string(ex.Judge.RawHead)
		if !strings.HasPrefix(raw, "HTTP/1.1 401 Unauthorized\r\n") || !strings.HasSuffix(raw, "\r\n\r\n") || strings.Count(raw, "HTTP/1.1") != 1 {
			t.Fatalf("request %d: raw head %q", i, raw)
		}
		if ex.Judge.Following != int64(len("send Basic credentials\n")) {
			t.Errorf("request %d: %d bytes followed, want the body's %d", i, ex.Judge.Following, len("send Basic credentials\n"))
		}
		if !strings.Contains(ex.Evidence().RawHead, `realm="wire"\r\n`) {
			t.Errorf("escaped raw head %q", ex.Evidence().RawHead)
		}
	}
}

// Over TLS the head is recorded above TLS when HTTP/1.1 is negotiated,
// and not at all over HTTP/2, which has no textual head.
func TestRawHeadOverTLS(t *testing.T) {
	cert, ca := testCert(t, time.Now().Add(-time.Hour), time.Now().Add(time.Hour), nil, loopbackIP)
	for _, h2 := range []bool{false, true} {
		srv := httptest.NewUnstartedServer(wireServer())
		srv.EnableHTTP2 = h2
		srv.TLS = tlsConfigWith(cert)
		srv.StartTLS()
		tg := testTarget()
		tg.TLS.CAFile = ca
		ex := newTestClient(t, tg, srv.URL).Unauthenticated(context.Background(), "GET", "/")[0]
		srv.Close()
		if ex.Err != nil {
			t.Fatalf("h2=%v: %v", h2, ex.Err)
		}
		recorded := strings.HasPrefix(string(ex.Judge.RawHead), "HTTP/1.1 401")
		if recorded == h2 || (h2 && ex.Protocol != "HTTP/2.0") {
			t.Errorf("h2=%v: protocol %s, raw head %q", h2, ex.Protocol, ex.Judge.RawHead)
		}
	}
}

func TestEscapeRaw(t *testing.T) {
	got := escapeRaw([]byte("HTTP/1.1 401 X\r\nA: b\x01\tc\\\n folded\r\n\r\n"))
	want := "HTTP/1.1 401 X\\r\\n\nA: b\\x01\\tc\\\\\\n\n folded\\r\\n\n\\r\\n\n"
	if got != want {
		t.Errorf("escapeRaw:\n got %q\nwant %q", got, want)
	}
	long := escapeRaw([]byte(strings.Repeat("a", maxRawShown+10)))
	if !strings.HasSuffix(long, "[... 8192 bytes shown of 8202]") {
		t.Errorf("long head not cut: ...%q", long[len(long)-40:])
	}
}

func tlsConfigWith(cert tls.Certificate) *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{cert}}
}

// A pooled connection goes to the next request as soon as a response's
// body is read, sometimes before the request that read it asks for its
// recording: each request gets its own bytes all the same, never the next
// one's, and a recording nobody asks for is not kept forever.
func TestWireConnKeepsEachRequestsRecording(t *testing.T) {
	client, server := net.Pipe()
	defer client.Close()
	defer server.Close()
	w := newWireConn(client, 1<<20)
	read := func(s string) {
		t.Helper()
		go server.Write([]byte(s))
		buf := make([]byte, len(s))
		if _, err := io.ReadFull(w, buf); err != nil {
			t.Fatal(err)
		}
	}
	first := w.arm()
	read("HTTP/1.1 401 A\r\n\r\n")
	second := w.arm() // the next request got the connection first
	read("HTTP/1.1 401 B\r\n\r\n")
	if raw, total := w.recorded(first); string(raw) != "HTTP/1.1 401 A\r\n\r\n" || total != int64(len(raw)) {
		t.Errorf("the first request got %q (%d bytes), want its own response", raw, total)
	}
	if raw, _ := w.recorded(second); string(raw) != "HTTP/1.1 401 B\r\n\r\n" {
		t.Errorf("the second request got %q, want its own response", raw)
	}
	if raw, _ := w.recorded(first); raw != nil {
		t.Errorf("a recording was handed out twice: %q", raw)
	}
	read("stray bytes while idle")
	for range maxSetAside + 3 {
		w.arm()
	}
	if n := len(w.done); n > maxSetAside {
		t.Errorf("%d recordings set aside, want at most %d", n, maxSetAside)
	}
}

// Many requests at once over a few pooled connections: every exchange's
// raw head is the head of its own response, never missing and never the
// next request's (the server names the path it answers in a field).
func TestRawHeadsStayWithTheirRequests(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="r"`)
		w.Header().Set("X-Answers", r.URL.Path)
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte("send credentials\n"))
	}))
	defer srv.Close()
	c := newTestClient(t, testTarget(), srv.URL)
	const n = 200
	exs := make([][]*Exchange, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { exs[i] = c.Unauthenticated(context.Background(), "GET", fmt.Sprintf("/p%d", i)) })
	}
	wg.Wait()
	for i, got := range exs {
		ex := got[len(got)-1]
		want := fmt.Sprintf("X-Answers: /p%d\r\n", i)
		if ex.Err != nil || !strings.Contains(string(ex.Judge.RawHead), want) {
			t.Errorf("request %d: raw head %q (error %v), want its own response's, with %q", i, ex.Judge.RawHead, ex.Err, want)
		}
	}
}
