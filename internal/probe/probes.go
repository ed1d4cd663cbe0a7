package probe

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"

	"github.com/authspec/authspec/internal/checks"
)

// Unauthenticated sends the request with no credentials at all: usually
// one exchange, more with retries and redirects followed.
func (c *Client) Unauthenticated(ctx context.Context, method, path string) []*Exchange {
	return c.run(ctx, spec{probe: Unauthenticated, variant: "no-credentials", method: method, path: path})
}

// BadCredentials sends well-formed wrong credentials for each scheme the
// server offered: a random Basic user and password; for each Digest
// challenge a response computed correctly from that challenge with a
// wrong password; a random Bearer token; a random token68 for any other
// scheme. When nothing was offered, a random Basic is sent so that the
// answer can still be judged; to an MCP server, whose authorization is
// Bearer in every revision, a random Bearer token.
func (c *Client) BadCredentials(ctx context.Context, method, path string, offered []checks.Challenge) []*Exchange {
	var out []*Exchange
	if len(offered) == 0 && c.mcpRevision() != "" {
		exs := c.run(ctx, spec{probe: BadCredentials, variant: "bearer", method: method, path: path, cred: c.badBearer()})
		exs[0].Notes = append(exs[0].Notes, "the server offered no challenge; a random Bearer token was sent, as to any MCP server")
		return exs
	}
	if len(offered) == 0 {
		exs := c.run(ctx, spec{probe: BadCredentials, variant: "basic", method: method, path: path, cred: c.badBasic()})
		exs[0].Notes = append(exs[0].Notes, "the server offered no challenge; wrong Basic credentials were sent")
		return exs
	}
	own, fetched := c.ownDigestChallenges(ctx, method, path, offered)
	out = append(out, fetched...)
	for _, v := range c.badVariantsWith(offered, own) {
		out = append(out, c.run(ctx, spec{probe: BadCredentials, variant: v.name, method: method, path: path, cred: v.cred})...)
	}
	return out
}

// BadDigestChallenge is the variant of the bad-credentials probe's request
// without credentials that fetches Digest nonces of the probe's own.
const BadDigestChallenge = "digest-challenge"

// ownDigestChallenges asks the resource once more without credentials,
// when the probe answers a Digest challenge, for nonces no other probe
// answers: the other probes answer the nonces of the unauthenticated
// probe's 401, concurrently, so which of them uses such a nonce first
// changes from run to run, and a server that retires a nonce after one use
// rightly answers stale=true to the later ones (RFC 7616 §3.3). Over a
// nonce of its own, the wrong password is the nonce's first use every
// time, and stale=true in its answer has no ground
// (rfc7616/digest-stale-unprompted). It returns, by index in offered, the
// new challenge for each answered Digest challenge (same realm and
// algorithm, another nonce), and the request's exchanges; no request when
// no Digest challenge is answered.
func (c *Client) ownDigestChallenges(ctx context.Context, method, path string, offered []checks.Challenge) (map[int]checks.Challenge, []*Exchange) {
	picked, _ := answered(offered)
	var digests []int
	for _, i := range picked {
		if offered[i].Is("Digest") {
			digests = append(digests, i)
		}
	}
	if len(digests) == 0 {
		return nil, nil
	}
	exs := c.run(ctx, spec{probe: BadCredentials, variant: BadDigestChallenge, method: method, path: path})
	last := exs[len(exs)-1]
	if last.Err != nil || !last.Judge.IsChallenge() {
		return nil, exs
	}
	fresh, _ := checks.ParseChallenges(last.Judge.Header.Values(last.Judge.ChallengeField()))
	used := make([]bool, len(fresh))
	own := map[int]checks.Challenge{}
	for _, i := range digests {
		want := readDigestChallenge(offered[i])
		for j, ch := range fresh {
			d := readDigestChallenge(ch)
			if used[j] || !ch.Is("Digest") || d.Realm != want.Realm || !strings.EqualFold(d.Algorithm, want.Algorithm) ||
				d.Nonce == "" || d.Nonce == want.Nonce {
				continue // a nonce the same as before is shared, not the probe's own
			}
			used[j], own[i] = true, ch
			break
		}
	}
	return own, exs
}

// variant is a named credential to send.
type variant struct {
	name string
	cred *credential
}

