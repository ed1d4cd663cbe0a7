package suite

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/probe"
	"github.com/authspec/authspec/internal/report"
)

// The probes and plan rules of issue 15 §2-§4: the limited token, the
// browser client, and what MCP targets change in the others.

// limitedProbe sends credentials.limited_token, a valid token lacking the
// needed scope. It must not get the resource (declared), and its refusal
// should say why: 403 with insufficient_scope (RFC 6750 §3.1) or 401 with
// insufficient_user_authentication (RFC 9470 §3). On MCP targets the MCP
// rules judge the refusal too.
var limitedProbe = Probe{
	Name:     probe.Limited,
	Doc:      "the limited token (valid, lacking scope): expect 403 insufficient_scope, or 401 insufficient_user_authentication (step-up)",
	Requests: 1,
	Judges: []string{"rfc6750/limited-token-refused", "rfc6750/insufficient-scope-refusal",
		"mcp/insufficient-scope-403", "mcp/insufficient-scope-challenge"},
	Applies: func(r *Resource) bool {
		cr := r.RT.Target.Credentials
		return cr != nil && cr.LimitedToken != ""
	},
	Run: func(ctx context.Context, r *Resource, c *probe.Client, j Judging) *Verdicts {
		v := &Verdicts{}
		exs, skip := c.LimitedToken(ctx, r.Method, r.Path)
		if skip != "" {
			for _, id := range []string{"rfc6750/limited-token-refused", "rfc6750/insufficient-scope-refusal"} {
				v.skipped(id, Where{Method: r.Method, Path: r.Path, Probe: probe.Limited}, skip)
			}
			return v
		}
		judgeAll(v, j, exs)
		for _, ex := range finalAnswers(exs) {
			if why := mcpMethodRefused(&r.RT.Target, ex); why != "" {
				// The method itself is refused, after or before the token
				// was looked at: nothing here says what the scope does.
				for _, id := range []string{"rfc6750/limited-token-refused", "rfc6750/insufficient-scope-refusal", "mcp/insufficient-scope-403"} {
					v.skipped(id, whereOf(ex), why)
				}
				continue
			}
			v.relational(j, "rfc6750/limited-token-refused", ex, checks.CheckLimitedTokenRefused(&ex.Judge))
			v.relational(j, "rfc6750/insufficient-scope-refusal", ex, checks.CheckInsufficientScopeRefusal(&ex.Judge))
			rev := ex.Judge.MCP
			if rev == "" {
				continue
			}
			v.relational(j, "mcp/insufficient-scope-403", ex, checks.CheckMCPInsufficientScope(&ex.Judge))
			if rev >= checks.MCPInsufficientScopeChallengeSince && ex.Judge.Status == http.StatusForbidden {
				v.relational(j, "mcp/insufficient-scope-challenge", ex, checks.CheckMCPInsufficientScopeChallenge(&ex.Judge))
			}
		}
		return v
	},
}

// browserProbe asks as a browser client of browser_origin: the preflight a
// browser sends before a request carrying Authorization, and the
// unauthenticated request with Origin, whose 401 must let the script read
// the challenge. The Fetch standard has no keywords: these warn.
var browserProbe = Probe{
	Name:     probe.Browser,
	Doc:      "as a browser client of browser_origin: the CORS preflight, and the 401 to a request with Origin must expose WWW-Authenticate",
	Requests: 2,
	Judges:   []string{"cors/preflight-allows", "cors/challenge-readable", "cors/challenge-exposed", "cors/metadata-readable"},
	Applies:  func(r *Resource) bool { return r.RT.Target.BrowserOrigin != "" },
	Run: func(ctx context.Context, r *Resource, c *probe.Client, j Judging) *Verdicts {
		v := &Verdicts{}
		pre := c.Preflight(ctx, r.Method, r.Path)
		judgeAll(v, j, pre)
		for _, ex := range finalAnswers(pre) {
			v.relational(j, "cors/preflight-allows", ex, checks.CheckCORSPreflight(&ex.Judge, r.Method, c.PreflightHeaders(r.Method)))
		}
		exs := c.BrowserUnauthenticated(ctx, r.Method, r.Path)
		judgeAll(v, j, exs)
		for _, ex := range finalAnswers(exs) {
			if ex.Judge.Status != http.StatusUnauthorized {
				why := fmt.Sprintf("the request with Origin got %d, not a 401", ex.Judge.Status)
				v.skipped("cors/challenge-readable", whereOf(ex), why)
				v.skipped("cors/challenge-exposed", whereOf(ex), why)
				continue
			}
			readable, exposed := checks.CheckCORSChallenge(&ex.Judge)
			v.relational(j, "cors/challenge-readable", ex, readable)
			judgeBrowserMetadata(ctx, v, j, c, ex)
			if len(readable) > 0 {
				v.skipped("cors/challenge-exposed", whereOf(ex), "the 401 does not allow the origin at all (cors/challenge-readable)")
				continue
			}
			v.relational(j, "cors/challenge-exposed", ex, exposed)
		}
		return v
	},
}

