package probe

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestBodyCappedAtMaxBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "10000")
		w.WriteHeader(401)
		w.Write([]byte(strings.Repeat("x", 10000)))
	}))
	defer srv.Close()
	tg := testTarget()
	tg.MaxBody = 1024
	c := newTestClient(t, tg, srv.URL)
	ex := c.Unauthenticated(context.Background(), "GET", "/")[0]
	if ex.Err != nil || len(ex.Judge.Body) != 1024 || !ex.Judge.BodyTruncated || ex.Judge.DeclaredLength != 10000 {
		t.Errorf("err %v, body %d bytes, truncated %v, declared %d", ex.Err, len(ex.Judge.Body), ex.Judge.BodyTruncated, ex.Judge.DeclaredLength)
	}
	if len(ex.Evidence().Response) > 2048+500 {
		t.Errorf("evidence is %d bytes; the excerpt should be at most 2 KiB", len(ex.Evidence().Response))
	}
}

func TestHeadDetectsContentAfterHeader(t *testing.T) {
	base := rawServer(t, func(conn net.Conn) {
		head := readRequestHead(conn)
		if !strings.HasPrefix(head, "HEAD /h HTTP/1.1\r\n") {
			return
		}
		io.WriteString(conn, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"r\"\r\nContent-Length: 12\r\n\r\nnot allowed!")
	})
	c := newTestClient(t, testTarget(), base)
	exs := c.Head(context.Background(), "/h")
	if len(exs) != 1 {
		t.Fatalf("%d exchanges", len(exs))
	}
	ex := exs[0]
	if ex.Err != nil || ex.Judge.Status != 401 || string(ex.Judge.Body) != "not allowed!" || ex.Judge.DeclaredLength != 12 {
		t.Fatalf("err %v status %d body %q declared %d", ex.Err, ex.Judge.Status, ex.Judge.Body, ex.Judge.DeclaredLength)
	}
	if ex.Duration <= 0 {
		t.Errorf("Duration = %v for an answered raw HEAD, want > 0", ex.Duration)
	}
	if ex.Probe != Head || ex.Method != "HEAD" || !strings.Contains(ex.Evidence().Curl, " -I ") {
		t.Errorf("probe %s method %s curl %s", ex.Probe, ex.Method, ex.Evidence().Curl)
	}
	if c.Requests() != 1 {
		t.Errorf("Requests() = %d", c.Requests())
	}
}

func TestHeadWithoutContent(t *testing.T) {
	rec := &seen{}
	srv := challengeServer(t, rec, `Basic realm="r"`)
	c := newTestClient(t, testTarget(), srv.URL)
	ex := c.Head(context.Background(), "/")[0]
	if ex.Err != nil || ex.Judge.Status != 401 || len(ex.Judge.Body) != 0 || ex.Judge.DeclaredLength != 24 {
		t.Errorf("err %v status %d body %q declared %d", ex.Err, ex.Judge.Status, ex.Judge.Body, ex.Judge.DeclaredLength)
	}
	r := rec.all()[0]
	if r.Method != "HEAD" || r.Header.Get("X-Env") != "staging" || r.Header.Get("Authorization") != "" {
		t.Errorf("server saw %s %v", r.Method, r.Header)
	}
}

