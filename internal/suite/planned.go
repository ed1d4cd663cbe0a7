package suite

import (
	"strings"
	"sync"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
)

// A unit's checks (one per rule judged on its method and resource: a JUnit
// test case, a line of the terminal's counts) come from the configuration
// and the catalogue, never from the server's answer. A server that breaks
// its challenge must not make two dozen checks vanish from a report: the
// ones it kept from being judged show as skipped, with the reason, so CI
// history has no gaps.
//
// The plan of a unit is the union, over its selected probes and groups of
// rules, of the rules that probe can judge there:
//
//   - single-response rules, which every exchange gets, except those the
//     target's kind rules out (a challenge in WWW-Authenticate is an
//     origin's, in Proxy-Authenticate a proxy's), those about HEAD on
//     probes that do not send it, those about content on the one that
//     does, and those about one auth-scheme, unless
//     the target lists the scheme in expect_schemes (the configuration says
//     which schemes a resource offers; a rule about a scheme it does not
//     offer is not part of its plan, and shows only if the server offers
//     the scheme after all);
//   - the relational rules the probe judges (Probe.Judges), the declared
//     expect_schemes rule only when the target lists schemes.

// kindOnly names the rules that apply to one kind of target only.
var kindOnly = map[string]config.Kind{
	"rfc9110/challenge-present":                   config.Origin,
	"rfc9110/proxy-challenge-present":             config.Proxy,
	"rfc9110/proxy-no-modify-challenge":           config.Proxy,
	"rfc9110/proxy-no-modify-authentication-info": config.Proxy,
}

// probeOnly names the single-response rules only one probe's exchanges can
// call for.
var probeOnly = map[string]string{
	"rfc9110/head-no-content": headProbe.Name,
}

// notOnHead names the rules about the content of an answer, which an
// answer to HEAD has none of (RFC 9110 §9.3.2), and the rule about echoed
// credentials, which the head probe does not send: never judged on the
// HEAD request the head probe sends.
var notOnHead = map[string]bool{
	"rfc9110/diagnostic-body":         true,
	"rfc9110/content-type":            true,
	"rfc9110/content-matches-type":    true,
	"rfc9110/content-length-matches":  true,
	"rfc9110/body-no-stack-trace":     true,
	"rfc9110/body-no-credential-echo": true,
	"rfc9457/problem-object":          true,
	"rfc9457/problem-status-matches":  true,
	"rfc9457/problem-member-types":    true,
}

// planner computes units' plans, sharing one slice among the units that
// have the same plan: a run of thousands of resources has a handful of
// distinct plans.
type planner struct {
	plans map[string][]string // by the set of rules, as catalogueOrder's marks
	own   []byte              // the marks of the rules planned on the unit's method
	head  []byte              // and on the HEAD request beside it
}

// catalogueOrder is the catalogue in ID order, with each rule's place in
// it: a plan is a set of those places.
var catalogueOrder = sync.OnceValues(func() ([]*checks.Rule, map[*checks.Rule]int) {
	all := checks.All()
	at := make(map[*checks.Rule]int, len(all))
	for i, r := range all {
		at[r] = i
	}
	return all, at
})

// plan returns the IDs of the rules planned on u, in catalogue order:
// those of its own method, and those of the HEAD request the head probe
// sends beside a GET, which the reports show as checks of HEAD on the same
// resource (the results of that request carry method HEAD).
func (pl *planner) plan(t *config.Target, u *Unit) (own, head []string) {
	all, at := catalogueOrder()
	pl.own, pl.head = marks(pl.own, len(all)), marks(pl.head, len(all))
	for _, name := range u.Probes {
		p := probeNamed(name)
		into := pl.own
		if p.Name == headProbe.Name {
			into = pl.head
		}
		for g := range u.groups[name] {
			for r := range g.rules {
				if plannedOn(t, u, p, r) {
					into[at[r]] = 1
				}
			}
		}
	}
	return pl.shared(pl.own, all), pl.shared(pl.head, all)
}

// marks returns b cleared to n zero bytes, reusing its array.
func marks(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// shared returns the IDs of the rules marked in set, in catalogue order,
// as the slice every unit with the same set shares.
func (pl *planner) shared(set []byte, all []*checks.Rule) []string {
	if pl.plans == nil {
		pl.plans = map[string][]string{}
	}
	if ids, ok := pl.plans[string(set)]; ok {
		return ids
	}
	var ids []string
	for i, r := range all {
		if set[i] != 0 {
			ids = append(ids, r.ID)
		}
	}
	pl.plans[string(set)] = ids
	return ids
}

// plannedOn reports whether probe p judges rule r on unit u of target t,
// whatever the server answers.
func plannedOn(t *config.Target, u *Unit, p Probe, r *checks.Rule) bool {
	if !planGate(t, r) {
		return false // an MCP rule off MCP targets, a CORS rule without browser_origin
	}
	if k, ok := kindOnly[r.ID]; ok && k != t.Kind && !relaysOriginChallenge(t, p, r) {
		return false
	}
	if r == checks.DeclaredSchemeOffered && declared(t, u.Method, u.Path) == nil {
		return false // only resources an OpenAPI document declares
	}
	if r == checks.ResponseReceived {
		return true // every request gets it
	}
	if planned, mine := discoveryPlanned(t, u, r); mine {
		return planned && p.Name == discoveryProbe.Name
	}
	if r.Check == nil { // relational
		if r.ID == "rfc9110/expected-scheme-offered" && len(t.ExpectSchemes) == 0 {
			return false
		}
		for _, id := range p.Judges {
			if id == r.ID {
				// A relational rule about one scheme is planned where
				// the target says it offers the scheme, as the
				// single-response ones are.
				return r.Scheme == "" || expects(t, r.Scheme)
			}
		}
		return false
	}
	if only, ok := probeOnly[r.ID]; ok && only != p.Name {
		return false
	}
	if p.Name == headProbe.Name && notOnHead[r.ID] {
		return false
	}
	return r.Scheme == "" || expects(t, r.Scheme)
}

// relaysOriginChallenge reports whether p, on a proxy target, judges the
// origin's own challenge rule r: the valid proxy credentials let the
// request through, and an origin that demands its own credentials answers
// with a 401 the proxy relays.
func relaysOriginChallenge(t *config.Target, p Probe, r *checks.Rule) bool {
	return t.Kind == config.Proxy && p.Name == controlProbe.Name && r.ID == "rfc9110/challenge-present"
}

// expects reports whether t lists scheme in expect_schemes.
func expects(t *config.Target, scheme string) bool {
	for _, s := range t.ExpectSchemes {
		if strings.EqualFold(s, scheme) {
			return true
		}
	}
	return false
}
