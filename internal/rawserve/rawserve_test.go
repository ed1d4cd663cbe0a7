package rawserve

import (
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"
)

// A connection is served by hand, and Stop ends the serve functions still
// reading by closing their connections: nothing outlives the server.
func TestServeAndStop(t *testing.T) {
	var ended atomic.Int64
	s, err := Start(func(c net.Conn) {
		defer ended.Add(1)
		io.WriteString(c, "hello\n")
		io.Copy(io.Discard, c) // until the connection is closed
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Errorf("URL %q is not on loopback", s.URL())
	}
	c, err := net.Dial("tcp", strings.TrimPrefix(s.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	buf := make([]byte, 6)
	if _, err := io.ReadFull(c, buf); err != nil || string(buf) != "hello\n" {
		t.Fatalf("read %q, %v", buf, err)
	}
	if err := s.Stop(); err != nil {
		t.Errorf("Stop: %v", err)
	}
	if n := ended.Load(); n != 1 {
		t.Errorf("%d serve functions ended by Stop, want 1", n)
	}
	if _, err := net.Dial("tcp", strings.TrimPrefix(s.URL(), "http://")); err == nil {
		t.Error("the server still accepts connections after Stop")
	}
}
