package refserver

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultNonceLifetime is how long a Digest nonce is good for before the
// server answers stale=true.
const DefaultNonceLifetime = 5 * time.Minute

// maxTrackedNonces bounds the memory spent remembering nonce counts.
const maxTrackedNonces = 4096

// Digest is a server side of RFC 7616 Digest authentication for one user:
// it issues challenges and verifies responses. It is exported so that the
// fixtures can serve unusual but correct Digest variants with the same
// verification as the reference.
//
// Nonces are stateless (a timestamp and a MAC over it under a key made at
// start); nonce counts are remembered, so a replayed nc is refused.
type Digest struct {
	Realm string
	// Algorithms are offered one challenge each, in order of preference
	// (RFC 7616 §3.7): "SHA-256", "MD5", "SHA-512-256", each optionally
	// with "-sess".
	Algorithms []string
	// Lifetime is how long a nonce stays fresh.
	Lifetime time.Duration

	username, password string
	key                []byte
	opaque             string
	now                func() time.Time

	mu     sync.Mutex
	counts map[string]uint64 // nonce -> highest nc seen
}

// NewDigest returns a Digest verifier for one user. It panics on an
// algorithm it does not know, which is a programming error.
func NewDigest(realm, username, password string, algorithms ...string) *Digest {
	for _, a := range algorithms {
		if _, _, ok := digestHash(a); !ok {
			panic("refserver: unknown Digest algorithm " + a)
		}
	}
	d := &Digest{
		Realm: realm, Algorithms: algorithms, Lifetime: DefaultNonceLifetime,
		username: username, password: password,
		key: randomBytes(32), now: time.Now, counts: map[string]uint64{},
	}
	d.opaque = base64.RawURLEncoding.EncodeToString(randomBytes(18))
	return d
}

// Challenges returns one challenge per algorithm, each with a fresh nonce.
// stale=true tells the client its last nonce expired but its digest was
// right (RFC 7616 §3.3). realm, nonce, opaque and qop are quoted-strings;
// algorithm and stale are tokens, as §3.3 requires.
func (d *Digest) Challenges(stale bool) []string {
	out := make([]string, 0, len(d.Algorithms))
	for _, a := range d.Algorithms {
		c := `Digest realm="` + d.Realm + `", qop="auth", algorithm=` + a +
			`, nonce="` + d.newNonce() + `", opaque="` + d.opaque + `", userhash=true`
		if stale {
			c += ", stale=true"
		}
		out = append(out, c)
	}
	return out
}

// digestResponse is a parsed Digest Authorization field (RFC 7616 §3.4).
type digestResponse struct {
	username, realm, uri, algorithm, nonce, nc, cnonce, qop, response, opaque string
	userhash                                                                  bool
}

// errURIMismatch means the uri parameter does not name the request-target;
// RFC 7616 §3.4.6 says to answer 400.
var errURIMismatch = errors.New("digest uri does not match the request-target")

// check judges Digest credentials for a request. authInfo is the
// Authentication-Info field value to send when the verdict is accepted.
func (d *Digest) check(c credentials, method, requestURI string) (v verdict, authInfo string, err error) {
	if !c.is("Digest") {
		return noCredentials, "", nil
	}
	if c.multiple {
		return malformed, "", nil
	}
	resp, err := parseDigestResponse(c.rest)
	if err != nil {
		return malformed, "", nil
	}
	if resp.uri != requestURI {
		return malformed, "", errURIMismatch
	}
	h, sess, ok := d.offered(resp.algorithm)
	if !ok || resp.realm != d.Realm || resp.qop != "auth" || resp.opaque != d.opaque {
		return rejected, "", nil
	}
	nc, err := strconv.ParseUint(resp.nc, 16, 32)
	if err != nil || len(resp.nc) != 8 || resp.cnonce == "" {
		return malformed, "", nil
	}
	issued, ok := d.verifyNonce(resp.nonce)
	if !ok {
		return rejected, "", nil
	}
	if !d.userMatches(h, resp) {
		return rejected, "", nil
	}
	ha1 := d.ha1(h, sess, resp.nonce, resp.cnonce)
	want := kd(h, ha1, resp.nonce+":"+resp.nc+":"+resp.cnonce+":auth:"+hexHash(h, method+":"+resp.uri))
	if !equalSecret(strings.ToLower(resp.response), want) {
		return rejected, "", nil
	}
	if d.now().Sub(issued) > d.Lifetime {
		return staleNonce, "", nil
	}
	if !d.recordCount(resp.nonce, nc) {
		return rejected, "", nil // a replay
	}
	rspauth := kd(h, ha1, resp.nonce+":"+resp.nc+":"+resp.cnonce+":auth:"+hexHash(h, ":"+resp.uri))
	authInfo = `rspauth="` + rspauth + `", qop=auth, nc=` + resp.nc + `, cnonce="` + quoteEscape(resp.cnonce) + `"`
	return accepted, authInfo, nil
}

// offered resolves the algorithm a client chose (absent means MD5, §3.3)
// among those this Digest offers.
func (d *Digest) offered(alg string) (func() hash.Hash, bool, bool) {
	if alg == "" {
		alg = "MD5"
	}
	for _, a := range d.Algorithms {
		if strings.EqualFold(a, alg) {
			return digestHash(a)
		}
	}
	return nil, false, false
}

// userMatches compares the username, hashed when userhash=true (§3.4.4).
func (d *Digest) userMatches(h func() hash.Hash, resp digestResponse) bool {
	want := d.username
	if resp.userhash {
		want = hexHash(h, d.username+":"+d.Realm)
		return equalSecret(strings.ToLower(resp.username), want)
	}
	return equalSecret(resp.username, want)
}

