package probe

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
)

// Where authspec may fetch OAuth metadata from (RFC 9728 §7.7). A
// protected resource names the URLs of its metadata and of its
// authorization servers; a staging server's answer must not make authspec
// reach into the network it runs in. So a URL is followed only when its
// host is the target's own, a host listed in metadata_hosts, or a host
// whose every address is of the same kind as the target's (public, private
// or loopback). Link-local addresses (169.254.0.0/16, fe80::/10: cloud
// metadata services live there) are never followed, and neither are the
// unspecified and multicast addresses. The check is made on the addresses
// the connection is actually dialled to, resolved once, so a name that
// answers differently the second time (DNS rebinding) cannot slip past it.

// AddrKind is the kind of network an address belongs to.
type AddrKind string

const (
	KindPublic    AddrKind = "public"
	KindPrivate   AddrKind = "private"
	KindLoopback  AddrKind = "loopback"
	KindLinkLocal AddrKind = "link-local"
	// KindOther covers the unspecified, multicast and reserved addresses:
	// never a place metadata is fetched from.
	KindOther AddrKind = "other"
)

// cgnat is the shared address space of RFC 6598, private in practice.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// KindOf classifies an address; an IPv4-mapped IPv6 address is classified
// as the IPv4 address it maps.
func KindOf(a netip.Addr) AddrKind {
	a = a.Unmap()
	switch {
	case !a.IsValid():
		return KindOther
	case a.IsLoopback():
		return KindLoopback
	case a.IsLinkLocalUnicast(), a.IsLinkLocalMulticast():
		return KindLinkLocal
	case a.IsUnspecified(), a.IsMulticast(), a.IsInterfaceLocalMulticast():
		return KindOther
	case a.IsPrivate(), cgnat.Contains(a):
		return KindPrivate
	}
	return KindPublic
}

// Resolver answers the addresses of a host name; *net.Resolver is one.
type Resolver interface {
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
}

// FetchPolicy decides which URLs discovery may fetch, and dials only the
// addresses it checked.
type FetchPolicy struct {
	// TargetHost is the target's own host name (lower case, no port).
	TargetHost string
	// TargetKind is the kind of the target's addresses.
	TargetKind AddrKind
	// Extra are the hosts metadata_hosts adds.
	Extra []string
	// Resolver resolves names; nil means net.DefaultResolver.
	Resolver Resolver
}

// Refusal says why a URL is not followed and how to allow it.
type Refusal struct {
	URL    string
	Reason string
}

func (r *Refusal) Error() string { return "not followed: " + r.Reason }

// NewFetchPolicy makes the policy of a target at base (its URL as probed),
// classifying the target's own addresses with resolver (nil: the system's).
func NewFetchPolicy(ctx context.Context, base *url.URL, extra []string, resolver Resolver) (*FetchPolicy, error) {
	p := &FetchPolicy{TargetHost: normHost(base.Hostname()), Extra: extra, Resolver: resolver}
	addrs, err := p.resolve(ctx, p.TargetHost)
	if err != nil {
		return nil, err
	}
	p.TargetKind = kindOfAll(addrs)
	return p, nil
}

// normHost lower-cases a host and drops a trailing dot and IPv6 brackets.
func normHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(strings.Trim(h, "[]")), ".")
}

// kindOfAll is the kind every address shares, or KindOther when they
// differ; a name that answers with one loopback and one public address is
// neither.
func kindOfAll(addrs []netip.Addr) AddrKind {
	var kind AddrKind
	for _, a := range addrs {
		k := KindOf(a)
		if kind != "" && k != kind {
			return KindOther
		}
		kind = k
	}
	if kind == "" {
		return KindOther
	}
	return kind
}

// resolve returns the addresses of host: an IP literal is its own answer,
// "localhost" and names under .localhost are loopback without asking DNS
// (RFC 6761 §6.3).
func (p *FetchPolicy) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a.Unmap()}, nil
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.IPv6Loopback()}, nil
	}
	r := p.Resolver
	if r == nil {
		r = net.DefaultResolver
	}
	answers, err := r.LookupIPAddr(ctx, host)
	if err != nil {
		return nil, err
	}
	var out []netip.Addr
	for _, ans := range answers {
		if a, ok := netip.AddrFromSlice(ans.IP); ok {
			out = append(out, a.Unmap())
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s has no address", host)
	}
	return out, nil
}

// isLiteralOrLocalhost reports whether host needs no DNS query: an IP
// literal, localhost, or a name under .localhost (RFC 6761 §6.3).
func isLiteralOrLocalhost(host string) bool {
	if _, err := netip.ParseAddr(host); err == nil {
		return true
	}
	return host == "localhost" || strings.HasSuffix(host, ".localhost")
}

// listed reports whether host is the target's own or in metadata_hosts.
func (p *FetchPolicy) listed(host string) (own, extra bool) {
	if host == p.TargetHost {
		return true, false
	}
	for _, h := range p.Extra {
		if normHost(h) == host {
			return false, true
		}
	}
	return false, false
}

// Allowed checks u and returns the addresses a connection to it may be
// dialled to, or a *Refusal that says why not and how to allow it, or
// the resolver's error.
func (p *FetchPolicy) Allowed(ctx context.Context, u *url.URL) ([]netip.Addr, error) {
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, &Refusal{URL: u.String(), Reason: "only http and https URLs are fetched"}
	}
	host := normHost(u.Hostname())
	if host == "" {
		return nil, &Refusal{URL: u.String(), Reason: "the URL has no host"}
	}
	own, extra := p.listed(host)
	allow := fmt.Sprintf("add %s to the target's metadata_hosts to allow it", host)
	if !own && !extra && p.TargetKind == KindLoopback && !isLiteralOrLocalhost(host) {
		// A loopback target is a server on this machine; a name it points
		// at would be looked up in DNS, outside what the run tests.
		return nil, &Refusal{URL: u.String(), Reason: fmt.Sprintf("the target is on loopback and %s is a name that authspec does not look up for it (the query would leave this machine); %s", host, allow)}
	}
	addrs, err := p.resolve(ctx, host)
	if err != nil {
		return nil, err
	}
	if own {
		return addrs, nil
	}
	for _, a := range addrs {
		switch k := KindOf(a); {
		case k == KindLinkLocal:
			return nil, &Refusal{URL: u.String(), Reason: fmt.Sprintf("%s resolves to %s, a link-local address, which authspec never fetches from (cloud metadata services live there)", host, a)}
		case k == KindOther:
			return nil, &Refusal{URL: u.String(), Reason: fmt.Sprintf("%s resolves to %s, an unspecified, multicast or reserved address", host, a)}
		case extra:
		case k != p.TargetKind:
			return nil, &Refusal{URL: u.String(), Reason: fmt.Sprintf("%s resolves to %s, a %s address, while the target's addresses are %s (RFC 9728 §7.7: a server's answer must not send authspec into another network); %s",
				host, a, k, p.TargetKind, allow)}
		}
	}
	return addrs, nil
}

// DialContext connects to addr ("host:port") on one of the addresses the
// policy allows for host, resolved once here: the address checked is the
// address dialled.
func (p *FetchPolicy) DialContext(dialer *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		u := &url.URL{Scheme: "https", Host: addr}
		addrs, err := p.Allowed(ctx, u)
		if err != nil {
			return nil, err
		}
		var last error
		for _, a := range addrs {
			conn, err := dialer.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
			if err == nil {
				return conn, nil
			}
			last = err
		}
		if last == nil {
			last = fmt.Errorf("%s has no address to dial", host)
		}
		return nil, last
	}
}
