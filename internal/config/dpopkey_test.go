package config

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeKeyFile writes data to a file in a test folder and returns its path.
func writeKeyFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func dpopCreds(path string) string {
	return baseTarget + "    credentials:\n      token: ${T}\n      dpop_key: " + path + "\n"
}

func TestParseDPoPKeyPEMAndJWK(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sec1, _ := x509.MarshalECPrivateKey(key)
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(key)
	b64 := base64.RawURLEncoding.EncodeToString
	d, _ := key.Bytes()
	pub, _ := key.PublicKey.Bytes()
	jwk, _ := json.Marshal(map[string]string{"kty": "EC", "crv": "P-256", "d": b64(d), "x": b64(pub[1:33]), "y": b64(pub[33:])})
	files := map[string][]byte{
		"sec1.pem":  pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1}),
		"pkcs8.pem": pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}),
		"key.jwk":   jwk,
	}
	for name, data := range files {
		cfg, _ := mustParse(t, dpopCreds(writeKeyFile(t, name, data)), map[string]string{"T": "tok"})
		got := cfg.Targets[0].Credentials.DPoPKey
		if got == nil || !got.Equal(key) {
			t.Errorf("%s: DPoPKey = %v, want the written key", name, got)
		}
	}
}

func TestParseRejectsBadDPoPKeys(t *testing.T) {
	rsaLike := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1, 2}})
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	der, _ := x509.MarshalECPrivateKey(p384)
	cases := []struct {
		name, src, msg string
		line           int
		field          string
	}{
		{"missing file", dpopCreds("/nonexistent/authspec-dpop.pem"), "cannot be read", 7, "targets[0].credentials.dpop_key"},
		{"not a key", dpopCreds(writeKeyFile(t, "cert.pem", rsaLike)), "not a private key", 7, "targets[0].credentials.dpop_key"},
		{"garbage", dpopCreds(writeKeyFile(t, "x.txt", []byte("hello"))), "neither a PEM block nor a JWK", 7, "targets[0].credentials.dpop_key"},
		{"P-384", dpopCreds(writeKeyFile(t, "p384.pem", pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}))), "P-256", 7, "targets[0].credentials.dpop_key"},
		{"public JWK", dpopCreds(writeKeyFile(t, "pub.jwk", []byte(`{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}`))), "no private part", 7, "targets[0].credentials.dpop_key"},
		{"without token", baseTarget + "    credentials:\n      username: u\n      password: ${T}\n      dpop_key: " +
			writeKeyFile(t, "k.pem", pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: mustSEC1(t)})) + "\n",
			"missing while dpop_key is set", 8, "targets[0].credentials.token"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := mustFail(t, c.src, map[string]string{"T": "s3cr3t"})
			if e.Line != c.line || e.Field != c.field || !strings.Contains(e.Msg, c.msg) {
				t.Errorf("error = line %d %s: %s; want line %d %s containing %q", e.Line, e.Field, e.Msg, c.line, c.field, c.msg)
			}
		})
	}
}

func mustSEC1(t *testing.T) []byte {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalECPrivateKey(key)
	return der
}
