package probe

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
	"sync"

	"github.com/authspec/authspec/internal/checks"
)

// digestHash returns the hash function an RFC 7616 algorithm name stands
// for, and whether it is a "-sess" variant (§3.4.2). The name is compared
// case-insensitively; an absent algorithm means MD5 (§3.3).
func digestHash(algorithm string) (newHash func() hash.Hash, sess bool, ok bool) {
	name := strings.ToUpper(algorithm)
	if name == "" {
		name = "MD5"
	}
	if base, found := strings.CutSuffix(name, "-SESS"); found {
		name, sess = base, true
	}
	switch name {
	case "MD5":
		return md5.New, sess, true
	case "SHA-256":
		return sha256.New, sess, true
	case "SHA-512-256":
		return sha512.New512_256, sess, true
	}
	return nil, false, false
}

// hexDigest is H(data) of RFC 7616 §3.4: the lowercase hex of the hash.
func hexDigest(newHash func() hash.Hash, data string) string {
	h := newHash()
	h.Write([]byte(data))
	return hex.EncodeToString(h.Sum(nil))
}

// digestInput is everything the response computation of RFC 7616 §3.4
// depends on. It is separate from the wire format so that the RFC's own
// examples can be checked against it.
type digestInput struct {
	Algorithm string // as in the challenge; "" means MD5
	Username  string
	Password  string
	Realm     string
	Nonce     string
	Cnonce    string
	NC        uint32
	QOP       string // "auth", "auth-int" or "" (RFC 2069 compatibility)
	Method    string
	URI       string
	Body      []byte // for auth-int
	Userhash  bool
}

// digestResult is the computed response and the values derived from the
// password, which are secrets in their own right.
type digestResult struct {
	Response string
	HA1      string
	// Username is the username as sent: H(username ":" realm) under
	// userhash (§3.4.4), the plain name otherwise.
	Username string
	// NC is the nonce count the request was signed with (1 for the first
	// use of the nonce).
	NC uint32
	// Rspauth is the rspauth a server that knows the password answers
	// with (RFC 7616 §3.5: the response computed with A2 = ":" request-uri),
	// for qop=auth; "" otherwise (auth-int hashes the response's body).
	Rspauth string
}

// computeDigest implements RFC 7616 §3.4.1-§3.4.4.
func computeDigest(in digestInput) (digestResult, error) {
	newHash, sess, ok := digestHash(in.Algorithm)
	if !ok {
		return digestResult{}, fmt.Errorf("digest algorithm %q is not supported (MD5, SHA-256, SHA-512-256 and their -sess variants are)", in.Algorithm)
	}
	// §3.4.2: A1 = username ":" realm ":" password; for -sess,
	// A1 = H(that) ":" nonce ":" cnonce.
	ha1 := hexDigest(newHash, in.Username+":"+in.Realm+":"+in.Password)
	if sess {
		ha1 = hexDigest(newHash, ha1+":"+in.Nonce+":"+in.Cnonce)
	}
	// §3.4.3: A2 = method ":" request-uri, plus ":" H(entity-body) for auth-int.
	a2 := in.Method + ":" + in.URI
	if strings.EqualFold(in.QOP, "auth-int") {
		a2 += ":" + hexDigest(newHash, string(in.Body))
	}
	ha2 := hexDigest(newHash, a2)
	// §3.4.1: response = KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2)),
	// KD(secret, data) = H(secret ":" data). Without qop, the RFC 2069 form
	// KD(H(A1), nonce ":" H(A2)) that servers without qop still expect.
	var data string
	if in.QOP == "" {
		data = in.Nonce + ":" + ha2
	} else {
		data = fmt.Sprintf("%s:%08x:%s:%s:%s", in.Nonce, in.NC, in.Cnonce, in.QOP, ha2)
	}
	res := digestResult{Response: hexDigest(newHash, ha1+":"+data), HA1: ha1, Username: in.Username}
	if strings.EqualFold(in.QOP, "auth") {
		ha2 := hexDigest(newHash, ":"+in.URI)
		res.Rspauth = hexDigest(newHash, ha1+":"+fmt.Sprintf("%s:%08x:%s:%s:%s", in.Nonce, in.NC, in.Cnonce, in.QOP, ha2))
	}
	// §3.4.4: the username is hashed after every other calculation.
	if in.Userhash {
		res.Username = hexDigest(newHash, in.Username+":"+in.Realm)
	}
	return res, nil
}