// ha1 is A1's hash (§3.4.2), including the -sess form.
func (d *Digest) ha1(h func() hash.Hash, sess bool, nonce, cnonce string) string {
	ha1 := hexHash(h, d.username+":"+d.Realm+":"+d.password)
	if sess {
		ha1 = hexHash(h, ha1+":"+nonce+":"+cnonce)
	}
	return ha1
}

// newNonce makes a nonce: issue time, random bytes, and a MAC over both.
func (d *Digest) newNonce() string {
	buf := make([]byte, 16, 32)
	binary.BigEndian.PutUint64(buf, uint64(d.now().UnixNano()))
	copy(buf[8:], randomBytes(8))
	buf = append(buf, d.mac(buf)...)
	return base64.RawURLEncoding.EncodeToString(buf)
}

// verifyNonce returns the issue time of a nonce this server made.
func (d *Digest) verifyNonce(nonce string) (time.Time, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(nonce)
	if err != nil || len(raw) != 32 || !hmac.Equal(raw[16:], d.mac(raw[:16])) {
		return time.Time{}, false
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(raw))), true
}

func (d *Digest) mac(b []byte) []byte {
	m := hmac.New(sha256.New, d.key)
	m.Write(b)
	return m.Sum(nil)[:16]
}

// recordCount accepts nc only if it is higher than any seen for the nonce.
func (d *Digest) recordCount(nonce string, nc uint64) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if nc <= d.counts[nonce] {
		return false
	}
	if len(d.counts) >= maxTrackedNonces {
		d.forgetExpiredLocked()
	}
	d.counts[nonce] = nc
	return true
}

// forgetExpiredLocked drops counts of expired nonces; if that is not
// enough it forgets them all (clients then just get a fresh challenge).
func (d *Digest) forgetExpiredLocked() {
	for n := range d.counts {
		if t, ok := d.verifyNonce(n); !ok || d.now().Sub(t) > d.Lifetime {
			delete(d.counts, n)
		}
	}
	if len(d.counts) >= maxTrackedNonces {
		clear(d.counts)
	}
}

// parseDigestResponse reads the parameters of a Digest Authorization field.
func parseDigestResponse(s string) (digestResponse, error) {
	p, err := parseParams(s)
	if err != nil {
		return digestResponse{}, err
	}
	r := digestResponse{
		username: p["username"], realm: p["realm"], uri: p["uri"], algorithm: p["algorithm"],
		nonce: p["nonce"], nc: p["nc"], cnonce: p["cnonce"], qop: p["qop"],
		response: p["response"], opaque: p["opaque"],
	}
	switch strings.ToLower(p["userhash"]) {
	case "", "false":
	case "true":
		r.userhash = true
	default:
		return r, errors.New("userhash must be true or false")
	}
	if ext, ok := p["username*"]; ok {
		// username* carries a non-ASCII name as an RFC 8187 ext-value; it
		// MUST NOT come with username or with userhash=true (§3.4.4).
		if _, both := p["username"]; both || r.userhash {
			return r, errors.New("username* with username or userhash")
		}
		if r.username, err = decodeExtValue(ext); err != nil {
			return r, err
		}
	}
	for _, required := range []string{r.username, r.realm, r.uri, r.nonce, r.response} {
		if required == "" {
			return r, errors.New("a required Digest parameter is missing")
		}
	}
	return r, nil
}

// decodeExtValue decodes an RFC 8187 ext-value in UTF-8: UTF-8'lang'pct.
func decodeExtValue(v string) (string, error) {
	parts := strings.SplitN(v, "'", 3)
	if len(parts) != 3 || !strings.EqualFold(parts[0], "UTF-8") {
		return "", errors.New("username* must be a UTF-8 ext-value")
	}
	return url.PathUnescape(parts[2])
}

// digestHash maps an algorithm name to its hash and whether it is -sess.
func digestHash(alg string) (func() hash.Hash, bool, bool) {
	base, sess := strings.CutSuffix(strings.ToUpper(alg), "-SESS")
	switch base {
	case "MD5":
		return md5.New, sess, true
	case "SHA-256":
		return sha256.New, sess, true
	case "SHA-512-256":
		return sha512.New512_256, sess, true
	}
	return nil, false, false
}

func hexHash(h func() hash.Hash, s string) string {
	x := h()
	x.Write([]byte(s))
	return hex.EncodeToString(x.Sum(nil))
}

// kd is KD(secret, data) = H(concat(secret, ":", data)) (§3.4.1).
func kd(h func() hash.Hash, secret, data string) string {
	return hexHash(h, secret+":"+data)
}

// quoteEscape escapes a value for use inside a quoted-string.
func quoteEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// ServeHTTP protects everything it is asked for with Digest: a refusal is
// a 401 with one challenge per algorithm and a problem details body; a
// success is a small JSON document with Authentication-Info (§3.5).
func (d *Digest) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := readCredentials(r.Header.Values("Authorization"))
	v, authInfo, err := d.check(c, r.Method, r.RequestURI)
	switch {
	case errors.Is(err, errURIMismatch):
		writeProblem(w, r, answer{status: http.StatusBadRequest,
			detail: "The uri parameter of the Digest credentials does not match the request-target (RFC 7616 §3.4.6)."})
	case v == accepted:
		w.Header().Set("Authentication-Info", authInfo)
		serveResource(w, r)
	case v == staleNonce:
		writeProblem(w, r, refusal("The nonce has expired. Retry with the new nonce; the password was right.", d.Challenges(true)...))
	default:
		writeProblem(w, r, refusal(whyRefused(c, v), d.Challenges(false)...))
	}
}
