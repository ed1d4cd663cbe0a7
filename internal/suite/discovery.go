package suite

import (
	"context"
	"net/http"
	"strings"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/probe"
	"github.com/authspec/authspec/internal/report"
)

// discoveryProbe follows a Bearer or DPoP 401 to the protected resource
// metadata (RFC 9728) and the authorization servers' metadata (RFC 8414),
// and judges every document on the way; on an MCP target, MCP's discovery
// rules for its revision too. It sends GETs without credentials, and to an
// authorization server nothing but those.
var discoveryProbe = Probe{
	Name:    probe.Discovery,
	Doc:     "follows a Bearer or DPoP 401 to its protected resource metadata and authorization server metadata (GET, no credentials) and judges them",
	Applies: func(r *Resource) bool { return r.RT.Target.Kind == config.Origin },
	// Requests bounds the fetches of one resource: two metadata URLs and
	// up to four authorization servers with three URLs each, some with a
	// redirect. Documents already fetched for another resource cost none.
	Requests: 24,
	Judges:   discoveryRuleIDs,
	Run: func(ctx context.Context, r *Resource, c *probe.Client, j Judging) *Verdicts {
		return runDiscovery(ctx, r, c, j)
	},
}

// discoveryRuleIDs are the rules the discovery probe judges.
var discoveryRuleIDs = []string{
	"rfc9728/resource-metadata-param", "rfc9728/metadata-public", "rfc9728/metadata-response",
	"rfc9728/resource-matches", "rfc9728/no-zero-values", "rfc9728/jwks-uri-https",
	"rfc9728/no-none-alg", "rfc9728/metadata-discoverable", "rfc9728/fetch-not-followed",
	"rfc8414/metadata-response", "rfc8414/issuer-matches", "rfc8414/required-members",
	"mcp/resource-metadata-on-401", "mcp/discovery-mechanism", "mcp/authorization-servers", "mcp/pkce-advertised",
	"mcp/no-offline-access-metadata",
}

// discoveryPlanned reports whether rule r of the discovery probe is part
// of the plan of unit u of t: only on targets that say they are OAuth
// resource servers (mcp:, Bearer or DPoP in expect_schemes, or an OpenAPI
// document declaring Bearer), and the MCP rules only for the revisions
// whose text carries them. mine is false for the rules of other probes.
func discoveryPlanned(t *config.Target, u *Unit, r *checks.Rule) (planned, mine bool) {
	if !containsID(discoveryRuleIDs, r.ID) {
		return false, false
	}
	rev := t.MCPRevision()
	if rev == "" && !expects(t, "Bearer") && !expects(t, "DPoP") && !declaresBearer(t, u) {
		return false, true
	}
	switch r.ID {
	case "rfc9728/metadata-discoverable":
		return rev == "", true
	case "mcp/resource-metadata-on-401":
		return rev == checks.MCP20250618, true
	case "mcp/discovery-mechanism", "mcp/pkce-advertised":
		return rev >= checks.MCP20251125, true
	case "mcp/authorization-servers":
		return rev != "", true
	case "mcp/no-offline-access-metadata":
		return rev >= checks.MCP20260728, true
	}
	return true, true
}

// declaresBearer reports whether an OpenAPI document declares Bearer for u.
func declaresBearer(t *config.Target, u *Unit) bool {
	d := declared(t, u.Method, u.Path)
	if d == nil {
		return false
	}
	for _, s := range d.Schemes {
		if strings.EqualFold(s, "Bearer") {
			return true
		}
	}
	return false
}

