package probe

import (
	"context"
	"net"
	"strings"
	"sync/atomic"
	"testing"
)

// A target that closes every connection at once is given up on after
// breakerLimit requests in a row: the rest are recorded as not sent, with
// the last real error, and never reach the server.
func TestBreakerStopsSendingToADeadTarget(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var accepted atomic.Int64
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			conn.Close()
		}
	}()
	c := newTestClient(t, testTarget(), "http://"+ln.Addr().String())
	exs := c.Malformed(context.Background(), "GET", "/")
	if len(exs) != 7 {
		t.Fatalf("%d exchanges, want one per malformed variant (7)", len(exs))
	}
	for i, ex := range exs {
		if ex.Err == nil {
			t.Fatalf("exchange %d got a response from a server that closes at once", i)
		}
		notSent := strings.HasPrefix(ex.Err.Error(), "not sent:")
		if notSent != (i >= breakerLimit) {
			t.Errorf("exchange %d: %v; want the first %d sent and the rest not sent", i, ex.Err, breakerLimit)
		}
		if ex.ErrKind == "" {
			t.Errorf("exchange %d has no error kind", i)
		}
	}
	if n := accepted.Load(); n > breakerLimit*2 {
		t.Errorf("the server accepted %d connections; the breaker should stop at about %d", n, breakerLimit)
	}
}

// One good answer closes the breaker again: only failures in a row count.
func TestBreakerResetsOnSuccess(t *testing.T) {
	var b breaker
	fail := &Exchange{Err: net.ErrClosed, ErrKind: ErrEOF}
	for i := 0; i < breakerLimit-1; i++ {
		b.record(fail)
	}
	b.record(&Exchange{})
	b.record(fail)
	if _, _, open := b.deadTarget(); open {
		t.Fatal("breaker open after a success broke the run of failures")
	}
	b.record(&Exchange{Err: context.Canceled, ErrKind: ErrCanceled})
	for i := 0; i < breakerLimit-1; i++ {
		b.record(fail)
	}
	if _, _, open := b.deadTarget(); !open {
		t.Fatal("breaker closed after breakerLimit failures in a row")
	}
}

// A server that announces more content than it sends and closes has given
// a response with a wrong Content-Length: it is recorded and judged, not
// reported as untestable.
func TestShortBodyIsJudgedNotAnError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 4096)
			conn.Read(buf)
			conn.Write([]byte("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nshort"))
			conn.Close()
		}
	}()
	c := newTestClient(t, testTarget(), "http://"+ln.Addr().String())
	exs := c.Unauthenticated(context.Background(), "GET", "/")
	ex := exs[len(exs)-1]
	if ex.Err != nil {
		t.Fatalf("recorded as an error: %v", ex.Err)
	}
	if ex.Judge.Status != 401 || string(ex.Judge.Body) != "short" || ex.Judge.DeclaredLength != 100 {
		t.Errorf("status %d body %q declared %d, want 401, \"short\", 100", ex.Judge.Status, ex.Judge.Body, ex.Judge.DeclaredLength)
	}
	if len(ex.Notes) == 0 || !strings.Contains(strings.Join(ex.Notes, " "), "5 of the 100 bytes") {
		t.Errorf("notes %v do not say the connection closed early", ex.Notes)
	}
}