// mcpSince names the first revision each MCP rule applies to; a rule not
// listed applies to every revision.
var mcpSince = map[string]string{
	"mcp/scope-on-challenge":           checks.MCP20251125,
	"mcp/insufficient-scope-challenge": checks.MCPInsufficientScopeChallengeSince,
	"mcp/no-offline-access":            checks.MCP20260728,
	"mcp/no-offline-access-metadata":   checks.MCP20260728,
}

// planGate reports whether rule r can be judged on target t at all: the
// MCP rules only on MCP targets of the revisions whose text carries them,
// the CORS rules only when the target declares a browser_origin. The
// plan leaves the others out, as it leaves out another kind's rules.
func planGate(t *config.Target, r *checks.Rule) bool {
	switch {
	case strings.HasPrefix(r.ID, "mcp/"):
		rev := t.MCPRevision()
		return rev != "" && rev >= mcpSince[r.ID]
	case strings.HasPrefix(r.ID, "cors/"):
		return t.BrowserOrigin != ""
	}
	return true
}

// mcpMethodRefused returns why a 405 answers the unauthenticated request
// rightly, or "": an MCP server may refuse GET, and DELETE, with 405
// (2025-06-18, 2025-11-25: Listening for Messages from the Server, Session
// Management; 2026-07-28: Backward Compatibility, "HTTP GET or DELETE to
// the MCP endpoint: respond with 405 Method Not Allowed"); HEAD is GET
// without content, refused alike.
func mcpMethodRefused(t *config.Target, ex *probe.Exchange) string {
	if ex == nil || t.MCPRevision() == "" || ex.Judge.Status != http.StatusMethodNotAllowed {
		return ""
	}
	switch ex.Method {
	case http.MethodGet, http.MethodHead, http.MethodDelete:
		return fmt.Sprintf("405 to %s is an answer MCP %s allows: the server offers no %s at this endpoint; its POST is where authentication is judged",
			ex.Method, t.MCPRevision(), map[string]string{"GET": "event stream", "HEAD": "event stream", "DELETE": "session termination"}[ex.Method])
	}
	return ""
}

// mcpInfo records an information result for rule id on ex: not a finding,
// a fact worth reading (a 405 the revision allows).
func mcpInfo(v *Verdicts, id string, ex *probe.Exchange, msg string) {
	r := mustRule(id)
	res := newResult(r, whereOf(ex))
	res.Outcome = report.Info
	res.Message = msg
	v.Results = append(v.Results, res)
	v.Rules = append(v.Rules, r)
}

// skipAfterMCP405 returns verdicts that say why probe p judges nothing on
// a resource whose unauthenticated request got a 405 the revision allows:
// every rule it would have judged is skipped with that reason.
func skipAfterMCP405(t *config.Target, u *Unit, p Probe, reason string) *Verdicts {
	v := &Verdicts{}
	method := u.R.Method
	if p.Name == headProbe.Name {
		method = http.MethodHead // its checks are planned on the HEAD beside the GET
	}
	for _, id := range p.Judges {
		if !plannedOn(t, u, p, mustRule(id)) {
			continue
		}
		v.skipped(id, Where{Method: method, Path: u.R.Path, Probe: p.Name}, reason)
	}
	return v
}

// judgeMCPInvalidToken judges, on an MCP target, the answer to the random
// Bearer token of the bad-credentials probe: it is an invalid token, which
// every revision's Token Handling says MUST get 401.
func judgeMCPInvalidToken(v *Verdicts, j Judging, ex *probe.Exchange) {
	if ex.Judge.MCP == "" || !strings.EqualFold(ex.Judge.SentScheme(), "Bearer") {
		return
	}
	v.relational(j, "mcp/invalid-token-401", ex, checks.CheckMCPInvalidToken(&ex.Judge))
}

// judgeMCPResult judges, on an MCP target, the answer to the valid token
// sent with POST: it must be the JSON-RPC result of the probe's request.
func judgeMCPResult(v *Verdicts, j Judging, ex *probe.Exchange) {
	if ex.Judge.MCP == "" || ex.Method != http.MethodPost || !strings.EqualFold(ex.Judge.SentScheme(), "Bearer") {
		return
	}
	v.relational(j, "mcp/valid-token-result", ex, checks.CheckMCPResult(&ex.Judge, probe.MCPRequestID))
}

// judgeBrowserMetadata judges, as a browser client reads them, the
// metadata documents discovery found behind the 401 ex: each must allow
// the origin. A document that could not be fetched again is reported by
// discovery, not here.
func judgeBrowserMetadata(ctx context.Context, v *Verdicts, j Judging, c *probe.Client, ex *probe.Exchange) {
	for _, m := range c.BrowserMetadata(ctx, ex) {
		if m.Err != nil {
			v.skipped("cors/metadata-readable", whereOf(m), "the metadata document "+m.URL+" could not be fetched again: "+m.Err.Error())
			continue
		}
		v.relational(j, "cors/metadata-readable", m, checks.CheckCORSMetadata(&m.Judge))
	}
}
