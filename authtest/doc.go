// Package authtest runs authspec inside `go test`: it probes an
// http.Handler in-process the way `authspec run` probes a server, and
// judges single responses with Gomega matchers or plain functions.
//
//	report := authtest.Handler(t, mux,
//		authtest.Resources("/api/v1/me", "POST /api/v1/orders"),
//		authtest.Token("good-token"))
//	authtest.RequirePass(t, report)
//
//	Expect(resp).To(authtest.HaveValidChallenge())
//	Expect(resp).To(authtest.ConformAsUnauthenticated())
//
// Handler reuses authspec's engine as it is (the probes, the rules, the
// judging, the collection of results), so a handler gets in a test the
// verdicts a run would give the server it becomes. Its options are named
// after their targets.yaml keys and loaded by the same loader.
//
// # Loopback, not an in-memory listener
//
// Handler serves the handler on a loopback listener (127.0.0.1, a port
// the system picks) for the length of the call, not on an in-memory pipe.
// The probe client then runs exactly the code path it runs against a real
// server: its recorder sits on a real connection and reads the response
// head as bytes (so the rules on the wire bytes judge), the repeated probe
// really opens new connections and reuses one, the HEAD probe reads its
// answer off a raw socket, and a Content-Length that disagrees with the
// bytes shows as it would on the network. net.Pipe has no buffering and
// no half-close, and it would have needed a second dialing path through
// the probe client that `authspec run` never takes, whose verdicts could
// drift from a run's. Nothing leaves the machine: loopback traffic never
// reaches a network interface, and it costs microseconds per request.
// httptest.NewServer does the same for every net/http test.
//
// Everything is closed when Handler returns: the listener, every
// connection and every goroutine it started (a test with gleak holds it
// to that).
//
// # Stability
//
// The API of this package is stable: it changes only with a CHANGELOG
// entry and an alias for what it replaces. It exposes only its own types.
// Rule IDs are stable (a renamed rule keeps its old ID as an alias).
package authtest