// digestChallenge is the part of a Digest challenge a client needs.
type digestChallenge struct {
	Realm     string
	Nonce     string
	Opaque    string
	HasOpaque bool
	Algorithm string // as sent; "" when absent
	QOPs      []string
	Userhash  bool
}

// readDigestChallenge takes the parameters of a parsed Digest challenge.
func readDigestChallenge(ch checks.Challenge) digestChallenge {
	var d digestChallenge
	get := func(name string) string {
		p, _ := ch.Param(name)
		return p.Value
	}
	d.Realm = get("realm")
	d.Nonce = get("nonce")
	var opaque checks.Param
	opaque, d.HasOpaque = ch.Param("opaque")
	d.Opaque = opaque.Value
	d.Algorithm = get("algorithm")
	d.Userhash = strings.EqualFold(get("userhash"), "true")
	for _, q := range strings.Split(get("qop"), ",") {
		if q = strings.TrimSpace(q); q != "" {
			d.QOPs = append(d.QOPs, q)
		}
	}
	return d
}

// chooseQOP prefers "auth" (no body needed), then "auth-int"; "" means
// the challenge offered neither.
func (d digestChallenge) chooseQOP() string {
	for _, want := range []string{"auth", "auth-int"} {
		for _, q := range d.QOPs {
			if strings.EqualFold(q, want) {
				return want
			}
		}
	}
	return ""
}

// digestSigner answers one Digest challenge repeatedly, counting nonce
// uses as RFC 7616 §3.4 asks (nc increments for each request with the
// same nonce).
type digestSigner struct {
	ch       digestChallenge
	username string
	password string
	cnonce   string
	// counts, when set, is the client's count of requests per nonce,
	// shared by every signer of the target; nil counts in the signer.
	counts *nonceCounts

	// own is set when the challenge was fetched for this signer alone
	// (see Client.ownDigestChallenges): no other probe answers its nonce,
	// so whether a request is the nonce's first use does not depend on
	// which of the target's concurrent probes goes first.
	own bool

	mu sync.Mutex
	nc uint32
}

// nonceCounts counts the requests sent with each Digest nonce to one
// target, across probes and signers. RFC 7616 §3.4: nc is "the hexadecimal
// count of the number of requests (including the current request) that the
// client has sent with the nonce value in this request", and "if the same
// nc value is seen twice, then the request is a replay". Every probe
// answering the same challenge (wrong credentials, then valid ones, then
// the odd-case scheme) must therefore go on counting where the last one
// stopped.
type nonceCounts struct {
	mu    sync.Mutex
	n     map[string]uint32
	turns map[string]chan struct{} // one request at a time per nonce
}

// hold waits until no other request with nonce is in flight, and returns
// the function that lets the next one go. A server that gives every
// resource the same nonce and wants its counts in order (a replay check
// that remembers the highest nc) would otherwise see the counts of
// concurrent requests out of order, and refuse valid credentials. An
// empty nonce holds nothing.
func (c *nonceCounts) hold(nonce string) (release func()) {
	if nonce == "" {
		return func() {}
	}
	c.mu.Lock()
	if c.turns == nil {
		c.turns = map[string]chan struct{}{}
	}
	turn := c.turns[nonce]
	if turn == nil {
		turn = make(chan struct{}, 1)
		c.turns[nonce] = turn
	}
	c.mu.Unlock()
	turn <- struct{}{}
	return func() { <-turn }
}

