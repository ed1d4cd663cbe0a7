package probe

import (
	"context"
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"time"

	"github.com/authspec/authspec/internal/checks"
)

// DPoPForgery is the probe that sends the declared DPoP-bound token
// (credentials.token with credentials.dpop_key) with proofs forged one way
// each (RFC 9449 §4.3), and as a Bearer token (§7.2).
const DPoPForgery = "dpop-forgery"

// Variants of the dpop-forgery probe.
const (
	DPoPValid     = "valid"      // a correct proof: the control
	DPoPTwoFields = "two-fields" // two DPoP header fields, both signed correctly
	DPoPAlgNone   = "alg-none"   // alg none, no signature
	DPoPHS256     = "hs256"      // HS256, a symmetric algorithm
	DPoPWrongHTM  = "wrong-htm"  // signed, but htm names another method
	DPoPWrongHTU  = "wrong-htu"  // signed, but htu names another URI
	DPoPAsBearer  = "as-bearer"  // the bound token as Authorization: Bearer, no proof
	dpopOtherPath = "-authspec-other"
)

// DPoPForgery sends the declared DPoP-bound token with a correct proof
// first: the control. Only when that gets a 2xx (Exchange.Succeeded) does it go
// on with the forged proofs of RFC 9449 §4.3 and the token as a Bearer
// token: a refusal of a forgery shows the check only when the correct
// proof gets through, so nothing more is sent otherwise (the suite reports
// the forgery rules as skipped, with the control's answer). A server that
// answers the control with error="use_dpop_nonce" and a DPoP-Nonce (§9)
// gets it once more with that nonce in the proof, as §8 has a client do,
// and every later proof carries the latest nonce the server supplied
// (§8.2), so that a forgery is refused for what is forged, not for a
// missing nonce.
//
// It sends nothing, and returns nil, unless a token and a dpop_key are
// declared, the target is an origin that may get them (not a proxy: DPoP
// is for origins only, §7.1; not cleartext), and the resource offers a
// DPoP challenge: the probe adds no request to targets it has nothing to
// ask of. Every request goes through the client's gate and rate; at most
// DPoPForgeryRequests are sent (before retries of 429 and 503).
func (c *Client) DPoPForgery(ctx context.Context, method, path string, offered []checks.Challenge) []*Exchange {
	cr := c.t.Credentials
	if cr == nil || cr.Token == "" || cr.DPoPKey == nil || c.proxy || c.cleartextRefusal() != "" || !checks.OffersScheme(offered, "DPoP") {
		return nil
	}
	u, err := c.targetURL(path)
	if err != nil {
		return nil
	}
	f := &dpopForger{c: c, signer: dpopSigner{key: cr.DPoPKey, token: cr.Token}, method: method, path: path, htu: dpopHTU(u)}
	out := f.control(ctx)
	if !finalAnswer(out).Succeeded() {
		return out
	}
	otherMethod := "POST"
	if method == "POST" {
		otherMethod = "PUT"
	}
	// Each proof is made just before its request, with the latest nonce.
	forgeries := []struct {
		variant string
		proofs  func() []string
	}{
		{DPoPTwoFields, func() []string { return []string{f.valid(), f.valid()} }},
		{DPoPAlgNone, func() []string { return []string{f.signer.proof("none", method, f.htu, f.nonce)} }},
		{DPoPHS256, func() []string { return []string{f.signer.proof("HS256", method, f.htu, f.nonce)} }},
		{DPoPWrongHTM, func() []string { return []string{f.signer.proof("ES256", otherMethod, f.htu, f.nonce)} }},
		{DPoPWrongHTU, func() []string { return []string{f.signer.proof("ES256", method, f.htu+dpopOtherPath, f.nonce)} }},
	}
	for _, p := range forgeries {
		out = append(out, f.send(ctx, p.variant, c.validBearer("DPoP"), p.proofs()...)...)
	}
	return append(out, f.send(ctx, DPoPAsBearer, c.validBearer("Bearer"))...)
}

// DPoPForgeryRequests bounds the requests of one DPoPForgery (before
// retries): the control, once more with a nonce, five forged proofs and
// the token as Bearer.
const DPoPForgeryRequests = 8

// finalAnswer is the last exchange of a request, nil when there is none.
func finalAnswer(exs []*Exchange) *Exchange {
	if len(exs) == 0 {
		return nil
	}
	return exs[len(exs)-1]
}

