// Package rawserve runs loopback TCP servers whose connections are served
// by hand: the fixtures that send what net/http never would, and the
// benchmark farm, which answers with less CPU than net/http's server.
package rawserve

import (
	"net"
	"sync"
)

// Server accepts connections on a loopback port and hands each to its
// serve function, in a goroutine of its own. Stop closes the listener and
// every open connection, so no serve function can outlive it.
type Server struct {
	ln    net.Listener
	mu    sync.Mutex
	conns map[net.Conn]struct{} // nil once stopping
	wg    sync.WaitGroup
}

// Start listens on 127.0.0.1 (loopback only: nothing beyond this host can
// reach it) and serves every connection with serve, which need not close
// it.
func Start(serve func(net.Conn)) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{ln: ln, conns: map[net.Conn]struct{}{}}
	s.wg.Go(func() { s.accept(serve) })
	return s, nil
}

// URL is the server's origin, http://127.0.0.1:PORT.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() }

func (s *Server) accept(serve func(net.Conn)) {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return // stopped
		}
		s.mu.Lock()
		if s.conns == nil { // stopping
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = struct{}{}
		s.mu.Unlock()
		s.wg.Go(func() {
			defer s.forget(c)
			serve(c)
		})
	}
}

func (s *Server) forget(c net.Conn) {
	c.Close()
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}

// Stop closes the listener and every connection, without waiting for
// answers in flight, then waits for the serve functions to return.
func (s *Server) Stop() error {
	err := s.ln.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.conns = nil
	s.mu.Unlock()
	s.wg.Wait()
	return err
}
