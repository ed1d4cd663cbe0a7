package suite

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/probe"
)

// controlProbe sends the configured valid credentials, as offered by the
// challenges, and again with the scheme name in another case (RFC 9110
// §11.1). It proves the suite's own credential handling (Digest above all)
// against the server, and that the resource is usable at all.
var controlProbe = Probe{
	Name:     probe.Control,
	Doc:      "valid credentials get through, also with the scheme name in another case",
	Requests: 6,
	Judges:   []string{"rfc9110/valid-credentials-accepted", "rfc9110/scheme-case-insensitive", "rfc9110/proxy-no-modify-challenge", "mcp/valid-token-result"},
	Run: func(ctx context.Context, r *Resource, c *probe.Client, j Judging) *Verdicts {
		v := &Verdicts{}
		offered := r.Offered(ctx, c)
		exs, skip := c.Control(ctx, r.Method, r.Path, offered)
		if skip != "" {
			// Both of the probe's checks say why they were not judged.
			for _, id := range []string{"rfc9110/valid-credentials-accepted", "rfc9110/scheme-case-insensitive"} {
				v.skipped(id, Where{Method: r.Method, Path: r.Path, Probe: probe.Control}, skip)
			}
			return v
		}
		judgeAll(v, j, exs)
		noteUnanswered(v, "rfc9110/valid-credentials-accepted", r, probe.Control, offered)
		accepted := map[string]bool{} // by lower-case scheme: the normal-case credentials got through
		var oddCase []*probe.Exchange
		for _, ex := range finalAnswers(exs) {
			if why := mcpMethodRefused(&r.RT.Target, ex); why != "" {
				// The MCP revision lets the server refuse the method itself
				// (GET without an event stream): the credentials are not
				// what the 405 is about.
				id := "rfc9110/valid-credentials-accepted"
				if strings.HasPrefix(ex.Variant, "scheme-case") {
					id = "rfc9110/scheme-case-insensitive"
				}
				v.skipped(id, whereOf(ex), why)
				continue
			}
			if strings.HasPrefix(ex.Variant, "scheme-case") {
				oddCase = append(oddCase, ex)
				continue
			}
			fs := checks.CheckValidAccepted(&ex.Judge)
			if len(fs) == 0 {
				if ws := checks.CheckValidClientError(&ex.Judge); len(ws) > 0 {
					// A 400 or 418: not the resource, but no refusal of
					// the credentials either.
					v.warning(j, "rfc9110/valid-credentials-accepted", ex, ws)
					continue
				}
				accepted[strings.ToLower(ex.Judge.SentScheme())] = true
			}
			v.relational(j, "rfc9110/valid-credentials-accepted", ex, fs)
			judgeMCPResult(v, j, ex)
		}
		if r.RT.Target.Kind == config.Proxy {
			judgeProxyRelay(ctx, v, j, r, c, finalAnswers(exs))
		}
		for _, ex := range oddCase {
			// A refusal in odd case says something about case only when the
			// same credentials got through in normal case.
			if !accepted[strings.ToLower(ex.Judge.SentScheme())] {
				v.skipped("rfc9110/scheme-case-insensitive", whereOf(ex), "the same credentials were refused with the scheme in normal case too, so the odd case proves nothing")
				continue
			}
			v.relational(j, "rfc9110/scheme-case-insensitive", ex, checks.CheckSchemeCase(&ex.Judge))
		}
		return v
	},
}

// judgeProxyRelay compares the origin's 401 relayed by a proxy target (the
// valid proxy credentials let the request through to an origin that
// demands its own) with the 401 the origin sends when asked directly: RFC
// 9110 §11.6.1 forbids the proxy to modify WWW-Authenticate. The origin is
// asked without credentials, and only when the proxy relayed such a 401;
// when it cannot be reached directly the rule is skipped with the reason.
func judgeProxyRelay(ctx context.Context, v *Verdicts, j Judging, r *Resource, c *probe.Client, finals []*probe.Exchange) {
	const id = "rfc9110/proxy-no-modify-challenge"
	var relayed *probe.Exchange
	for _, ex := range finals {
		if ex.Judge.Status == http.StatusUnauthorized && len(ex.Judge.Header.Values("WWW-Authenticate")) > 0 {
			relayed = ex
			break
		}
	}
	if relayed == nil {
		return
	}
	origin, path, err := c.Origin(r.Path)
	if err != nil {
		v.skipped(id, whereOf(relayed), "the origin behind the proxy cannot be asked directly: "+err.Error())
		return
	}
	defer origin.Close()
	direct := finalAnswer(origin.Unauthenticated(ctx, r.Method, path))
	switch {
	case direct == nil:
		v.skipped(id, whereOf(relayed), "the origin behind the proxy could not be reached directly, so its challenges cannot be compared")
	case direct.Judge.Status != http.StatusUnauthorized:
		v.skipped(id, whereOf(relayed), "the origin answered "+strconv.Itoa(direct.Judge.Status)+" when asked directly, so there is no challenge to compare")
	default:
		v.relational(j, id, relayed, checks.CheckProxyRelay(&direct.Judge, &relayed.Judge))
	}
}