// The caps on the credentials one response can ask for. A 401 may offer
// thousands of challenges; answering each would let the server decide how
// many requests a resource gets, how much memory the run takes and how big
// the reports grow. So a resource's wrong (and valid) credentials answer
// at most the first challenge of each registered scheme, the first
// MaxDigestAnswers Digest challenges and the first challenge of the first
// MaxOtherSchemes schemes outside the registry; UnansweredChallenges says
// how many the caps left out, and the suite reports that number.
const (
	// MaxDigestAnswers is one per algorithm RFC 7616 §3.3 defines: MD5,
	// SHA-256 and SHA-512-256, each with and without -sess (§3.7 wants a
	// different algorithm for each challenge).
	MaxDigestAnswers = 6
	// MaxOtherSchemes bounds the schemes outside the IANA registry
	// answered with a random token68.
	MaxOtherSchemes = 4
)

// answered returns the indexes of the offered challenges the probes answer
// with credentials of their own, in order, and how many challenges the
// caps left out. A challenge of a scheme already answered (a second Basic
// realm) is not counted as left out: one answer per scheme is the design.
func answered(offered []checks.Challenge) (picked []int, capped int) {
	seen := map[string]bool{}
	digests, others := 0, 0
	for i, ch := range offered {
		scheme := strings.ToLower(ch.Scheme)
		_, registered := checks.LookupScheme(ch.Scheme)
		switch {
		case scheme == "":
			continue
		case scheme == "digest":
			if digests == MaxDigestAnswers {
				capped++
				continue
			}
			digests++
		case seen[scheme]:
			continue
		case !registered && others == MaxOtherSchemes:
			capped++
			seen[scheme] = true
			continue
		case !registered:
			others++
		}
		seen[scheme] = true
		picked = append(picked, i)
	}
	return picked, capped
}

// UnansweredChallenges says how many of the offered challenges the caps
// above left without credentials of their own.
func UnansweredChallenges(offered []checks.Challenge) int {
	_, capped := answered(offered)
	return capped
}

// badVariants makes one wrong credential per offered scheme, and one per
// Digest challenge, within the caps (see answered).
func (c *Client) badVariants(offered []checks.Challenge) []variant {
	return c.badVariantsWith(offered, nil)
}

// badVariantsWith is badVariants, answering the Digest challenge at index
// i of offered with own[i] instead when there is one: a challenge fetched
// for the probe alone (see ownDigestChallenges).
func (c *Client) badVariantsWith(offered []checks.Challenge, own map[int]checks.Challenge) []variant {
	var out []variant
	seen := map[string]bool{}
	names := digestVariantNames(offered)
	picked, _ := answered(offered)
	for _, i := range picked {
		ch := offered[i]
		scheme := strings.ToLower(ch.Scheme)
		switch {
		case scheme == "digest":
			answer, isOwn := own[i]
			if !isOwn {
				answer = ch
			}
			signer := c.newSigner(answer, "authspec-"+randomWord(8), randomWord(20))
			signer.own = isOwn
			out = append(out, variant{names[i], c.digestCredential(signer, false, "Digest")})
		case seen[scheme] || scheme == "":
		case scheme == "basic":
			out = append(out, variant{scheme, c.badBasic()})
		case scheme == "bearer":
			out = append(out, variant{scheme, c.badBearer()})
		default:
			out = append(out, variant{scheme, c.otherScheme(ch.Scheme)})
		}
		seen[scheme] = true
	}
	return out
}

// digestVariantNames names the Digest challenges: "digest" when there is
// one, "digest-<algorithm>" when there are several (with a counter should
// two share an algorithm, which RFC 7616 §3.7 forbids).
func digestVariantNames(offered []checks.Challenge) map[int]string {
	var idx []int
	for i, ch := range offered {
		if ch.Is("Digest") {
			idx = append(idx, i)
		}
	}
	names := map[int]string{}
	if len(idx) == 1 {
		names[idx[0]] = "digest"
		return names
	}
	used := map[string]int{}
	for _, i := range idx {
		alg := strings.ToLower(readDigestChallenge(offered[i]).Algorithm)
		if alg == "" {
			alg = "md5"
		}
		name := "digest-" + alg
		used[name]++
		if used[name] > 1 {
			name = fmt.Sprintf("%s-%d", name, used[name])
		}
		names[i] = name
	}
	return names
}

// malformedLength is the size of the oversized credentials value.
const malformedLength = 8 << 10

// oversizedValue is the oversized credentials value, made once.
var oversizedValue = "Basic " + strings.Repeat("A", malformedLength-len("Basic "))

