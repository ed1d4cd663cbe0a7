package probe

import (
	"context"
	"regexp"
	"strings"
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
//
// The offered challenge's nonce is the unauthenticated probe's, which the
// other probes answer too, concurrently. A server that accepts each nonce
// once (RFC 7616 §3.3 lets it) refuses a request over a spent one with
// stale=true, whatever else is wrong with it: such an answer says nothing
// about the abuse. So a sending refused with stale=true goes once more,
// over the nonce of that 401, which no other request has used
// (DigestAbuseRequests bounds them all).
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
	valid := func(ch checks.Challenge) *credential {
		return c.digestCredential(c.newSigner(ch, cr.Username, cr.Password), true, "Digest")
	}
	// send sends the credential mk makes for ch, and again for the nonce
	// of a stale=true refusal; it returns the exchanges and the
	// credential last sent.
	send := func(variant string, mk func(checks.Challenge) *credential) ([]*Exchange, *credential) {
		cred := mk(ch)
		out := run(variant, cred)
		if fresh, stale := staleDigestAnswer(out, ch); stale {
			noteStaleRetry(out)
			cred = mk(fresh)
			out = append(out, run(variant, cred)...)
		}
		return out, cred
	}
	out, replay := send(DigestReplayFirst, func(ch checks.Challenge) *credential { return onceCredential(valid(ch)) })
	out = append(out, run(DigestReplay, replay)...)

	other, _ := send(DigestOtherURI, func(ch checks.Challenge) *credential {
		cred := valid(ch)
		sign := cred.value
		cred.value = func(m, target string) (authValue, error) { return sign(m, target+"-authspec-other") }
		return cred
	})
	both, _ := send(DigestUsernameStar, func(ch checks.Challenge) *credential {
		cred := valid(ch)
		sign := cred.value
		cred.value = func(m, target string) (authValue, error) {
			av, err := sign(m, target)
			const star = ", username*=UTF-8''authspec-other"
			av.sent += star
			av.shown += star
			return av, err
		}
		return cred
	})
	bare, _ := send(DigestNoCnonce, func(ch checks.Challenge) *credential {
		cred := valid(ch)
		sign := cred.value
		cred.value = func(m, target string) (authValue, error) {
			av, err := sign(m, target)
			av.sent, av.shown = withoutCnonceNC(av.sent), withoutCnonceNC(av.shown)
			return av, err
		}
		return cred
	})
	return append(append(append(out, other...), both...), bare...)
}

// DigestAbuseRequests bounds the requests of the digest-abuse probe: five
// sendings, and each of the four that answer a nonce of their own once
// more after a stale=true refusal.
const DigestAbuseRequests = 9

// staleDigestAnswer reports whether the last of exs is a 401 refusing the
// nonce of ch as stale (RFC 7616 §3.3: stale=true, "the client may wish to
// simply retry the request with a new encrypted response"), and returns
// its Digest challenge of ch's realm and algorithm with a new nonce.
func staleDigestAnswer(exs []*Exchange, ch checks.Challenge) (checks.Challenge, bool) {
	if len(exs) == 0 {
		return checks.Challenge{}, false
	}
	last := exs[len(exs)-1]
	if last.Err != nil {
		return checks.Challenge{}, false
	}
	want := readDigestChallenge(ch)
	for _, f := range checks.DigestStaleChallenges(&last.Judge) {
		d := readDigestChallenge(f)
		if d.Realm == want.Realm && strings.EqualFold(d.Algorithm, want.Algorithm) && d.Nonce != "" && d.Nonce != want.Nonce {
			return f, true
		}
	}
	return checks.Challenge{}, false
}

// noteStaleRetry says on the stale refusal why the request goes again.
func noteStaleRetry(exs []*Exchange) {
	last := exs[len(exs)-1]
	last.Notes = append(last.Notes, "refused with stale=true: the nonce, shared with the other probes, was spent; sent again over the nonce of this answer, which no other request has used")
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
