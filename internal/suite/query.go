package suite

import (
	"context"
	"net/http"
	"strconv"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/probe"
)

// queryTokenRules are the rules the query-token probe judges.
var queryTokenRules = []string{checks.OneTokenMethod.ID, checks.QueryTokenPrivate.ID}

// queryTokenProbe sends the declared token in the URI query as
// access_token (RFC 6750 §2.3), alone and together with the same token in
// Authorization: Bearer (§2, §3.1). It runs on origin targets with a
// token (or builtin:reference with query_token) and sends nothing unless credentials.query_token allows it and the
// resource offers Bearer; without the opt-in both rules are skipped with
// the reason, so a report says what it did not check and why.
var queryTokenProbe = Probe{
	Name:     probe.QueryToken,
	Doc:      "with credentials.query_token: the declared token in Authorization: Bearer (control), in it and in ?access_token= at once (400 invalid_request expected), and in ?access_token= alone (a 2xx needs Cache-Control: private)",
	Requests: 3,
	Judges:   queryTokenRules,
	Applies: func(r *Resource) bool {
		// A builtin:reference target may give query_token alone: the
		// client then holds the reference's own token.
		cr := r.RT.Target.Credentials
		return cr != nil && (cr.Token != "" || cr.QueryToken) && r.RT.Target.Kind != config.Proxy
	},
	Run: func(ctx context.Context, r *Resource, c *probe.Client, j Judging) *Verdicts {
		v := &Verdicts{}
		offered := r.Offered(ctx, c)
		if skip := queryTokenSkip(r, c, offered); skip != "" {
			if checks.OffersScheme(offered, "Bearer") {
				// Where Bearer is not offered the rules are not about the
				// resource at all; where it is, the report says why they
				// were not judged.
				for _, id := range queryTokenRules {
					v.skipped(id, Where{Method: r.Method, Path: r.Path, Probe: probe.QueryToken}, skip)
				}
			}
			return v
		}
		exs := c.QueryToken(ctx, r.Method, r.Path, offered)
		judgeAll(v, j, exs)
		byVariant := map[string]*probe.Exchange{}
		for _, ex := range finalAnswers(exs) {
			byVariant[ex.Variant] = ex
		}
		judgeOneTokenMethod(v, j, byVariant[probe.QueryTokenHeader], byVariant[probe.QueryTokenBoth], byVariant[probe.QueryTokenQuery])
		judgeQueryTokenPrivate(v, j, byVariant[probe.QueryTokenQuery])
		return v
	},
}

// queryTokenSkip says why the probe sends nothing to r: the client's
// reasons, and MCP's own rule, which forbids what the probe would send.
func queryTokenSkip(r *Resource, c *probe.Client, offered []checks.Challenge) string {
	if r.RT.Target.MCP != "" {
		return `an MCP target: the MCP authorization specification says "Access tokens MUST NOT be included in the URI query string", so an MCP client never sends one there`
	}
	return c.QueryTokenSkip(offered)
}

// judgeOneTokenMethod judges the answer to the token sent two ways at
// once, where the same token alone in Authorization was accepted and the
// same token alone in the query was served: only then does the server take
// both methods, and only then does a refusal say something about the two
// ways rather than the token. "Resource servers MAY support this method"
// (RFC 6750 §2.3): to a server that does not, access_token is a query
// parameter like any other and the request carries one method, not two, so
// the rule is skipped with that reason.
func judgeOneTokenMethod(v *Verdicts, j Judging, header, both, query *probe.Exchange) {
	id := checks.OneTokenMethod.ID
	switch {
	case both == nil:
		return // not answered: judgeAll reported the error
	case header == nil:
		v.skipped(id, whereOf(both), "the same token in Authorization: Bearer alone got no answer, so this answer cannot be told apart from one to the token")
	case !header.Succeeded():
		v.skipped(id, whereOf(both), "the same token in Authorization: Bearer alone got "+statusText(header.Judge.Status)+", not the resource, so a refusal here says nothing about sending it two ways")
	case query == nil:
		v.skipped(id, whereOf(both), "the same token in the query alone got no answer, so whether the server takes tokens in the query at all is unknown")
	case !query.Succeeded():
		v.skipped(id, whereOf(both), queryNotServed(query))
	case !both.Judge.QueryToken:
		v.skipped(checks.OneTokenMethod.ID, whereOf(both), redirectedAway)
	case !checks.OneTokenMethodJudged(&both.Judge):
		v.skipped(id, whereOf(both), "the answer is "+statusText(both.Judge.Status)+": neither the resource served nor the request refused")
	default:
		v.relational(j, checks.OneTokenMethod.ID, both, checks.CheckOneTokenMethod(&both.Judge))
	}
}

// queryNotServed says why a rule is skipped where the token in the query
// alone was not served: the server does not support that method.
func queryNotServed(query *probe.Exchange) string {
	return "the token in the query alone got " + statusText(query.Judge.Status) +
		": the server does not serve it, which RFC 6750 §2.3 allows (\"Resource servers MAY support this method\"); to such a server access_token is an unknown query parameter and the request carries one token method, not two"
}

// judgeQueryTokenPrivate judges the answer to the token in the query
// alone. A server may refuse it (RFC 6750 §2.3: "Resource servers MAY
// support this method"): only a 2xx is judged.
func judgeQueryTokenPrivate(v *Verdicts, j Judging, query *probe.Exchange) {
	id := checks.QueryTokenPrivate.ID
	switch {
	case query == nil:
		return
	case !query.Judge.QueryToken:
		v.skipped(id, whereOf(query), redirectedAway)
	case !query.Succeeded():
		v.skipped(id, whereOf(query), "the token in the query alone got "+statusText(query.Judge.Status)+
			": the server does not serve it, which RFC 6750 §2.3 allows (resource servers MAY support the method), so there is no success response to judge")
	default:
		v.relational(j, checks.QueryTokenPrivate.ID, query, checks.CheckQueryTokenPrivate(&query.Judge))
	}
}

// redirectedAway says why a final answer after a redirect is not judged:
// it answers a request that no longer carries the token in its query, and
// the rules are about the answer to one that does.
const redirectedAway = "the server redirected the request to a URL without the token in its query, and the final answer is to that request, not to one carrying the token there"

// statusText is "401 Unauthorized".
func statusText(status int) string {
	if t := http.StatusText(status); t != "" {
		return strconv.Itoa(status) + " " + t
	}
	return strconv.Itoa(status)
}
