package probe

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/config"
)

// fakeDNS answers from a table; a name listed twice answers its answers in
// turn, to play a rebinding server.
type fakeDNS struct {
	mu      sync.Mutex
	answers map[string][][]string
	asked   map[string]int
}

func (f *fakeDNS) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.asked == nil {
		f.asked = map[string]int{}
	}
	turns := f.answers[host]
	if len(turns) == 0 {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	i := f.asked[host]
	if i >= len(turns) {
		i = len(turns) - 1
	}
	f.asked[host]++
	var out []net.IPAddr
	for _, a := range turns[i] {
		out = append(out, net.IPAddr{IP: net.ParseIP(a)})
	}
	return out, nil
}

func TestKindOf(t *testing.T) {
	cases := map[string]AddrKind{
		"127.0.0.1": KindLoopback, "::1": KindLoopback, "::ffff:127.0.0.1": KindLoopback,
		"10.1.2.3": KindPrivate, "172.16.0.1": KindPrivate, "192.168.1.1": KindPrivate, "fd00::1": KindPrivate, "100.64.0.1": KindPrivate,
		"169.254.169.254": KindLinkLocal, "fe80::1": KindLinkLocal, "::ffff:169.254.169.254": KindLinkLocal,
		"0.0.0.0": KindOther, "::": KindOther, "239.1.2.3": KindOther, "ff02::1": KindLinkLocal,
		"8.8.8.8": KindPublic, "2001:4860:4860::8888": KindPublic,
	}
	for a, want := range cases {
		if got := KindOf(netip.MustParseAddr(a)); got != want {
			t.Errorf("KindOf(%s) = %s, want %s", a, got, want)
		}
	}
}