// Malformed sends credentials values broken on purpose; the server should
// answer 400 or 401, never 5xx or 2xx.
func (c *Client) Malformed(ctx context.Context, method, path string) []*Exchange {
	noColon := base64.StdEncoding.EncodeToString([]byte("authspec" + randomWord(12)))
	shaped := base64.StdEncoding.EncodeToString([]byte("authspec-" + randomWord(8) + ":" + randomWord(16)))
	cases := []struct{ name, value string }{
		{"empty", ""},
		{"scheme-only", "Basic"},
		{"bad-base64", "Basic !!!notbase64"},
		{"no-colon", "Basic " + noColon},
		{"unknown-scheme", "Xyzzy abc"},
		{"oversized", oversizedValue},
		{"extra-spaces", "Basic    " + shaped},
	}
	send := func(i int) []*Exchange {
		m := cases[i]
		v := authValue{sent: m.value, shown: m.value}
		var curl curlAuth
		if m.name == "oversized" {
			v.shown = fmt.Sprintf("Basic AAAA... (%d bytes of 'A' in all)", malformedLength)
			curl = curlAuth{field: `"` + c.authField() + `: Basic $(head -c ` + fmt.Sprint(malformedLength-len("Basic ")) + ` /dev/zero | tr '\0' A)"`}
		} else {
			curl = c.headerCurl(m.value)
		}
		return c.run(ctx, spec{probe: Malformed, variant: m.name, method: method, path: path,
			cred: fixedCredential(v, false, curl)})
	}
	each := make([][]*Exchange, len(cases))
	each[0] = send(0)
	if last := each[0][len(each[0])-1]; last.Err == nil {
		// The target answers: the other values are independent of each
		// other and go at once, each under the target's gate.
		var wg sync.WaitGroup
		for i := 1; i < len(cases); i++ {
			wg.Go(func() { each[i] = send(i) })
		}
		wg.Wait()
	} else {
		// It did not: one at a time, so that the breaker stops sending
		// to a dead target after a few, as it does for any sequence.
		for i := 1; i < len(cases); i++ {
			each[i] = send(i)
		}
	}
	var out []*Exchange
	for _, exs := range each {
		out = append(out, exs...)
	}
	return out
}

// Repeated sends the same wrong credentials three times over a pool of
// its own: "first" on a new connection, "same-connection" on that
// connection again (keep-alive), "new-connection" on a fresh one. A
// server should answer each with the same challenge (RFC 9110 §15.5.2).
func (c *Client) Repeated(ctx context.Context, method, path string, offered []checks.Challenge) []*Exchange {
	cred := c.badBasic()
	if vs := c.badVariants(preferred(offered)); len(vs) > 0 {
		cred = vs[0].cred
	}
	tr := c.newTransport()
	defer tr.CloseIdleConnections()
	var out []*Exchange
	for _, name := range []string{"first", "same-connection", "new-connection"} {
		if name == "new-connection" {
			tr.CloseIdleConnections()
		}
		exs := c.run(ctx, spec{probe: Repeated, variant: name, method: method, path: path, cred: cred, rt: tr})
		last := exs[len(exs)-1]
		switch {
		case last.Err != nil:
		case name == "same-connection" && !last.ConnReused:
			last.Notes = append(last.Notes, "the connection of the first request was not reused (closed by the server, or a CONNECT tunnel)")
		case name == "new-connection" && last.ConnReused:
			last.Notes = append(last.Notes, "a fresh connection was asked for but an old one was reused")
		}
		out = append(out, exs...)
	}
	return out
}

// preferred returns the one challenge the repeated probe answers: Basic,
// then Bearer, then Digest, then whatever came first.
func preferred(offered []checks.Challenge) []checks.Challenge {
	for _, scheme := range []string{"Basic", "Bearer", "Digest"} {
		for _, ch := range offered {
			if ch.Is(scheme) {
				return []checks.Challenge{ch}
			}
		}
	}
	if len(offered) > 0 {
		return offered[:1]
	}
	return nil
}

// Control sends the configured valid credentials in each offered scheme
// they fit, plus the variant "scheme-case" with the scheme name in odd
// case (scheme names are case-insensitive, RFC 9110 §11.1). It returns a
// reason instead when it must not or cannot send them.
func (c *Client) Control(ctx context.Context, method, path string, offered []checks.Challenge) (ex []*Exchange, skipReason string) {
	cr := c.t.Credentials
	if cr == nil || (cr.Username == "" && cr.Token == "") {
		return nil, "no credentials configured"
	}
	if why := c.cleartextRefusal(); why != "" {
		return nil, why
	}
	vs, caseVariant := c.validVariants(offered)
	if len(vs) == 0 {
		return nil, fmt.Sprintf("the configured credentials fit none of the offered schemes (%s)", schemeList(offered))
	}
	var out []*Exchange
	for _, v := range vs {
		out = append(out, c.controlRun(ctx, method, path, v)...)
	}
	if caseVariant.cred != nil {
		out = append(out, c.controlRun(ctx, method, path, caseVariant)...)
	}
	return out, ""
}

