package probe

import (
	"context"
	"regexp"
	"sync"

	"github.com/authspec/authspec/internal/checks"
)

// DigestAbuse is the probe that sends the declared Digest credentials wrong
// on purpose (RFC 7616 §3.4, §3.4.6): a replayed request, a response
// computed for another uri, username together with username*, and qop
// without the cnonce and nc it requires.
const DigestAbuse = "digest-abuse"

// Variants of the digest-abuse probe.
const (
	DigestReplayFirst  = "replay-first"  // the valid credentials, once
	DigestReplay       = "replay"        // the very same field value again: nc seen twice
	DigestOtherURI     = "other-uri"     // a correct response for another uri
	DigestUsernameStar = "username-star" // username and username* together
	DigestNoCnonce     = "no-cnonce"     // qop=auth without cnonce and nc
)

// DigestAbuse sends the declared Digest credentials in the four ways RFC
// 7616 makes an error, answering the first Digest challenge of offered
// authspec can compute. It sends nothing, and returns nil, when no
// username and password are declared, when the target may not get them
// (cleartext), or when no such challenge is offered: the probe adds no
// request to targets it has nothing to ask of. Every request goes through
// the client's gate and rate, as any other.
func (c *Client) DigestAbuse(ctx context.Context, method, path string, offered []checks.Challenge) []*Exchange {
	cr := c.t.Credentials
	if cr == nil || cr.Username == "" || c.cleartextRefusal() != "" {
		return nil
	}
	ch, ok := answerableDigest(offered)
	if !ok {
		return nil
	}
	run := func(variant string, cred *credential) []*Exchange {
		return c.run(ctx, spec{probe: DigestAbuse, variant: variant, method: method, path: path, cred: cred})
	}
	var out []*Exchange
	replay := onceCredential(c.digestCredential(c.newSigner(ch, cr.Username, cr.Password), true, "Digest"))
	out = append(out, run(DigestReplayFirst, replay)...)
	out = append(out, run(DigestReplay, replay)...)

	other := c.digestCredential(c.newSigner(ch, cr.Username, cr.Password), true, "Digest")
	sign := other.value
	other.value = func(m, target string) (authValue, error) { return sign(m, target+"-authspec-other") }
	out = append(out, run(DigestOtherURI, other)...)

	both := c.digestCredential(c.newSigner(ch, cr.Username, cr.Password), true, "Digest")
	signBoth := both.value
	both.value = func(m, target string) (authValue, error) {
		av, err := signBoth(m, target)
		const star = ", username*=UTF-8''authspec-other"
		av.sent += star
		av.shown += star
		return av, err
	}
	out = append(out, run(DigestUsernameStar, both)...)

	bare := c.digestCredential(c.newSigner(ch, cr.Username, cr.Password), true, "Digest")
	signBare := bare.value
	bare.value = func(m, target string) (authValue, error) {
		av, err := signBare(m, target)
		av.sent, av.shown = withoutCnonceNC(av.sent), withoutCnonceNC(av.shown)
		return av, err
	}
	return append(out, run(DigestNoCnonce, bare)...)
}

// cnonceNC matches the nc and cnonce parameters the Digest signer writes
// (", nc=00000001, cnonce=\"...\"").
var cnonceNC = regexp.MustCompile(`, nc=[0-9a-f]{8}, cnonce="[^"]*"`)

// withoutCnonceNC drops nc and cnonce from a Digest credentials value with
// qop: RFC 7616 §3.4 requires both with qop, so the value lacks required
// parameters.
func withoutCnonceNC(v string) string { return cnonceNC.ReplaceAllString(v, "") }

// answerableDigest returns the first Digest challenge authspec can answer
// with qop (RFC 7616 requires it).
func answerableDigest(offered []checks.Challenge) (checks.Challenge, bool) {
	for _, ch := range offered {
		if !ch.Is("Digest") {
			continue
		}
		d := readDigestChallenge(ch)
		if _, _, ok := digestHash(d.Algorithm); ok && d.chooseQOP() != "" && d.Nonce != "" {
			return ch, true
		}
	}
	return checks.Challenge{}, false
}

// onceCredential makes cred send the value it computes first every time:
// the same nonce count twice, a replay (RFC 7616 §3.4: "if the same nc
// value is seen twice, then the request is a replay").
func onceCredential(cred *credential) *credential {
	var once sync.Once
	var v authValue
	var err error
	sign := cred.value
	cred.value = func(m, target string) (authValue, error) {
		once.Do(func() { v, err = sign(m, target) })
		return v, err
	}
	return cred
}
