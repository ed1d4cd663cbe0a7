package probe

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

// The worked example of RFC 7616 §3.9.1 (password per erratum 4495:
// "Circle of Life", lowercase "of").
var rfc7616Example = digestInput{
	Username: "Mufasa", Password: "Circle of Life", Realm: "http-auth@example.org",
	Nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", Cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
	NC: 1, QOP: "auth", Method: "GET", URI: "/dir/index.html",
}

func TestDigestRFC7616Examples(t *testing.T) {
	for alg, want := range map[string]string{
		"MD5":     "8ca523f5e9506fed4657c9700eebdbec",
		"SHA-256": "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
	} {
		in := rfc7616Example
		in.Algorithm = alg
		got, err := computeDigest(in)
		if err != nil {
			t.Fatalf("%s: %v", alg, err)
		}
		if got.Response != want {
			t.Errorf("%s response = %s, RFC 7616 §3.9.1 gives %s", alg, got.Response, want)
		}
	}
}

// TestDigestRFC7616SHA512Example uses the inputs of RFC 7616 §3.9.2. The
// values printed there are disputed (erratum 4897); the expected values
// below are the plain §3.4 computation, which other implementations also
// arrive at, and the username hash is checked against a direct hash.
func TestDigestRFC7616SHA512Example(t *testing.T) {
	in := digestInput{
		Algorithm: "SHA-512-256", Username: "J\u00e4s\u00f8n Doe", Password: "Secret, or not?", Realm: "api@example.org",
		Nonce: "5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", Cnonce: "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v",
		NC: 1, QOP: "auth", Method: "GET", URI: "/doe.json", Userhash: true,
	}
	got, err := computeDigest(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := "3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5"; got.Response != want {
		t.Errorf("response = %s, want %s", got.Response, want)
	}
	if want := "793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b"; got.Username != want {
		t.Errorf("userhash = %s, want %s", got.Username, want)
	}
}

// md5hex and sha256hex compute the RFC 7616 formulas independently of
// computeDigest, for the variants the RFC has no example of.
func md5hex(s string) string    { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]) }
func sha256hex(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }

func TestDigestSessAndAuthInt(t *testing.T) {
	in := rfc7616Example
	in.Algorithm, in.QOP, in.Body = "MD5-sess", "auth-int", []byte("payload")
	got, err := computeDigest(in)
	if err != nil {
		t.Fatal(err)
	}
	ha1 := md5hex(md5hex("Mufasa:http-auth@example.org:Circle of Life") + ":" + in.Nonce + ":" + in.Cnonce)
	ha2 := md5hex("GET:/dir/index.html:" + md5hex("payload"))
	want := md5hex(ha1 + ":" + in.Nonce + ":00000001:" + in.Cnonce + ":auth-int:" + ha2)
	if got.Response != want {
		t.Errorf("MD5-sess auth-int response = %s, want %s", got.Response, want)
	}

	in = rfc7616Example
	in.Algorithm, in.QOP = "sha-256", "" // case-insensitive name, RFC 2069 form
	got, err = computeDigest(in)
	if err != nil {
		t.Fatal(err)
	}
	want = sha256hex(sha256hex("Mufasa:http-auth@example.org:Circle of Life") + ":" + in.Nonce + ":" + sha256hex("GET:/dir/index.html"))
	if got.Response != want {
		t.Errorf("no-qop response = %s, want %s", got.Response, want)
	}
}

func TestDigestUnsupportedAlgorithm(t *testing.T) {
	in := rfc7616Example
	in.Algorithm = "SHA-1"
	if _, err := computeDigest(in); err == nil || !strings.Contains(err.Error(), "SHA-1") {
		t.Errorf("err = %v, want an error naming SHA-1", err)
	}
}

func TestDigestSignerFormat(t *testing.T) {
	challenge := ch("Digest", "realm", "http-auth@example.org", "qop", "auth, auth-int", "algorithm", "SHA-256",
		"nonce", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "opaque", "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS")
	s := newDigestSigner(challenge, "Mufasa", "Circle of Life")
	s.cnonce = rfc7616Example.Cnonce
	value, redacted, res, err := s.sign("GET", "/dir/index.html")
	if err != nil {
		t.Fatal(err)
	}
	want := `Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, ` +
		`nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", ` +
		`qop=auth, response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`
	if value != want {
		t.Errorf("value\n got %s\nwant %s", value, want)
	}
	for _, secret := range []string{"Mufasa", res.Response, res.HA1} {
		if strings.Contains(redacted, secret) {
			t.Errorf("redacted form %q shows %q", redacted, secret)
		}
	}
	// The nonce count goes up with each use of the nonce.
	value2, _, _, _ := s.sign("GET", "/dir/index.html")
	if !strings.Contains(value2, "nc=00000002") {
		t.Errorf("second value %q lacks nc=00000002", value2)
	}
}

func TestDigestUsernameEncoding(t *testing.T) {
	if got := digestUsernameParam("J\u00e4s\u00f8n Doe", false); got != "username*=UTF-8''J%C3%A4s%C3%B8n%20Doe" {
		t.Errorf("got %s, want RFC 7616 §3.9.2's username*", got)
	}
	if got := digestUsernameParam(`a"b`, false); got != `username="a\"b"` {
		t.Errorf("got %s", got)
	}
	challenge := ch("Digest", "realm", "r", "nonce", "n", "userhash", "true")
	challenge.Params[2].Quoted = false
	s := newDigestSigner(challenge, "J\u00e4s\u00f8n Doe", "pw")
	value, _, _, err := s.sign("GET", "/")
	if err != nil {
		t.Fatal(err)
	}
	p := authParams(value)
	if p["username"] != md5hex("J\u00e4s\u00f8n Doe:r") || p["userhash"] != "true" {
		t.Errorf("userhash value %q: username must be H(username:realm) and userhash=true", value)
	}
	if strings.Contains(value, "qop=") || strings.Contains(value, "nc=") {
		t.Errorf("no qop was offered, yet %q carries qop/nc", value)
	}
}

func ExampleRedactor() {
	r := NewRedactor("hunter22", "aHVudGVyMjI=")
	fmt.Println(r.Redact("password hunter22 or aHVudGVyMjI="))
	// Output: password [REDACTED] or [REDACTED]
}
