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
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
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

// dpopServer grants the request a correct proof for the key authorises
// (one DPoP field, ES256 verified, htm GET, nonce when one is required)
// and refuses everything else with 401 and a DPoP challenge. With
// nonces, a proof without the current one gets error="use_dpop_nonce"
// with nonces[0] in DPoP-Nonce; a granted request gets the next nonce
// (RFC 9449 §8.2), which every later proof must carry. withNonceField
// false leaves DPoP-Nonce out of the use_dpop_nonce answer.
func dpopServer(t *testing.T, rec *seen, key *ecdsa.PublicKey, withNonceField bool, nonces ...string) *httptest.Server {
	var mu sync.Mutex
	current := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		mu.Lock()
		defer mu.Unlock()
		proofs := r.Header.Values("DPoP")
		ok := len(proofs) == 1 && verifyProof(key, proofs[0])
		var claims map[string]any
		if ok {
			_, claims = decodeProof(t, proofs[0])
			ok = claims["htm"] == r.Method
		}
		if ok && current < len(nonces) && claims["nonce"] != nonces[current] {
			if withNonceField {
				w.Header().Set("DPoP-Nonce", nonces[current])
			}
			w.Header().Set("WWW-Authenticate", `DPoP algs="ES256", error="use_dpop_nonce"`)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if !ok {
			w.Header().Set("WWW-Authenticate", `DPoP algs="ES256", error="invalid_dpop_proof"`)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if current+1 < len(nonces) {
			current++
			w.Header().Set("DPoP-Nonce", nonces[current])
		}
		w.Write([]byte("ok\n"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// With a key and a server that grants the correct proof, seven requests:
// each variant carries what its name says, and the valid proof verifies
// with the declared key over method, URI and the token's hash.
func TestDPoPForgeryRequests(t *testing.T) {
	rec := &seen{}
	tg, key := dpopTestTarget(t, true)
	srv := dpopServer(t, rec, &key.PublicKey, true)
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

// A refused correct proof (the declared key is not the one the token is
// bound to) stops the probe: the forgeries would prove nothing, so only
// the control is sent.
func TestDPoPForgeryStopsWhenTheControlIsRefused(t *testing.T) {
	rec := &seen{}
	tg, _ := dpopTestTarget(t, true)
	other, _ := dpopTestTarget(t, true)
	srv := dpopServer(t, rec, &other.Credentials.DPoPKey.PublicKey, true)
	exs := newTestClient(t, tg, srv.URL).DPoPForgery(context.Background(), "GET", "/r", []checks.Challenge{ch("DPoP")})
	if len(exs) != 1 || len(rec.all()) != 1 || exs[0].Variant != DPoPValid {
		t.Fatalf("%d exchanges, %d requests, want the control alone", len(exs), len(rec.all()))
	}
	if exs[0].Succeeded() {
		t.Errorf("a 401 to the control counts as accepted")
	}
}

// A server that asks for a nonce (RFC 9449 §9) gets the correct proof
// again, once, with the nonce it supplied; the forgeries then carry the
// latest nonce, the one the 200 supplied (§8.2).
func TestDPoPForgeryRetriesWithTheNonce(t *testing.T) {
	rec := &seen{}
	tg, key := dpopTestTarget(t, true)
	srv := dpopServer(t, rec, &key.PublicKey, true, "nonce-1", "nonce-2")
	exs := newTestClient(t, tg, srv.URL).DPoPForgery(context.Background(), "GET", "/r", []checks.Challenge{ch("DPoP")})
	reqs := rec.all()
	if len(exs) != DPoPForgeryRequests || len(reqs) != DPoPForgeryRequests {
		t.Fatalf("%d exchanges, %d requests, want %d of each", len(exs), len(reqs), DPoPForgeryRequests)
	}
	if exs[0].Variant != DPoPValid || exs[1].Variant != DPoPValid || exs[0].Judge.Status != 401 || !exs[1].Succeeded() {
		t.Fatalf("the control: %s %d, then %s %d; want valid 401, then valid 200", exs[0].Variant, exs[0].Judge.Status, exs[1].Variant, exs[1].Judge.Status)
	}
	if !strings.Contains(strings.Join(exs[0].Notes, " "), "use_dpop_nonce") {
		t.Errorf("the first control's notes %q do not say a nonce was asked for", exs[0].Notes)
	}
	want := []string{"", "nonce-1", "nonce-2", "nonce-2", "nonce-2", "nonce-2", "nonce-2", ""}
	for i, r := range reqs {
		got := ""
		if proofs := r.Header.Values("DPoP"); len(proofs) > 0 {
			for _, p := range proofs {
				_, claims := decodeProof(t, p)
				n, _ := claims["nonce"].(string)
				if p != proofs[0] && n != got {
					t.Errorf("request %d (%s): the two proofs carry nonces %q and %q", i, exs[i].Variant, got, n)
				}
				got = n
			}
		}
		if got != want[i] {
			t.Errorf("request %d (%s): nonce %q, want %q", i, exs[i].Variant, got, want[i])
		}
	}
}

// The nonce is asked for at most once, and only when the server supplies
// one: a use_dpop_nonce without DPoP-Nonce, or again with the nonce,
// leaves the control refused and nothing more is sent.
func TestDPoPForgeryAsksForTheNonceOnce(t *testing.T) {
	for _, tc := range []struct {
		name      string
		withField bool
		want      int
	}{
		{"no DPoP-Nonce field", false, 1},
		{"the nonce refused again", true, 2},
	} {
		rec := &seen{}
		tg, key := dpopTestTarget(t, true)
		var srv *httptest.Server
		if tc.withField {
			srv = dpopNonceRotator(t, rec)
		} else {
			srv = dpopServer(t, rec, &key.PublicKey, false, "first")
		}
		exs := newTestClient(t, tg, srv.URL).DPoPForgery(context.Background(), "GET", "/r", []checks.Challenge{ch("DPoP")})
		if n := len(rec.all()); n != tc.want || len(exs) != tc.want {
			t.Errorf("%s: %d requests, %d exchanges, want %d", tc.name, n, len(exs), tc.want)
		}
		if exs[len(exs)-1].Succeeded() {
			t.Errorf("%s: the control counts as accepted", tc.name)
		}
	}
}

// dpopNonceRotator answers every request with use_dpop_nonce and a new
// nonce, as a server whose nonces never match would.
func dpopNonceRotator(t *testing.T, rec *seen) *httptest.Server {
	n := 0
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		mu.Lock()
		n++
		w.Header().Set("DPoP-Nonce", "nonce-"+strings.Repeat("x", n))
		mu.Unlock()
		w.Header().Set("WWW-Authenticate", `DPoP algs="ES256", error="use_dpop_nonce"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	t.Cleanup(srv.Close)
	return srv
}
