package checks

import (
	"sort"
	"strconv"
	"strings"
)

// ProxyNoModifyAuthInfo: RFC 9110 §11.6.3, "A proxy forwarding a response
// is not allowed to modify the field value in any way", and RFC 7616 §3.6,
// proxies "MUST forward the WWW-Authenticate, Authentication-Info, and
// Authorization header fields untouched" (audit M1). Judged on a proxy
// target that declares origin_credentials: the origin's valid credentials
// go through the proxy (with the proxy's own) and straight to the origin,
// and the Authentication-Info of the two 2xx answers must agree.
//
// Two exchanges are compared, not one field seen on both sides of the
// proxy, so what must differ is allowed to: the values of rspauth, cnonce
// and nc (RFC 7616 §3.5: they answer each request's own nonce and cnonce)
// are compared by presence only, and nextnonce not at all: the server "MAY
// send the Authentication-Info header field with a nextnonce field" in any
// one response (RFC 7616 §3.5; Apache sends it only as the nonce nears the
// end of its life). Every other parameter must be on
// both sides, written the same way (token or quoted-string), with the same
// value; qop always, another value unless both look generated per
// response. A field on one side only is a modification. The order of the
// parameters is not compared: an auth-param list carries no meaning in its
// order, and an origin may well write its parameters in a different order
// each time. Nor is where the field stands: a proxy that removes the
// chunked coding may move trailer fields into the header section. A field
// the origin sends only as a trailer (RFC 7616 §3.5 allows it) may also be
// dropped: "A recipient that removes the chunked coding from a message MAY
// selectively retain or discard the received trailer fields" (RFC 9112
// §7.1.2); AuthInfoTrailerDiscarded tells that case, which is no finding.
var ProxyNoModifyAuthInfo = register(Rule{
	ID:          "rfc9110/proxy-no-modify-authentication-info",
	RFC:         "RFC 9110",
	Section:     "11.6.3",
	Level:       Must,
	Severity:    Medium,
	Requirement: "A proxy relays the origin's Authentication-Info unchanged: the answer to the origin's valid credentials sent through the proxy carries the same parameters, written the same way, as the answer the origin sends directly; only the values of rspauth, cnonce and nc may differ, nextnonce may come and go, and trailer fields may be discarded.",
})

// relayAuthInfoVolatile are the Authentication-Info parameters whose values
// answer one request (RFC 7616 §3.5): they differ between two exchanges.
var relayAuthInfoVolatile = map[string]bool{"rspauth": true, "cnonce": true, "nc": true}

// relayAuthInfoOptional are the Authentication-Info parameters a server may
// send in one response and not the next: nextnonce (RFC 7616 §3.5, "MAY
// send ... with a nextnonce field"). They are left out of the comparison.
var relayAuthInfoOptional = map[string]bool{"nextnonce": true}

// CheckProxyAuthInfo compares the Authentication-Info of the origin's 2xx
// answer to its valid credentials sent directly with the one relayed by the
// proxy. Anything but a 2xx on either side leaves nothing to compare, and
// a trailer the proxy discarded (AuthInfoTrailerDiscarded) is no finding.
func CheckProxyAuthInfo(direct, proxied *Exchange) []Finding {
	if direct == nil || proxied == nil || !Is2xx(direct.Status) || !Is2xx(proxied.Status) || AuthInfoTrailerDiscarded(direct, proxied) {
		return nil
	}
	a, aok := relayAuthInfo(direct)
	b, bok := relayAuthInfo(proxied)
	var diffs []string
	switch {
	case !aok && !bok:
		return nil
	case !bok:
		diffs = []string{"the proxy dropped the Authentication-Info field the origin sends"}
	case !aok:
		diffs = []string{"the proxy added an Authentication-Info field the origin does not send"}
	default:
		diffs = relayDiffParams(a, b)
	}
	if len(diffs) == 0 {
		return nil
	}
	shown := strings.Join(relayAuthInfoLines(proxied), "\n")
	if shown == "" {
		shown = "origin directly: " + strings.Join(relayAuthInfoLines(direct), "\n")
	}
	return []Finding{finding(ProxyNoModifyAuthInfo, "the Authentication-Info changed between the origin answering directly and the proxy relaying its answer: "+
		strings.Join(diffs, "; ")+"; RFC 9110 §11.6.3 and RFC 7616 §3.6 forbid a proxy to modify it, so relay the field as the origin sent it",
		bodyRedact(proxied, shown))}
}

