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
	Name: probe.Control,
	Doc:  "valid credentials get through, also with the scheme name in another case",
	// The valid credentials, and on a proxy target the comparisons with
	// the origin behind it (judgeProxyRelay).
	Requests: probe.ControlRequests + probe.RelayRequests,
	Judges: []string{"rfc9110/valid-credentials-accepted", "rfc9110/scheme-case-insensitive", "rfc9110/proxy-no-modify-challenge",
		"rfc9110/proxy-no-modify-authentication-info", "mcp/valid-token-result", "rfc7617/basic-utf8-credentials-accepted"},
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
			if ex.Judge.BasicCharset == checks.BasicCharsetUndefined {
				v.skipped("rfc7617/basic-utf8-credentials-accepted", whereOf(ex), charsetUndefined)
				if len(fs) > 0 {
					// Not the server refusing the declared credentials, for
					// all anyone can tell: it may expect another encoding.
					v.skipped("rfc9110/valid-credentials-accepted", whereOf(ex), charsetUndefined+
						"; the server answered "+strconv.Itoa(ex.Judge.Status)+", which may only mean it expects another encoding (ISO-8859-1, say)")
					continue
				}
			}
			if ex.Judge.BasicCharset == checks.BasicCharsetUTF8 {
				v.relational(j, "rfc7617/basic-utf8-credentials-accepted", ex, checks.CheckBasicUTF8Accepted(&ex.Judge))
			}
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
			judgeProxyRelay(ctx, v, j, r, c, finalAnswers(exs), offered)
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

// charsetUndefined says why non-ASCII Basic credentials answering a
// challenge without charset are not judged: RFC 7617 §2 "continues to
// leave the default encoding undefined". authspec sends them in UTF-8.
const charsetUndefined = `the declared credentials hold characters outside US-ASCII and the Basic challenge offers no charset: ` +
	`RFC 7617 §2 leaves their encoding undefined, so authspec sent them in UTF-8 as configured; offer charset="UTF-8" (§2.1) to say which encoding the server expects`

