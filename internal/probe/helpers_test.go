package probe

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
)

// testTarget is a target with small, fast limits for loopback tests.
func testTarget() config.Target {
	return config.Target{
		Name: "test", Kind: config.Origin,
		Timeout: 5 * time.Second, MaxBody: 4096,
		Concurrency: 4, Retries: 2, MaxRetryAfter: 20 * time.Millisecond,
		Headers: map[string]string{"X-Env": "staging"},
	}
}

func newTestClient(t *testing.T, tg config.Target, base string) *Client {
	t.Helper()
	c, err := NewClient(tg, base)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

// seen records the requests a test server received.
type seen struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (s *seen) add(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, r.Clone(r.Context()))
}

func (s *seen) all() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*http.Request(nil), s.reqs...)
}

// challengeServer answers every request with 401 and the given challenges.
func challengeServer(t *testing.T, rec *seen, challenges ...string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		for _, ch := range challenges {
			w.Header().Add("WWW-Authenticate", ch)
		}
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte("authentication required\n"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// rawServer accepts connections on loopback and hands each to handle.
func rawServer(t *testing.T, handle func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				handle(conn)
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// readRequestHead consumes a request header from a raw connection.
func readRequestHead(conn net.Conn) string {
	var b strings.Builder
	buf := make([]byte, 1)
	for !strings.HasSuffix(b.String(), "\r\n\r\n") {
		if _, err := conn.Read(buf); err != nil {
			break
		}
		b.Write(buf)
	}
	return b.String()
}

// ch builds a parsed challenge by hand (the parser lives in checks/).
func ch(scheme string, params ...string) checks.Challenge {
	c := checks.Challenge{Scheme: scheme}
	for i := 0; i+1 < len(params); i += 2 {
		c.Params = append(c.Params, checks.Param{Name: params[i], Value: params[i+1], Quoted: true})
	}
	return c
}

// authParams splits a Digest credentials value into its parameters; a
// small reader for tests only (values without embedded commas).
func authParams(v string) map[string]string {
	_, rest, _ := strings.Cut(v, " ")
	out := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		out[strings.ToLower(name)] = strings.Trim(value, `"`)
	}
	return out
}