func policyFor(t *testing.T, target string, extra []string, dns *fakeDNS) *FetchPolicy {
	t.Helper()
	u, _ := url.Parse(target)
	p, err := NewFetchPolicy(context.Background(), u, extra, dns)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFetchPolicyDecisions(t *testing.T) {
	dns := &fakeDNS{answers: map[string][][]string{
		"api.example.com":    {{"203.0.113.10"}},
		"auth.example.com":   {{"198.51.100.7", "2001:db8::7"}},
		"intranet.example":   {{"10.0.0.5"}},
		"mixed.example":      {{"198.51.100.8", "10.0.0.8"}},
		"metadata.example":   {{"169.254.169.254"}},
		"v6local.example":    {{"fe80::1"}},
		"staging.internal":   {{"10.1.0.1"}},
		"auth.internal":      {{"10.1.0.2"}},
		"listed.example":     {{"10.9.9.9"}},
		"listed-ll.example":  {{"169.254.1.1"}},
		"v4mapped.example":   {{"::ffff:169.254.169.254"}},
		"public-v6.example":  {{"2606:4700::1111"}},
		"unspecified.exampl": {{"0.0.0.0"}},
	}}
	public := policyFor(t, "https://api.example.com", []string{"Listed.Example", "listed-ll.example"}, dns)
	private := policyFor(t, "https://staging.internal", nil, dns)
	loop := policyFor(t, "https://127.0.0.1:8443", nil, dns)
	v6 := policyFor(t, "https://[::1]:8443", nil, dns)
	if public.TargetKind != KindPublic || private.TargetKind != KindPrivate || loop.TargetKind != KindLoopback || v6.TargetKind != KindLoopback {
		t.Fatalf("target kinds %s %s %s %s", public.TargetKind, private.TargetKind, loop.TargetKind, v6.TargetKind)
	}
	cases := []struct {
		p     *FetchPolicy
		url   string
		allow bool
		why   string
	}{
		{public, "https://api.example.com/.well-known/oauth-protected-resource", true, ""},
		{public, "https://auth.example.com/.well-known/oauth-authorization-server", true, ""},
		{public, "https://public-v6.example/x", true, ""},
		{public, "https://intranet.example/x", false, "a private address, while the target's addresses are public"},
		{public, "https://mixed.example/x", false, "10.0.0.8, a private address"},
		{public, "https://metadata.example/latest", false, "link-local"},
		{public, "https://v6local.example/x", false, "link-local"},
		{public, "https://v4mapped.example/x", false, "link-local"},
		{public, "https://169.254.169.254/latest/meta-data", false, "link-local"},
		{public, "https://[fe80::1%25eth0]/x", false, ""},
		{public, "https://10.0.0.1/x", false, "add 10.0.0.1 to the target's metadata_hosts"},
		{public, "https://listed.example/x", true, ""},
		{public, "https://listed-ll.example/x", false, "link-local"},
		{public, "https://127.0.0.1/x", false, "loopback"},
		{public, "https://[::1]/x", false, "loopback"},
		{public, "https://unspecified.exampl/x", false, "unspecified"},
		{public, "ftp://auth.example.com/x", false, "only http and https"},
		{private, "https://auth.internal/x", true, ""},
		{private, "https://auth.example.com/x", false, "a public address, while the target's addresses are private"},
		{loop, "https://localhost:9000/x", true, ""},
		{loop, "https://[::1]:9000/x", true, ""},
		{loop, "https://intranet.example/x", false, "does not look up"},
		{loop, "https://10.0.0.1/x", false, "private"},
		{v6, "https://127.0.0.1:9/x", true, ""},
	}
	for _, c := range cases {
		u, err := url.Parse(c.url)
		if err != nil {
			t.Fatalf("%s: %v", c.url, err)
		}
		_, err = c.p.Allowed(context.Background(), u)
		var ref *Refusal
		refused := errors.As(err, &ref)
		if c.allow && err != nil {
			t.Errorf("%s: refused: %v", c.url, err)
		}
		if !c.allow && !refused {
			t.Errorf("%s: allowed (err %v), want a refusal", c.url, err)
		}
		if refused && !strings.Contains(ref.Reason, c.why) {
			t.Errorf("%s: reason %q lacks %q", c.url, ref.Reason, c.why)
		}
	}
	// A name that does not resolve is an error, not a refusal.
	_, err := public.Allowed(context.Background(), &url.URL{Scheme: "https", Host: "nx.example"})
	var ref *Refusal
	if err == nil || errors.As(err, &ref) {
		t.Errorf("unresolvable name: %v", err)
	}
}

// The address checked is the address dialled: a name that answers a
// public address to the check and a link-local one after is refused at
// the dial, never connected to.
func TestFetchPolicyDialsTheCheckedAddress(t *testing.T) {
	dns := &fakeDNS{answers: map[string][][]string{"rebind.test": {{"198.51.100.1"}, {"169.254.169.254"}}}}
	p := policyFor(t, "https://203.0.113.10:1", nil, dns)
	if _, err := p.Allowed(context.Background(), &url.URL{Scheme: "https", Host: "rebind.test"}); err != nil {
		t.Fatalf("first answer refused: %v", err)
	}
	dial := p.DialContext(&net.Dialer{Timeout: time.Second})
	_, err := dial(context.Background(), "tcp", "rebind.test:443")
	var ref *Refusal
	if !errors.As(err, &ref) || !strings.Contains(ref.Reason, "link-local") {
		t.Fatalf("dial after rebinding: %v, want a link-local refusal", err)
	}
}

// Redirects are checked hop by hop: one to a link-local address is not
// followed, one to a host of the same kind is, dialled at the address the
// resolver gave.
func TestFetchMetadataRedirects(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-metadata-service":
			http.Redirect(w, r, "https://169.254.169.254/latest/meta-data", http.StatusFound)
		case "/to-alias":
			_, port, _ := net.SplitHostPort(r.Host)
			http.Redirect(w, r, "https://alias.test:"+port+"/doc", http.StatusFound)
		case "/doc":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"resource":"x"}`))
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		}
	}))
	defer srv.Close()
	c, err := NewClient(config.Target{Name: "t", URL: srv.URL, TLS: config.TLS{InsecureSkipVerify: true}, Timeout: 5 * time.Second,
		MetadataHosts: []string{"alias.test"}}, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	dns := &fakeDNS{answers: map[string][][]string{"alias.test": {{"127.0.0.1"}}, "unlisted.test": {{"127.0.0.1"}}}}
	c.SetResolver(dns)
	ctx := context.Background()

	hops := c.FetchMetadata(ctx, srv.URL+"/to-metadata-service")
	if len(hops) != 2 || hops[1].Refused == "" || !strings.Contains(hops[1].Refused, "link-local") {
		t.Fatalf("redirect to link-local: %+v", hops)
	}
	hops = c.FetchMetadata(ctx, srv.URL+"/to-alias")
	if len(hops) != 2 || hops[1].Status != 200 || string(hops[1].Body) != `{"resource":"x"}` {
		t.Fatalf("redirect to a loopback alias: %d hops, last %+v", len(hops), hops[len(hops)-1])
	}
	if !strings.Contains(hops[1].Evidence.Curl, "alias.test") || strings.Contains(hops[1].Evidence.Request, "Authorization") {
		t.Errorf("evidence: %q / %q", hops[1].Evidence.Curl, hops[1].Evidence.Request)
	}
	// A name not listed is not even looked up for a loopback target.
	hops = c.FetchMetadata(ctx, "https://unlisted.test/doc")
	if len(hops) != 1 || !strings.Contains(hops[0].Refused, "does not look up") || dns.asked["unlisted.test"] != 0 {
		t.Errorf("an unlisted name for a loopback target: %+v, %d lookups", hops[0], dns.asked["unlisted.test"])
	}
	hops = c.FetchMetadata(ctx, srv.URL+"/loop")
	if len(hops) != maxMetadataRedirects+1 {
		t.Errorf("a redirect loop took %d hops, want %d", len(hops), maxMetadataRedirects+1)
	}
	before := c.Requests()
	c.FetchMetadata(ctx, srv.URL+"/to-alias")
	if c.Requests() != before {
		t.Errorf("a URL fetched again: %d requests, want %d", c.Requests(), before)
	}
}
