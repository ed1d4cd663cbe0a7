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

// DPoPForgery sends the declared DPoP-bound token with a correct proof,
// with the forged proofs of RFC 9449 §4.3, and as a Bearer token. It sends
// nothing, and returns nil, unless a token and a dpop_key are declared,
// the target is an origin that may get them (not a proxy: DPoP is for
// origins only, §7.1; not cleartext), and the resource offers a DPoP
// challenge: the probe adds no request to targets it has nothing to ask
// of. Every request goes through the client's gate and rate.
func (c *Client) DPoPForgery(ctx context.Context, method, path string, offered []checks.Challenge) []*Exchange {
	cr := c.t.Credentials
	if cr == nil || cr.Token == "" || cr.DPoPKey == nil || c.proxy || c.cleartextRefusal() != "" || !offersDPoP(offered) {
		return nil
	}
	u, err := c.targetURL(path)
	if err != nil {
		return nil
	}
	signer := dpopSigner{key: cr.DPoPKey, token: cr.Token}
	htu := dpopHTU(u)
	otherMethod := "POST"
	if method == "POST" {
		otherMethod = "PUT"
	}
	valid := func() string { return c.rememberProof(signer.proof("ES256", method, htu)) }
	proofs := []struct {
		variant string
		fields  []string
	}{
		{DPoPValid, []string{valid()}},
		{DPoPTwoFields, []string{valid(), valid()}},
		{DPoPAlgNone, []string{signer.proof("none", method, htu)}},
		{DPoPHS256, []string{signer.proof("HS256", method, htu)}},
		{DPoPWrongHTM, []string{signer.proof("ES256", otherMethod, htu)}},
		{DPoPWrongHTU, []string{signer.proof("ES256", method, htu+dpopOtherPath)}},
	}
	var out []*Exchange
	for _, p := range proofs {
		s := spec{probe: DPoPForgery, variant: p.variant, method: method, path: path, cred: c.validBearer("DPoP")}
		for _, f := range p.fields {
			s.repeated = append(s.repeated, [2]string{"DPoP", f})
		}
		out = append(out, c.run(ctx, s)...)
	}
	return append(out, c.run(ctx, spec{probe: DPoPForgery, variant: DPoPAsBearer, method: method, path: path, cred: c.validBearer("Bearer")})...)
}

// rememberProof makes a correct proof a secret: until it expires it
// authorises this very request, so evidence shows it redacted.
func (c *Client) rememberProof(p string) string {
	c.remember(p)
	return p
}

// offersDPoP reports whether a DPoP challenge is among offered.
func offersDPoP(offered []checks.Challenge) bool {
	for _, ch := range offered {
		if ch.Is("DPoP") {
			return true
		}
	}
	return false
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
// secret (the symmetric forgery), or none with no signature.
func (d dpopSigner) proof(alg, method, htu string) string {
	b64 := base64.RawURLEncoding.EncodeToString
	point, err := d.key.PublicKey.Bytes() // 0x04 || X || Y
	if err != nil || len(point) != 65 {
		return ""
	}
	x, y := point[1:33], point[33:]
	ath := sha256.Sum256([]byte(d.token))
	header, _ := json.Marshal(map[string]any{"typ": "dpop+jwt", "alg": alg,
		"jwk": map[string]string{"kty": "EC", "crv": "P-256", "x": b64(x), "y": b64(y)}})
	claims, _ := json.Marshal(map[string]any{"jti": randomToken(22), "htm": method, "htu": htu,
		"iat": time.Now().Unix(), "ath": b64(ath[:])})
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