// judgeProxyRelay compares what a proxy target relays from the origin
// behind it with what the origin sends when asked directly: its 401's
// WWW-Authenticate (RFC 9110 §11.6.1), asked for without credentials, and,
// with origin_credentials, the Authentication-Info of its answer to them
// (§11.6.3). Only when the valid proxy credentials let a request through
// to an origin that answered 401 is the origin asked; when it cannot be
// reached directly, the rules are skipped with the reason.
func judgeProxyRelay(ctx context.Context, v *Verdicts, j Judging, r *Resource, c *probe.Client, finals []*probe.Exchange, offered []checks.Challenge) {
	const id = "rfc9110/proxy-no-modify-challenge"
	var relayed *probe.Exchange
	for _, ex := range finals {
		if ex.Judge.Status == http.StatusUnauthorized && len(ex.Judge.Header.Values("WWW-Authenticate")) > 0 {
			relayed = ex
			break
		}
	}
	if relayed == nil {
		if r.RT.Target.OriginCredentials != nil {
			v.skipped(authInfoRelayID, Where{Method: r.Method, Path: r.Path, Probe: probe.Control},
				"the valid proxy credentials got no 401 from the origin through the proxy, so there is no origin challenge for origin_credentials to answer")
		}
		return
	}
	origin, path, err := c.Origin(r.Path)
	if err != nil {
		v.skipped(id, whereOf(relayed), "the origin behind the proxy cannot be asked directly: "+err.Error())
		v.skipped(authInfoRelayID, whereOf(relayed), "the origin behind the proxy cannot be asked directly: "+err.Error())
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
	judgeAuthInfoRelay(ctx, v, j, r, c, authInfoRelay{origin: origin, path: path, relayed: relayed, direct: direct, offered: offered})
}

// authInfoRelayID is the rule judgeAuthInfoRelay judges.
const authInfoRelayID = "rfc9110/proxy-no-modify-authentication-info"

// authInfoRelay is what the comparison of Authentication-Info starts from:
// the client of the origin behind the proxy and the path on it, the
// origin's 401 relayed to the valid proxy credentials and the one it sent
// directly (nil when it could not be reached), and the proxy's challenges.
type authInfoRelay struct {
	origin  *probe.Client
	path    string
	relayed *probe.Exchange
	direct  *probe.Exchange
	offered []checks.Challenge
}

// judgeAuthInfoRelay sends origin_credentials through the proxy (with the
// proxy credentials that got the origin's 401) and directly, each
// answering the origin's challenges as seen on that side, and compares the
// Authentication-Info of the two 2xx answers (RFC 9110 §11.6.3, RFC 7616
// §3.6). Without origin_credentials nothing is sent and the rule says what
// to declare. Whatever keeps the two answers from being compared (an
// origin out of reach, credentials refused on one side) is a skip with the
// reason, never a failure.
func judgeAuthInfoRelay(ctx context.Context, v *Verdicts, j Judging, r *Resource, c *probe.Client, a authInfoRelay) {
	where := whereOf(a.relayed)
	skip := func(why string) { v.skipped(authInfoRelayID, where, why) }
	switch {
	case r.RT.Target.OriginCredentials == nil:
		skip("declare origin_credentials (the valid credentials of the origin behind the proxy) to compare the origin's Authentication-Info through the proxy and directly")
		return
	case a.direct == nil:
		skip("the origin behind the proxy could not be reached directly, so its Authentication-Info cannot be compared")
		return
	case a.direct.Judge.Status != http.StatusUnauthorized:
		skip("the origin answered " + strconv.Itoa(a.direct.Judge.Status) + " without credentials when asked directly, so there is no challenge for origin_credentials to answer")
		return
	}
	viaExs, why := c.ViaProxy(ctx, r.Method, r.Path, a.offered, a.relayed.Variant, a.origin, challengesOf(a.relayed))
	if why != "" {
		skip("origin_credentials not sent through the proxy: " + why)
		return
	}
	directExs, why := a.origin.OriginValid(ctx, r.Method, a.path, challengesOf(a.direct))
	if why != "" {
		skip("origin_credentials not sent to the origin directly: " + why)
		return
	}
	via, direct := finalAnswer(viaExs), finalAnswer(directExs)
	switch {
	case via == nil:
		skip("the request with origin_credentials through the proxy got no answer: " + errorOf(viaExs))
	case direct == nil:
		skip("the request with origin_credentials to the origin directly got no answer: " + errorOf(directExs))
	case !direct.Succeeded():
		skip("the origin answered " + strconv.Itoa(direct.Judge.Status) + " to origin_credentials sent directly, not 2xx: check origin_credentials; there is no Authentication-Info to compare")
	case !via.Succeeded():
		skip("the origin_credentials sent through the proxy got " + strconv.Itoa(via.Judge.Status) + ", not the 2xx they get directly, so there is no Authentication-Info to compare (a proxy that alters Authorization breaks RFC 9110 §11.6.2, which this rule does not judge)")
	case !hasAuthInfo(direct) && !hasAuthInfo(via):
		skip("the origin sends no Authentication-Info with its answer to origin_credentials, directly or through the proxy: there is nothing the proxy could modify")
	case checks.AuthInfoTrailerDiscarded(&direct.Judge, &via.Judge):
		skip("the origin sends Authentication-Info as a trailer field and the proxy relayed its answer without it: trailer fields may be discarded (RFC 9112 §7.1.2: a recipient that removes the chunked coding \"MAY selectively retain or discard the received trailer fields\")")
	default:
		v.relational(j, authInfoRelayID, via, checks.CheckProxyAuthInfo(&direct.Judge, &via.Judge))
	}
}

// challengesOf parses the challenges of a 401 or 407.
func challengesOf(ex *probe.Exchange) []checks.Challenge {
	chs, _ := checks.ParseChallenges(ex.Judge.Header.Values(ex.Judge.ChallengeField()))
	return chs
}

// hasAuthInfo reports whether ex carries Authentication-Info, in its
// header section or its trailers.
func hasAuthInfo(ex *probe.Exchange) bool {
	return len(ex.Judge.Header.Values("Authentication-Info")) > 0 || len(ex.Judge.Trailer.Values("Authentication-Info")) > 0
}

// errorOf says why the last of exs got no answer.
func errorOf(exs []*probe.Exchange) string {
	if len(exs) == 0 || exs[len(exs)-1].Err == nil {
		return "no response"
	}
	return exs[len(exs)-1].Err.Error()
}
