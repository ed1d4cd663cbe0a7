package refserver

import (
	"crypto/md5"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"hash"
	"strings"
	"testing"
	"time"
)

// digestClient is a hand-written RFC 7616 client, kept independent of the
// server's code so that a shared mistake does not cancel out.
type digestClient struct {
	user, pass, cnonce string
	nc                 int
	userhash           bool
}

func (c *digestClient) authorization(challenge map[string]string, method, uri string) string {
	var h func() hash.Hash
	alg := challenge["algorithm"]
	switch strings.TrimSuffix(alg, "-sess") {
	case "MD5", "":
		h = md5.New
	case "SHA-256":
		h = sha256.New
	case "SHA-512-256":
		h = sha512.New512_256
	}
	H := func(s string) string {
		x := h()
		x.Write([]byte(s))
		return fmt.Sprintf("%x", x.Sum(nil))
	}
	c.nc++
	nc := fmt.Sprintf("%08x", c.nc)
	realm, nonce := challenge["realm"], challenge["nonce"]
	ha1 := H(c.user + ":" + realm + ":" + c.pass)
	if strings.HasSuffix(alg, "-sess") {
		ha1 = H(ha1 + ":" + nonce + ":" + c.cnonce)
	}
	ha2 := H(method + ":" + uri)
	resp := H(ha1 + ":" + nonce + ":" + nc + ":" + c.cnonce + ":auth:" + ha2)
	user := c.user
	extra := ""
	if c.userhash {
		user = H(c.user + ":" + realm)
		extra = ", userhash=true"
	}
	return fmt.Sprintf(`Digest username="%s", realm="%s", uri="%s", algorithm=%s, nonce="%s", nc=%s, cnonce="%s", qop=auth, response="%s", opaque="%s"%s`,
		user, realm, uri, alg, nonce, nc, c.cnonce, resp, challenge["opaque"], extra)
}

// challengeFor fetches /digest/ and returns the challenge for alg.
func challengeFor(t *testing.T, s *Server, path, alg string) map[string]string {
	t.Helper()
	res := do(t, "GET", s.URL+path, nil)
	for _, line := range res.header.Values("WWW-Authenticate") {
		if p := challengeParams(t, line, "Digest"); p["algorithm"] == alg {
			return p
		}
	}
	t.Fatalf("no %s challenge in %q", alg, res.header.Values("WWW-Authenticate"))
	return nil
}

func TestDigestRoundTrip(t *testing.T) {
	s := startT(t)
	for _, alg := range []string{"SHA-256", "MD5"} {
		for _, userhash := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s userhash=%v", alg, userhash), func(t *testing.T) {
				ch := challengeFor(t, s, "/digest/", alg)
				c := &digestClient{user: Username, pass: Password, cnonce: "0a4f113b", userhash: userhash}
				res := do(t, "GET", s.URL+"/digest/", authz(c.authorization(ch, "GET", "/digest/")))
				if res.status != 200 {
					t.Fatalf("status %d: %s", res.status, res.body)
				}
				if ai := res.header.Get("Authentication-Info"); !strings.Contains(ai, `rspauth="`) {
					t.Errorf("Authentication-Info %q", ai)
				}
				// The same nonce with the next nc is fine, also for HEAD.
				res = do(t, "HEAD", s.URL+"/digest/", authz(c.authorization(ch, "HEAD", "/digest/")))
				if res.status != 200 {
					t.Errorf("second request with nc=2: status %d", res.status)
				}
			})
		}
	}
}

func TestDigestRefusals(t *testing.T) {
	s := startT(t)
	ch := challengeFor(t, s, "/digest/", "SHA-256")

	wrong := &digestClient{user: Username, pass: "wrong", cnonce: "abc"}
	res := do(t, "GET", s.URL+"/digest/", authz(wrong.authorization(ch, "GET", "/digest/")))
	assertProblem(t, res, 401)
	if strings.Contains(strings.Join(res.header.Values("WWW-Authenticate"), " "), "stale") {
		t.Error("stale on a wrong password")
	}

	right := &digestClient{user: Username, pass: Password, cnonce: "abc"}
	replayed := right.authorization(ch, "GET", "/digest/")
	if res := do(t, "GET", s.URL+"/digest/", authz(replayed)); res.status != 200 {
		t.Fatalf("status %d", res.status)
	}
	assertProblem(t, do(t, "GET", s.URL+"/digest/", authz(replayed)), 401)

	other := challengeFor(t, s, "/digest/", "SHA-256")
	other["nonce"] = "bm90LW91ci1ub25jZQ"
	assertProblem(t, do(t, "GET", s.URL+"/digest/", authz(right.authorization(other, "GET", "/digest/"))), 401)

	ch = challengeFor(t, s, "/digest/", "MD5")
	assertProblem(t, do(t, "GET", s.URL+"/digest/", authz(right.authorization(ch, "GET", "/elsewhere/"))), 400)
}

func TestDigestStaleNonce(t *testing.T) {
	s := startT(t)
	ch := challengeFor(t, s, "/digest/", "SHA-256")
	d := s.handler.digest
	d.now = func() time.Time { return time.Now().Add(d.Lifetime + time.Minute) }

	wrong := &digestClient{user: Username, pass: "wrong", cnonce: "abc"}
	res := do(t, "GET", s.URL+"/digest/", authz(wrong.authorization(ch, "GET", "/digest/")))
	assertProblem(t, res, 401)
	if strings.Contains(strings.Join(res.header.Values("WWW-Authenticate"), " "), "stale") {
		t.Error("stale=true although the digest was wrong")
	}

	right := &digestClient{user: Username, pass: Password, cnonce: "abc"}
	res = do(t, "GET", s.URL+"/digest/", authz(right.authorization(ch, "GET", "/digest/")))
	assertProblem(t, res, 401)
	lines := res.header.Values("WWW-Authenticate")
	if len(lines) != 2 {
		t.Fatalf("challenges %q", lines)
	}
	for _, l := range lines {
		if p := challengeParams(t, l, "Digest"); p["stale"] != "true" {
			t.Errorf("no stale=true in %q", l)
		}
	}
	// A fresh nonce from the stale answer gets in.
	fresh := challengeParams(t, lines[0], "Digest")
	if res := do(t, "GET", s.URL+"/digest/", authz(right.authorization(fresh, "GET", "/digest/"))); res.status != 200 {
		t.Errorf("fresh nonce: status %d", res.status)
	}
}

func TestDigestSessAndSHA512(t *testing.T) {
	d := NewDigest("r", "u", "p", "SHA-512-256-sess", "SHA-256-sess", "MD5-sess")
	for _, line := range d.Challenges(false) {
		p := challengeParams(t, line, "Digest")
		c := &digestClient{user: "u", pass: "p", cnonce: "xyz"}
		creds := readCredentials([]string{c.authorization(p, "GET", "/")})
		if v, _, err := d.check(creds, "GET", "/"); v != accepted || err != nil {
			t.Errorf("%s: verdict %v, %v", p["algorithm"], v, err)
		}
	}
}

func TestDigestUnknownAlgorithmPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for an unknown algorithm")
		}
	}()
	NewDigest("r", "u", "p", "SHA-1")
}
