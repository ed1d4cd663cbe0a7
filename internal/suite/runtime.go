package suite

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/probe"
	"github.com/authspec/authspec/internal/refserver"
	"github.com/authspec/authspec/internal/schedule"
)

// reference is the built-in reference server of this process, started the
// first time a builtin:reference target needs it. Under `ginkgo -p` every
// process that runs such a spec starts its own: they share nothing.
var reference struct {
	once sync.Once
	srv  *refserver.Server
	err  error
}

func startReference() (*refserver.Server, error) {
	reference.once.Do(func() {
		reference.srv, reference.err = refserver.Start()
	})
	return reference.srv, reference.err
}

// StopReference stops the reference server if this process started one.
func StopReference() {
	if reference.srv != nil {
		reference.srv.Close()
	}
}

// Runtime is one target as this process talks to it: the resolved address
// and the probe client, created on first use so that building the spec tree
// sends nothing and starts nothing.
type Runtime struct {
	Target config.Target

	// gate is the target's share of the run's limits, set by the run.
	gate *schedule.TargetGate

	once   sync.Once
	client *probe.Client
	// ready holds the client once made, for readers on other goroutines
	// (the progress line) that must not race with Client.
	ready atomic.Pointer[probe.Client]
	base  string
	err   error
}

// NewRuntime prepares the runtime of a target without contacting it.
func NewRuntime(t config.Target) *Runtime {
	return &Runtime{Target: t}
}

// Credentials are the credentials the target's requests carry: the
// declared ones, or for a builtin:reference target without any (or with
// query_token alone) the reference server's own, as Client gives them, so
// that the probes that need credentials run against the reference too.
func (rt *Runtime) Credentials() *config.Credentials {
	c := rt.Target.Credentials
	if rt.Target.URL != config.BuiltinReference || c != nil && (c.Username != "" || c.Token != "") {
		return c
	}
	ref := &config.Credentials{
		Username: refserver.Username,
		Password: refserver.Password,
		Token:    refserver.Token,
	}
	if c != nil {
		// credentials: {query_token: true} alone: the switch goes with the
		// reference's own token.
		ref.QueryToken = c.QueryToken
	}
	return ref
}

// Client returns the target's probe client, starting the reference server
// first for a builtin:reference target. A builtin target without
// credentials (or with query_token alone) gets the reference server's own,
// so its control checks run.
func (rt *Runtime) Client() (*probe.Client, error) {
	rt.once.Do(func() {
		t := rt.Target
		rt.base = t.URL
		if t.URL == config.BuiltinReference {
			srv, err := startReference()
			if err != nil {
				rt.err = fmt.Errorf("starting the built-in reference server: %w", err)
				return
			}
			rt.base = srv.URL
			t.Credentials = rt.Credentials()
		}
		rt.client, rt.err = probe.NewClient(t, rt.base)
		if rt.client != nil && rt.gate != nil {
			rt.client.SetGate(rt.gate)
		}
		rt.ready.Store(rt.client)
	})
	return rt.client, rt.err
}

// Close releases the client's idle connections, if it has a client.
func (rt *Runtime) Close() {
	if rt.client != nil {
		rt.client.Close()
	}
}

// Requests is the number of requests sent to the target so far.
func (rt *Runtime) Requests() int {
	if rt.client == nil {
		return 0
	}
	return rt.client.Requests()
}

// sent is the number of requests sent to the target so far; safe to call
// while the target's units run.
func (rt *Runtime) sent() int {
	if c := rt.ready.Load(); c != nil {
		return c.Requests()
	}
	return 0
}

// Base returns the address actually probed (the reference server's for a
// builtin target); empty before the first Client call.
func (rt *Runtime) Base() string { return rt.base }

// Resource is one method on one resource of a target: the unit whose probes
// share an Ordered container, and so a process. It remembers what earlier
// probes learned, above all the challenges the server offers, which the
// bad-credential, repeated and control probes answer.
type Resource struct {
	RT     *Runtime
	Method string
	Path   string
	// HeadToo is set on the GET of a resource: its HEAD probe compares with it.
	HeadToo bool

	mu      sync.Mutex
	unauth  []*probe.Exchange
	offered []checks.Challenge
}

// Unauthenticated returns the exchanges of the unauthenticated request,
// sending it the first time only.
func (r *Resource) Unauthenticated(ctx context.Context, c *probe.Client) []*probe.Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.unauth == nil {
		r.unauth = c.Unauthenticated(ctx, r.Method, r.Path)
		if final := finalAnswer(r.unauth); final != nil {
			r.offered = checks.NewContext(&final.Judge).Challenges
		}
	}
	return r.unauth
}

// forget drops what the probes shared once they are all done: the
// exchanges hold bodies and headers, and a run of thousands of resources
// must not keep them.
func (r *Resource) forget() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.unauth, r.offered = nil, nil
}

// FinalUnauthenticated returns the final answer to the unauthenticated
// request (after retries and redirects), or nil when it got none.
func (r *Resource) FinalUnauthenticated(ctx context.Context, c *probe.Client) *probe.Exchange {
	return finalAnswer(r.Unauthenticated(ctx, c))
}

// Offered returns the challenges of the final unauthenticated answer,
// parsed once for the probes that answer them.
func (r *Resource) Offered(ctx context.Context, c *probe.Client) []checks.Challenge {
	r.Unauthenticated(ctx, c)
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.offered
}

// finalAnswer is the last exchange of a request, when it got a response.
func finalAnswer(exs []*probe.Exchange) *probe.Exchange {
	if len(exs) == 0 || exs[len(exs)-1].Err != nil {
		return nil
	}
	return exs[len(exs)-1]
}

// Redactor returns a redactor for every credential this target's requests
// may carry, in every form: what the client sent (Digest values included)
// and what the configuration holds.
func (rt *Runtime) Redactor() *probe.Redactor {
	secrets := probe.TargetSecrets(rt.Target)
	if rt.client != nil {
		secrets = append(secrets, rt.client.Secrets()...)
	}
	return probe.NewRedactor(secrets...)
}