// validVariant is a valid credential and, for Digest, how to redo it
// from a fresh challenge.
type validVariant struct {
	variant
	digestAlg string // algorithm of the answered Digest challenge
	scheme    string // "Digest" as written, for stale retries
}

// validVariants builds the valid credentials for the offered schemes and
// the odd-case variant of the first of them. With no challenge offered it
// falls back on what the credentials are (Basic, else Bearer).
func (c *Client) validVariants(offered []checks.Challenge) ([]validVariant, validVariant) {
	cr := c.t.Credentials
	hasUser, hasToken := cr.Username != "", cr.Token != ""
	if len(offered) == 0 {
		switch {
		case hasUser:
			offered = []checks.Challenge{{Scheme: "Basic"}}
		case hasToken:
			offered = []checks.Challenge{{Scheme: "Bearer"}}
		}
	}
	var out []validVariant
	var odd validVariant
	seen := map[string]bool{}
	names := digestVariantNames(offered)
	picked, _ := answered(offered)
	for _, i := range picked {
		ch := offered[i]
		scheme := strings.ToLower(ch.Scheme)
		switch {
		case scheme == "digest" && hasUser:
			signer := c.newSigner(ch, cr.Username, cr.Password)
			if !signer.supported() {
				continue
			}
			out = append(out, validVariant{variant{names[i], c.digestCredential(signer, true, "Digest")}, signer.ch.Algorithm, "Digest"})
			if odd.cred == nil {
				odd = validVariant{variant{"scheme-case", c.digestCredential(signer, true, "dIgEsT")}, signer.ch.Algorithm, "dIgEsT"}
			}
		case seen[scheme]:
		case scheme == "basic" && hasUser:
			out = append(out, validVariant{variant: variant{"basic", c.validBasic("Basic", ch)}})
			if odd.cred == nil {
				odd = validVariant{variant: variant{"scheme-case", c.validBasic("bAsIc", ch)}}
			}
		case scheme == "bearer" && hasToken:
			out = append(out, validVariant{variant: variant{"bearer", c.validBearer("Bearer")}})
			if odd.cred == nil {
				odd = validVariant{variant: variant{"scheme-case", c.validBearer("bEaReR")}}
			}
		}
		seen[scheme] = true
	}
	return out, odd
}

// ControlRequests bounds the control probe's own requests (before
// retries): one valid credential per answered Digest challenge
// (MaxDigestAnswers), one for Basic, one for Bearer, and the odd-case
// scheme name (validVariants).
const ControlRequests = MaxDigestAnswers + 3

// controlRun sends one valid credential. A Digest answer refused only
// because the nonce went stale (stale=true, RFC 7616 §3.3) is redone once
// with the new nonce.
func (c *Client) controlRun(ctx context.Context, method, path string, v validVariant) []*Exchange {
	out := c.run(ctx, spec{probe: Control, variant: v.name, method: method, path: path, cred: v.cred})
	if v.scheme == "" {
		return out
	}
	last := out[len(out)-1]
	if last.Err != nil || !last.Judge.IsChallenge() {
		return out
	}
	lines := last.Judge.Header.Values(last.Judge.ChallengeField())
	chs, _ := checks.ParseChallenges(lines)
	for _, ch := range chs {
		if !ch.Is("Digest") {
			continue
		}
		stale, _ := ch.Param("stale")
		if !strings.EqualFold(stale.Value, "true") || !strings.EqualFold(readDigestChallenge(ch).Algorithm, v.digestAlg) {
			continue
		}
		cr := c.t.Credentials
		fresh := c.digestCredential(c.newSigner(ch, cr.Username, cr.Password), true, v.scheme)
		last.Notes = append(last.Notes, "the nonce was stale (stale=true); sent again with the new nonce")
		return append(out, c.run(ctx, spec{probe: Control, variant: v.name, method: method, path: path, cred: fresh})...)
	}
	return out
}

// schemeList names the offered schemes for messages.
func schemeList(offered []checks.Challenge) string {
	var names []string
	for _, ch := range offered {
		names = append(names, ch.Scheme)
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