func TestTricklingServerTimesOut(t *testing.T) {
	base := rawServer(t, func(conn net.Conn) {
		readRequestHead(conn)
		io.WriteString(conn, "HTTP/1.1 401 Unauthorized\r\nContent-Length: 1000\r\n\r\n")
		for i := 0; i < 1000; i++ {
			if _, err := conn.Write([]byte("x")); err != nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
	tg := testTarget()
	tg.Timeout = 300 * time.Millisecond
	c := newTestClient(t, tg, base)
	ex := c.Unauthenticated(context.Background(), "GET", "/")[0]
	if ex.ErrKind != ErrTimeout || ex.Judge.Status != 0 {
		t.Errorf("ErrKind %q status %d err %v", ex.ErrKind, ex.Judge.Status, ex.Err)
	}
	hd := c.Head(context.Background(), "/")[0]
	if hd.Err != nil || hd.Judge.Status != 401 || len(hd.Judge.Body) == 0 {
		t.Errorf("HEAD: err %v status %d body %d bytes", hd.Err, hd.Judge.Status, len(hd.Judge.Body))
	}
}

func TestRetriesBounded(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	tg := testTarget()
	tg.Retries, tg.MaxRetryAfter = 2, 5*time.Millisecond
	c := newTestClient(t, tg, srv.URL)
	exs := c.Unauthenticated(context.Background(), "GET", "/")
	if len(exs) != 3 || hits.Load() != 3 || c.Requests() != 3 {
		t.Fatalf("%d exchanges, %d hits, %d requests; want 3 each", len(exs), hits.Load(), c.Requests())
	}
	if !strings.Contains(strings.Join(exs[0].Notes, ";"), "honoured") {
		t.Errorf("notes %v do not mention the wait", exs[0].Notes)
	}
	if !strings.Contains(strings.Join(exs[2].Notes, ";"), "used up") {
		t.Errorf("last notes %v", exs[2].Notes)
	}
	// Still told to come back later after every retry: the target could
	// not be tested, which is an error, not a broken rule; rate-limited,
	// since it said 429 (503 would be unavailable).
	if exs[2].ErrKind != ErrRateLimited || exs[2].Err == nil || exs[0].Err != nil {
		t.Errorf("last exchange kind %q err %v (first err %v); want only the last rate-limited", exs[2].ErrKind, exs[2].Err, exs[0].Err)
	}
	// And the target is done: the next request is not sent, with retries
	// of its own or otherwise.
	later := c.Unauthenticated(context.Background(), "GET", "/other")
	if hits.Load() != 3 || len(later) != 1 || later[0].ErrKind != ErrRateLimited || !strings.Contains(later[0].Err.Error(), "not sent") {
		t.Errorf("after the retries were used up: %d hits, later exchange %q %v", hits.Load(), later[0].ErrKind, later[0].Err)
	}
}

// A Retry-After longer than max_retry_after is one rate-limited error, with
// no retry, and the target's later requests are not sent at all.
func TestRetryAfterBeyondTheLimitStopsTheTarget(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	tg := testTarget()
	tg.Retries, tg.MaxRetryAfter = 2, 5*time.Millisecond
	c := newTestClient(t, tg, srv.URL)
	exs := c.Unauthenticated(context.Background(), "GET", "/")
	if len(exs) != 1 || hits.Load() != 1 {
		t.Fatalf("%d exchanges, %d hits; want 1 each (no retry)", len(exs), hits.Load())
	}
	if exs[0].ErrKind != ErrRateLimited || exs[0].Judge.Status != 0 || !strings.Contains(exs[0].Err.Error(), "longer than max_retry_after") {
		t.Fatalf("kind %q status %d err %v", exs[0].ErrKind, exs[0].Judge.Status, exs[0].Err)
	}
	later := c.Malformed(context.Background(), "GET", "/")
	if hits.Load() != 1 {
		t.Fatalf("%d hits after the target asked for an hour's pause", hits.Load())
	}
	for _, ex := range later {
		if ex.ErrKind != ErrRateLimited || !strings.Contains(ex.Err.Error(), "not sent") {
			t.Errorf("later exchange: kind %q err %v", ex.ErrKind, ex.Err)
		}
	}
}

func TestRetryThenSuccessAndNoRetryWithoutHeader(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 && r.URL.Path == "/retry" {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(503)
			return
		}
		w.WriteHeader(map[bool]int{true: 503, false: 401}[r.URL.Path == "/plain503"])
	}))
	defer srv.Close()
	c := newTestClient(t, testTarget(), srv.URL)
	exs := c.Unauthenticated(context.Background(), "GET", "/retry")
	if len(exs) != 2 || exs[0].Judge.Status != 503 || exs[1].Judge.Status != 401 || len(exs[0].Notes) == 0 {
		t.Errorf("retry: %d exchanges", len(exs))
	}
	if exs := c.Unauthenticated(context.Background(), "GET", "/plain503"); len(exs) != 1 {
		t.Errorf("503 without Retry-After retried: %d exchanges", len(exs))
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"120": 2 * time.Minute, "0": 0,
		// Beyond 2^32-1 seconds: saturated, not refused, so the 503 is
		// still read as "come back much later".
		"4294967295":           4294967295 * time.Second,
		"4294967296":           4294967295 * time.Second,
		"99999999999999999999": 4294967295 * time.Second,
		now.Add(90 * time.Second).Format(http.TimeFormat): 90 * time.Second,
		now.Add(-time.Hour).Format(http.TimeFormat):       0,
	} {
		if got, err := parseRetryAfter(v, now); err != nil || got != want {
			t.Errorf("%q: %v %v, want %v", v, got, err, want)
		}
	}
	for _, v := range []string{"", "-1", "soon", "1.5"} {
		if _, err := parseRetryAfter(v, now); err == nil {
			t.Errorf("%q accepted", v)
		}
	}
}