// next returns the nc for the next request with nonce.
func (c *nonceCounts) next(nonce string) uint32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]uint32{}
	}
	c.n[nonce]++
	return c.n[nonce]
}

func newDigestSigner(ch checks.Challenge, username, password string) *digestSigner {
	return &digestSigner{ch: readDigestChallenge(ch), username: username, password: password, cnonce: randomToken(24)}
}

// newSigner makes a signer whose nonce counts are the client's, shared
// with every other signer answering the same nonce.
func (c *Client) newSigner(ch checks.Challenge, username, password string) *digestSigner {
	s := newDigestSigner(ch, username, password)
	s.counts = &c.nonces
	return s
}

// supported reports whether authspec can compute this challenge's
// algorithm.
func (s *digestSigner) supported() bool {
	_, _, ok := digestHash(s.ch.Algorithm)
	return ok
}

// sign builds the Authorization field value for one request, and the
// same value with the username and response hidden.
func (s *digestSigner) sign(method, uri string) (value, redacted string, res digestResult, err error) {
	var nc uint32
	if s.counts != nil {
		nc = s.counts.next(s.ch.Nonce)
	} else {
		s.mu.Lock()
		s.nc++
		nc = s.nc
		s.mu.Unlock()
	}
	qop := s.ch.chooseQOP()
	res, err = computeDigest(digestInput{
		Algorithm: s.ch.Algorithm, Username: s.username, Password: s.password,
		Realm: s.ch.Realm, Nonce: s.ch.Nonce, Cnonce: s.cnonce, NC: nc, QOP: qop,
		Method: method, URI: uri, Userhash: s.ch.Userhash,
	})
	if err != nil {
		return "", "", res, err
	}
	build := func(username, response string) string {
		var b strings.Builder
		b.WriteString("Digest ")
		b.WriteString(digestUsernameParam(username, s.ch.Userhash))
		fmt.Fprintf(&b, ", realm=%s, uri=%s", quote(s.ch.Realm), quote(uri))
		if s.ch.Algorithm != "" {
			// §3.4: algorithm, qop and nc are never quoted.
			fmt.Fprintf(&b, ", algorithm=%s", s.ch.Algorithm)
		}
		fmt.Fprintf(&b, ", nonce=%s", quote(s.ch.Nonce))
		if qop != "" {
			fmt.Fprintf(&b, ", nc=%08x, cnonce=%s, qop=%s", nc, quote(s.cnonce), qop)
		}
		fmt.Fprintf(&b, ", response=%s", quote(response))
		if s.ch.HasOpaque {
			fmt.Fprintf(&b, ", opaque=%s", quote(s.ch.Opaque))
		}
		if s.ch.Userhash {
			b.WriteString(", userhash=true")
		}
		return b.String()
	}
	res.NC = nc
	return build(res.Username, res.Response), build(redactedMark, redactedMark), res, nil
}

// digestUsernameParam renders the username parameter: quoted when it fits a
// quoted-string, otherwise username* in the RFC 8187 encoding (§3.4).
func digestUsernameParam(username string, hashed bool) string {
	if hashed || username == redactedMark || isPlainQuotable(username) {
		return "username=" + quote(username)
	}
	return "username*=UTF-8''" + encodeExtValue(username)
}

// encodeExtValue percent-encodes s as an RFC 8187 value-chars: every byte
// that is not an attr-char.
func encodeExtValue(s string) string {
	const attrChar = "!#$&+-.^_`|~"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(attrChar, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// isPlainQuotable reports whether s is printable ASCII, which every
// server can read inside a quoted-string.
func isPlainQuotable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// quote renders s as an HTTP quoted-string, the way checks/ does.
func quote(s string) string { return checks.QuoteString(s) }

// randomHex returns n random bytes as lowercase hex, for a made-up
// response of the right shape.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