func containsID(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// runDiscovery is the discovery probe's Run.
func runDiscovery(ctx context.Context, r *Resource, c *probe.Client, j Judging) *Verdicts {
	v := &Verdicts{}
	ex := r.FinalUnauthenticated(ctx, c)
	if ex == nil || ex.Judge.Status != http.StatusUnauthorized {
		return v // no 401 to follow: the unauthenticated probe says why
	}
	rev := r.RT.Target.MCPRevision()
	cs := r.Offered(ctx, c)
	if !checks.OffersDiscovery(cs) && rev == "" {
		return v // not an OAuth challenge
	}
	d := c.Discover(ctx, ex, rev)
	dj := &discoveryJudge{v: v, j: j, ex: ex, d: d}
	judgeChallengeParams(dj, cs, rev)
	judgeResourceMetadata(dj, rev)
	judgeServers(dj, rev)
	return v
}

// discoveryJudge records the verdicts of one resource's discovery.
type discoveryJudge struct {
	v  *Verdicts
	j  Judging
	ex *probe.Exchange
	d  *probe.DiscoveryResult
}

// relational records rule id's findings about the hop at the end of
// attempts (pass when there are none), with the chain that led there. It
// takes j like Verdicts.relational, so the rules it records read the same.
func (dj *discoveryJudge) relational(j Judging, id string, fs []checks.Finding, attempts ...*probe.Attempt) {
	r := mustRule(id)
	if len(fs) == 0 {
		dj.v.Passes = append(dj.v.Passes, Pass{Rule: r, Method: dj.ex.Method})
		return
	}
	res := newResult(r, Where{Method: dj.ex.Method, Path: dj.ex.Path, Probe: probe.Discovery})
	res.Message = messageOf(fs)
	ev := dj.ex.Evidence()
	ev.RawHead = ""
	if n := len(attempts); n > 0 {
		if h := attempts[n-1].Final(); h != nil {
			ev.Request, ev.Response, ev.Curl = h.Evidence.Request, h.Evidence.Response, h.Evidence.Curl
		}
	}
	ev.Chain = probe.Chain(dj.ex, attempts...)
	res.Evidence = &ev
	j.Apply(&res, r, checks.Violated)
	dj.v.Results = append(dj.v.Results, res)
	dj.v.Rules = append(dj.v.Rules, r)
}

// unreachable records that a document could not be fetched: the target
// could not be tested there, which is an error, not a broken rule.
func (dj *discoveryJudge) unreachable(id string, a *probe.Attempt, prefix []*probe.Attempt) {
	r := mustRule(id)
	h := a.Final()
	res := newResult(r, Where{Method: dj.ex.Method, Path: dj.ex.Path, Probe: probe.Discovery})
	res.Outcome = report.Error
	res.Message = "could not be tested (" + h.ErrKind + "): fetching " + h.URL + ": " + h.Err.Error()
	ev := dj.ex.Evidence()
	ev.RawHead = ""
	ev.Request, ev.Response, ev.Curl = h.Evidence.Request, h.Evidence.Response, h.Evidence.Curl
	ev.Chain = probe.Chain(dj.ex, append(prefix, a)...)
	res.Evidence = &ev
	dj.v.Results = append(dj.v.Results, res)
	dj.v.Rules = append(dj.v.Rules, r)
}

// judgeChallenge judges the resource_metadata parameters of the 401.
func judgeChallengeParams(dj *discoveryJudge, cs []checks.Challenge, rev string) {
	if len(dj.d.Params) > 0 {
		targetHTTP := strings.HasPrefix(dj.ex.URL, "http://")
		dj.relational(dj.j, "rfc9728/resource-metadata-param", checks.CheckResourceMetadataParam(cs, targetHTTP))
	}
	if rev == checks.MCP20250618 {
		dj.relational(dj.j, "mcp/resource-metadata-on-401", checks.CheckMCPResourceMetadataOn401(rev, cs))
	}
}

// judgeResourceMetadata judges the protected resource metadata requests
// and the document found.
func judgeResourceMetadata(dj *discoveryJudge, rev string) {
	d := dj.d
	var tried []string
	for _, a := range d.Metadata {
		tried = append(tried, a.URL)
		h := a.Final()
		switch {
		case h.Refused != "":
			dj.relational(dj.j, "rfc9728/fetch-not-followed", checks.CheckFetchNotFollowed(h.URL, h.Refused), a)
			continue
		case h.Err != nil:
			dj.unreachable("rfc9728/metadata-response", a, nil)
			continue
		}
		// A 401 at a URL the server named demands a token for the
		// metadata. At a well-known URL it never named, a server that
		// guards every path says no more than "no metadata here" (the MCP
		// rule says so when nothing is found).
		if a.Step == probe.StepResourceMetadata {
			public := checks.CheckMetadataPublic(&h.Document)
			dj.relational(dj.j, "rfc9728/metadata-public", public, a)
			if len(public) > 0 {
				continue // its 401 is the finding; metadata-response would only repeat it
			}
		}
		if a.Step == probe.StepResourceMetadata || a == d.Found {
			dj.relational(dj.j, "rfc9728/metadata-response", checks.CheckMetadataResponse(&h.Document), a)
		}
	}
	found := d.Found != nil
	if rev == "" {
		if len(d.Params) == 0 {
			dj.relational(dj.j, "rfc9728/metadata-discoverable", checks.CheckDiscoverable(found, tried), d.Metadata...)
		}
	} else if rev >= checks.MCP20251125 {
		dj.relational(dj.j, "mcp/discovery-mechanism", checks.CheckMCPDiscovery(rev, found, tried), d.Metadata...)
	}
	if !found {
		return
	}
	doc := &d.Found.Final().Document
	if _, ok := doc.Object(); !ok {
		return // metadata-response said why; the rest cannot be judged
	}
	dj.relational(dj.j, "rfc9728/resource-matches", checks.CheckResourceMatches(doc, d.Expected), d.Found)
	dj.relational(dj.j, "rfc9728/no-zero-values", checks.CheckNoZeroValues(doc), d.Found)
	dj.relational(dj.j, "rfc9728/jwks-uri-https", checks.CheckJWKSURIHTTPS(doc), d.Found)
	dj.relational(dj.j, "rfc9728/no-none-alg", checks.CheckNoNoneAlg(doc), d.Found)
	if rev != "" {
		dj.relational(dj.j, "mcp/authorization-servers", checks.CheckMCPAuthorizationServers(doc), d.Found)
	}
	if rev >= checks.MCP20260728 {
		dj.relational(dj.j, "mcp/no-offline-access-metadata", checks.CheckMCPNoOfflineAccessMetadata(rev, doc), d.Found)
	}
}

// judgeServers judges the metadata of each authorization server named.
func judgeServers(dj *discoveryJudge, rev string) {
	for _, s := range dj.d.Servers {
		prefix := []*probe.Attempt{dj.d.Found}
		if s.Invalid != "" {
			dj.relational(dj.j, "rfc8414/metadata-response", []checks.Finding{checks.InvalidIssuer(s.Issuer, s.Invalid)}, dj.d.Found)
			continue
		}
		last := s.Tried[len(s.Tried)-1]
		switch h := last.Final(); {
		case h.Refused != "":
			dj.relational(dj.j, "rfc9728/fetch-not-followed", checks.CheckFetchNotFollowed(h.URL, h.Refused), append(prefix, last)...)
			continue
		case s.Found == nil && h.Err != nil:
			dj.unreachable("rfc8414/metadata-response", last, prefix)
			continue
		case s.Found == nil:
			var tried []string
			for _, a := range s.Tried {
				tried = append(tried, a.URL)
			}
			dj.relational(dj.j, "rfc8414/metadata-response", checks.CheckASNotFound(s.Issuer, tried, &h.Document), append(prefix, s.Tried...)...)
			continue
		}
		chain := append(prefix, s.Found)
		doc := &s.Found.Final().Document
		dj.relational(dj.j, "rfc8414/metadata-response", checks.CheckASResponse(doc), chain...)
		if _, ok := doc.Object(); !ok {
			continue
		}
		dj.relational(dj.j, "rfc8414/issuer-matches", checks.CheckASIssuer(doc, s.Issuer), chain...)
		dj.relational(dj.j, "rfc8414/required-members", checks.CheckASMembers(doc), chain...)
		if rev >= checks.MCP20251125 {
			dj.relational(dj.j, "mcp/pkce-advertised", checks.CheckMCPPKCE(rev, doc), chain...)
		}
	}
}