func TestRedirectNotFollowed(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, "/login", http.StatusFound)
	}))
	defer srv.Close()
	c := newTestClient(t, testTarget(), srv.URL)
	exs := c.Unauthenticated(context.Background(), "GET", "/")
	if len(exs) != 1 || exs[0].Judge.Status != 302 || hits.Load() != 1 {
		t.Fatalf("%d exchanges, %d hits", len(exs), hits.Load())
	}
	if !strings.Contains(strings.Join(exs[0].Notes, ";"), "redirect to "+srv.URL+"/login not followed") {
		t.Errorf("notes %v", exs[0].Notes)
	}
}

func TestRedirectFollowedWithoutCredentialsCrossHost(t *testing.T) {
	other := &seen{}
	otherSrv := challengeServer(t, other, `Basic realm="other"`)
	rec := &seen{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		if r.URL.Path == "/start" {
			http.Redirect(w, r, "/next", http.StatusTemporaryRedirect)
			return
		}
		http.Redirect(w, r, otherSrv.URL+"/elsewhere", http.StatusFound)
	}))
	defer srv.Close()
	tg := testTarget()
	tg.FollowRedirects = true
	c := newTestClient(t, tg, srv.URL)
	exs := c.BadCredentials(context.Background(), "GET", "/start", nil)
	if len(exs) != 3 || exs[2].Judge.Status != 401 || exs[2].URL != otherSrv.URL+"/elsewhere" {
		t.Fatalf("%d exchanges", len(exs))
	}
	if got := rec.all(); got[0].Header.Get("Authorization") == "" || got[1].Header.Get("Authorization") == "" {
		t.Error("credentials not sent on the same-origin hop")
	}
	if got := other.all()[0].Header.Get("Authorization"); got != "" {
		t.Errorf("credentials sent cross-host: %q", got)
	}
}

func TestRedirectHopsCapped(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, fmt.Sprintf("/loop%d", hits.Load()), http.StatusFound)
	}))
	defer srv.Close()
	tg := testTarget()
	tg.FollowRedirects = true
	c := newTestClient(t, tg, srv.URL)
	exs := c.Unauthenticated(context.Background(), "GET", "/")
	if len(exs) != 6 || hits.Load() != 6 {
		t.Errorf("%d exchanges, %d hits; want 6 (5 hops)", len(exs), hits.Load())
	}
}

func TestErrorKinds(t *testing.T) {
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	refusedURL := "http://" + closed.Addr().String()
	closed.Close()
	cases := map[string]string{
		ErrRefused: refusedURL,
		ErrDNS:     "http://nonexistent.invalid",
		ErrEOF: rawServer(t, func(conn net.Conn) {
			readRequestHead(conn)
		}),
		ErrProtocol: rawServer(t, func(conn net.Conn) {
			readRequestHead(conn)
			io.WriteString(conn, "SSH-2.0-OpenSSH_9.6\r\n\r\n")
		}),
		ErrTooLarge: rawServer(t, func(conn net.Conn) {
			readRequestHead(conn)
			io.WriteString(conn, "HTTP/1.1 401 Unauthorized\r\nX-Big: "+strings.Repeat("a", 2<<20)+"\r\n\r\n")
		}),
		ErrReset: rawServer(t, func(conn net.Conn) {
			readRequestHead(conn)
			conn.(*net.TCPConn).SetLinger(0)
		}),
	}
	for kind, base := range cases {
		c := newTestClient(t, testTarget(), base)
		ex := c.Unauthenticated(context.Background(), "GET", "/")[0]
		if ex.ErrKind != kind || ex.Err == nil || ex.Judge.Status != 0 {
			t.Errorf("%s: got ErrKind %q, err %v", kind, ex.ErrKind, ex.Err)
		}
		if ex.Evidence().Curl == "" || ex.Evidence().Request == "" {
			t.Errorf("%s: evidence missing", kind)
		}
		if (kind == ErrDNS || kind == ErrRefused) && c.Requests() != 0 {
			t.Errorf("%s: Requests() = %d, but nothing reached the target", kind, c.Requests())
		}
	}
}

func TestBadTargetsRejected(t *testing.T) {
	for _, base := range []string{"", "ftp://x", "/relative", "http://", "http://u:p@host"} {
		if _, err := NewClient(testTarget(), base); err == nil {
			t.Errorf("base %q accepted", base)
		}
	}
	tg := testTarget()
	tg.TLS.CAFile = "/nonexistent/ca.pem"
	if _, err := NewClient(tg, "https://127.0.0.1"); err == nil || !strings.Contains(err.Error(), "ca_file") {
		t.Errorf("missing CA file: %v", err)
	}
}
