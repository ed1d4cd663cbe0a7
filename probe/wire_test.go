package probe

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"strings"
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