// dpopForger sends the requests of one dpop-forgery probe, keeping the
// nonce the server supplied last.
type dpopForger struct {
	c                 *Client
	signer            dpopSigner
	method, path, htu string
	// nonce is the latest DPoP-Nonce the server supplied (RFC 9449 §8.2),
	// "" while it supplied none.
	nonce string
}

// valid makes a correct proof with the latest nonce: a secret, since it
// authorises its request.
func (f *dpopForger) valid() string {
	return f.c.rememberProof(f.signer.proof("ES256", f.method, f.htu, f.nonce))
}

// control sends the correct proof, and sends it again once with the nonce
// the server asked for (error="use_dpop_nonce" with a DPoP-Nonce, RFC 9449
// §9), as §8 describes a client doing.
func (f *dpopForger) control(ctx context.Context) []*Exchange {
	out := f.send(ctx, DPoPValid, f.c.validBearer("DPoP"), f.valid())
	last := finalAnswer(out)
	if last.Err != nil || f.nonce == "" || checks.DPoPError(&last.Judge) != "use_dpop_nonce" {
		return out
	}
	last.Notes = append(last.Notes, "the server asked for a DPoP nonce (use_dpop_nonce, RFC 9449 §9): the correct proof was sent again with the nonce it supplied")
	return append(out, f.send(ctx, DPoPValid, f.c.validBearer("DPoP"), f.valid())...)
}

// send sends one request with the given DPoP fields (one line each) and
// keeps the nonce its answers supply.
func (f *dpopForger) send(ctx context.Context, variant string, cred *credential, proofs ...string) []*Exchange {
	s := spec{probe: DPoPForgery, variant: variant, method: f.method, path: f.path, cred: cred}
	for _, p := range proofs {
		s.repeated = append(s.repeated, [2]string{"DPoP", p})
	}
	exs := f.c.run(ctx, s)
	for _, ex := range exs {
		if ex.Err == nil {
			if n := checks.DPoPNonce(&ex.Judge); n != "" {
				f.nonce = n
			}
		}
	}
	return exs
}

// rememberProof makes a correct proof a secret: until it expires it
// authorises this very request, so evidence shows it redacted.
func (c *Client) rememberProof(p string) string {
	c.remember(p)
	return p
}

// dpopHTU is the htu of a request for u: the URI without query and
// fragment (RFC 9449 §4.2).
func dpopHTU(u *url.URL) string {
	v := *u
	v.RawQuery, v.Fragment, v.RawFragment, v.ForceQuery = "", "", "", false
	return v.String()
}

// dpopSigner makes DPoP proofs (RFC 9449 §4.2) for one token and key.
type dpopSigner struct {
	key   *ecdsa.PrivateKey
	token string
}

// proof returns a DPoP proof JWT for a request of method to htu, signed
// with alg: ES256 with the key, HS256 with the public key's x as the
// secret (the symmetric forgery), or none with no signature. A nonce the
// server supplied goes in the nonce claim (RFC 9449 §4.2); "" leaves the
// claim out.
func (d dpopSigner) proof(alg, method, htu, nonce string) string {
	b64 := base64.RawURLEncoding.EncodeToString
	point, err := d.key.PublicKey.Bytes() // 0x04 || X || Y
	if err != nil || len(point) != 65 {
		return ""
	}
	x, y := point[1:33], point[33:]
	ath := sha256.Sum256([]byte(d.token))
	header, _ := json.Marshal(map[string]any{"typ": "dpop+jwt", "alg": alg,
		"jwk": map[string]string{"kty": "EC", "crv": "P-256", "x": b64(x), "y": b64(y)}})
	body := map[string]any{"jti": randomToken(22), "htm": method, "htu": htu, "iat": time.Now().Unix(), "ath": b64(ath[:])}
	if nonce != "" {
		body["nonce"] = nonce
	}
	claims, _ := json.Marshal(body)
	input := b64(header) + "." + b64(claims)
	switch alg {
	case "none":
		return input + "."
	case "HS256":
		m := hmac.New(sha256.New, x)
		m.Write([]byte(input))
		return input + "." + b64(m.Sum(nil))
	}
	sum := sha256.Sum256([]byte(input))
	r, s, err := ecdsa.Sign(rand.Reader, d.key, sum[:])
	if err != nil {
		// crypto/rand does not fail on supported platforms; an unsigned
		// proof is refused by any server, which is no false alarm.
		return input + "."
	}
	return input + "." + b64(append(r.FillBytes(make([]byte, 32)), s.FillBytes(make([]byte, 32))...))
}