// AuthInfoTrailerDiscarded reports whether the only difference between the
// origin's direct answer and the relayed one can be that the proxy
// discarded the origin's Authentication-Info trailer fields, which a
// recipient that removes the chunked coding "MAY selectively retain or
// discard" (RFC 9112 §7.1.2): the origin sent the field as a trailer, and
// what the proxy relayed is what the origin sent in its header section
// (nothing, when it sent the field only as a trailer).
func AuthInfoTrailerDiscarded(direct, proxied *Exchange) bool {
	if direct == nil || proxied == nil || len(direct.Trailer.Values("Authentication-Info")) == 0 {
		return false
	}
	inHeader := direct.Header.Values("Authentication-Info")
	relayed := relayAuthInfoLines(proxied)
	if len(relayed) == 0 {
		return len(inHeader) == 0
	}
	if len(inHeader) == 0 {
		return false
	}
	a, _ := ParseAuthParams(strings.Join(inHeader, ", "))
	b, _ := ParseAuthParams(strings.Join(relayed, ", "))
	return len(relayDiffParams(a, b)) == 0
}

// relayAuthInfoLines returns the Authentication-Info lines of e, those of
// the header section first, then those of the trailers.
func relayAuthInfoLines(e *Exchange) []string {
	return append(append([]string(nil), e.Header.Values("Authentication-Info")...), e.Trailer.Values("Authentication-Info")...)
}

// relayAuthInfo parses every Authentication-Info line of e as one list;
// false when e has none.
func relayAuthInfo(e *Exchange) ([]Param, bool) {
	lines := relayAuthInfoLines(e)
	if len(lines) == 0 {
		return nil, false
	}
	var out []Param
	for _, l := range lines {
		ps, _ := ParseAuthParams(l)
		out = append(out, ps...)
	}
	return out, true
}

// relayDiffParams lists how the parameters b differ from a, by name (case
// does not count), in name order.
func relayDiffParams(a, b []Param) []string {
	ga, gb := relayByName(a), relayByName(b)
	names := map[string]bool{}
	for n := range ga {
		names[n] = !relayAuthInfoOptional[n]
	}
	for n := range gb {
		names[n] = !relayAuthInfoOptional[n]
	}
	sorted := make([]string, 0, len(names))
	for n, compared := range names {
		if compared {
			sorted = append(sorted, n)
		}
	}
	sort.Strings(sorted)
	var diffs []string
	for _, n := range sorted {
		x, y := ga[n], gb[n]
		switch {
		case len(y) == 0:
			diffs = append(diffs, n+" disappeared")
		case len(x) == 0:
			diffs = append(diffs, n+" appeared")
		case len(x) != len(y):
			diffs = append(diffs, n+" occurs "+strconv.Itoa(len(y))+" times instead of "+strconv.Itoa(len(x)))
		default:
			for i := range x {
				diffs = append(diffs, relayDiffParam(n, x[i], y[i])...)
			}
		}
	}
	return diffs
}

// relayDiffParam compares one parameter the origin sent (x) with the one
// the proxy relayed (y).
func relayDiffParam(name string, x, y Param) []string {
	var diffs []string
	if x.Quoted != y.Quoted {
		form := map[bool]string{true: "a quoted-string", false: "a token"}
		diffs = append(diffs, name+" was rewritten from "+form[x.Quoted]+" to "+form[y.Quoted])
	}
	if relayAuthInfoVolatile[name] || x.Value == y.Value {
		return diffs
	}
	if name == "qop" || !behLooksRandom(x.Value) || !behLooksRandom(y.Value) {
		diffs = append(diffs, name+" changed from "+strconv.Quote(x.Value)+" to "+strconv.Quote(y.Value))
	}
	return diffs
}

// relayByName groups parameters by lower-case name, in order.
func relayByName(ps []Param) map[string][]Param {
	m := map[string][]Param{}
	for _, p := range ps {
		n := strings.ToLower(p.Name)
		m[n] = append(m[n], p)
	}
	return m
}
