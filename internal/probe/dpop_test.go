package probe

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
)

const dpopTestToken = "bound-token-s3cr3t"

func dpopTestTarget(t *testing.T, withKey bool) (config.Target, *ecdsa.PrivateKey) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tg := testTarget()
	tg.Credentials = &config.Credentials{Token: dpopTestToken}
	if withKey {
		tg.Credentials.DPoPKey = key
	}
	return tg, key
}

// Without a dpop_key, or where no DPoP challenge is offered, the probe
// sends nothing.
func TestDPoPForgerySendsNothingUndeclared(t *testing.T) {
	rec := &seen{}
	srv := challengeServer(t, rec, `DPoP algs="ES256"`)
	noKey, _ := dpopTestTarget(t, false)
	if exs := newTestClient(t, noKey, srv.URL).DPoPForgery(context.Background(), "GET", "/r", []checks.Challenge{ch("DPoP")}); exs != nil {
		t.Errorf("without dpop_key: %d exchanges, want none", len(exs))
	}
	withKey, _ := dpopTestTarget(t, true)
	if exs := newTestClient(t, withKey, srv.URL).DPoPForgery(context.Background(), "GET", "/r", []checks.Challenge{ch("Bearer")}); exs != nil {
		t.Errorf("without a DPoP challenge: %d exchanges, want none", len(exs))
	}
	if n := len(rec.all()); n != 0 {
		t.Errorf("the server got %d requests, want 0", n)
	}
}

// With a key, seven requests: each variant carries what its name says,
// and the valid proof verifies with the declared key over method, URI and
// the token's hash.
func TestDPoPForgeryRequests(t *testing.T) {
	rec := &seen{}
	srv := challengeServer(t, rec, `DPoP algs="ES256"`)
	tg, key := dpopTestTarget(t, true)
	exs := newTestClient(t, tg, srv.URL).DPoPForgery(context.Background(), "GET", "/r?x=1", []checks.Challenge{ch("DPoP")})
	reqs := rec.all()
	if len(exs) != 7 || len(reqs) != 7 {
		t.Fatalf("%d exchanges, %d requests, want 7 of each", len(exs), len(reqs))
	}
	htu := srv.URL + "/r"
	for i, ex := range exs {
		r := reqs[i]
		proofs := r.Header.Values("DPoP")
		auth := r.Header.Get("Authorization")
		var head, claims map[string]any
		if len(proofs) > 0 {
			head, claims = decodeProof(t, proofs[0])
		}
		switch ex.Variant {
		case DPoPValid:
			if auth != "DPoP "+dpopTestToken || len(proofs) != 1 || !verifyProof(&key.PublicKey, proofs[0]) ||
				claims["htm"] != "GET" || claims["htu"] != htu || head["typ"] != "dpop+jwt" || claims["ath"] != athOf(dpopTestToken) {
				t.Errorf("valid: Authorization %q, proofs %d, head %v, claims %v", auth, len(proofs), head, claims)
			}
		case DPoPTwoFields:
			if len(proofs) != 2 || proofs[0] == proofs[1] || !verifyProof(&key.PublicKey, proofs[1]) {
				t.Errorf("two-fields: %d DPoP fields", len(proofs))
			}
		case DPoPAlgNone:
			if head["alg"] != "none" || !strings.HasSuffix(proofs[0], ".") {
				t.Errorf("alg-none: head %v", head)
			}
		case DPoPHS256:
			if head["alg"] != "HS256" || verifyProof(&key.PublicKey, proofs[0]) {
				t.Errorf("hs256: head %v", head)
			}
		case DPoPWrongHTM:
			if claims["htm"] == "GET" || !verifyProof(&key.PublicKey, proofs[0]) {
				t.Errorf("wrong-htm: claims %v", claims)
			}
		case DPoPWrongHTU:
			if claims["htu"] == htu || claims["htm"] != "GET" || !verifyProof(&key.PublicKey, proofs[0]) {
				t.Errorf("wrong-htu: claims %v", claims)
			}
		case DPoPAsBearer:
			if auth != "Bearer "+dpopTestToken || len(proofs) != 0 {
				t.Errorf("as-bearer: Authorization %q with %d proofs", auth, len(proofs))
			}
		default:
			t.Errorf("unknown variant %q", ex.Variant)
		}
		// Evidence never shows the token, nor a proof that would be valid.
		ev := ex.Evidence()
		shown := ev.Request + ev.Response + ev.Curl
		if !strings.Contains(ev.Request, "Authorization:") {
			t.Errorf("%s: the evidence shows no request fields: %q", ex.Variant, ev.Request)
		}
		if strings.Contains(shown, dpopTestToken) {
			t.Errorf("%s: the evidence shows the token", ex.Variant)
		}
		if ex.Variant == DPoPValid && strings.Contains(shown, proofs[0]) {
			t.Errorf("valid: the evidence shows the valid proof")
		}
	}
}

func decodeProof(t *testing.T, p string) (head, claims map[string]any) {
	parts := strings.Split(p, ".")
	if len(parts) != 3 {
		t.Fatalf("proof %q is not a JWS", p)
	}
	for i, dst := range []*map[string]any{&head, &claims} {
		b, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil || json.Unmarshal(b, dst) != nil {
			t.Fatalf("proof part %d does not decode", i)
		}
	}
	return head, claims
}

func verifyProof(pub *ecdsa.PublicKey, p string) bool {
	parts := strings.Split(p, ".")
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(sig) != 64 {
		return false
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	return ecdsa.Verify(pub, sum[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:]))
}

func athOf(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return base64.RawURLEncoding.EncodeToString(h[:])
}
