package suite

import (
	"context"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/probe"
	"github.com/authspec/authspec/internal/refserver"
)

// The control probe's Requests sizes its spec's timeout, so it bounds what
// the probe sends: on a proxy target with origin_credentials that is the
// valid proxy credentials and their odd-case variant, plus the comparisons
// with the origin behind the proxy (its challenge asked for directly,
// origin_credentials through the proxy and directly, a stale nonce redone:
// probe.RelayRequests), which the bound used to leave out.
func TestControlRequestsBoundTheRelay(t *testing.T) {
	if controlProbe.Requests < probe.ControlRequests+probe.RelayRequests {
		t.Errorf("control Requests %d, want at least %d (valid credentials) + %d (relay)", controlProbe.Requests, probe.ControlRequests, probe.RelayRequests)
	}
	f, ok := fixtures.ByName("proxy-relays-authinfo")
	if !ok {
		t.Fatal("no fixture proxy-relays-authinfo")
	}
	url, stop, err := f.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	tg := config.Target{Name: "p", URL: url, Kind: config.Proxy, Through: url + f.Through, Timeout: 5 * time.Second, MaxBody: 4096, Concurrency: 2,
		Credentials:       &config.Credentials{Username: refserver.Username, Password: refserver.Password},
		OriginCredentials: &config.Credentials{Username: fixtures.OriginUsername, Password: fixtures.OriginPassword}}
	r := &Resource{RT: NewRuntime(tg), Method: "GET", Path: f.Resources[0]}
	c, err := r.RT.Client()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	ctx := context.Background()
	r.Offered(ctx, c)
	before := c.Requests()
	v := controlProbe.Run(ctx, r, c, Judging{})
	sent := c.Requests() - before
	relayed := false
	for _, p := range v.Passes {
		relayed = relayed || p.Rule.ID == authInfoRelayID
	}
	if !relayed {
		t.Fatalf("the Authentication-Info comparison did not run: %+v", v.Results)
	}
	if sent > controlProbe.Requests || sent < 5 {
		t.Errorf("the control probe sent %d requests, its bound is %d (and the relay alone sends 3)", sent, controlProbe.Requests)
	}
}
