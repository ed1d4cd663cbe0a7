package config

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"strings"
)

// dpopKey reads credentials.dpop_key: the path (relative to the targets
// file) of the EC P-256 private key the declared token is bound to (RFC
// 9449 §6), as a PEM file (SEC 1 "EC PRIVATE KEY" or PKCS #8 "PRIVATE KEY")
// or a JWK. It is read now, so that a wrong file fails with its line
// rather than half-way through a run. The error never quotes the file.
func (p *parser) dpopKey(n *yamlNode, field string) *ecdsa.PrivateKey {
	path := p.existingFile(n, field)
	if p.failed() {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		p.fail(n, field, "file "+path+" cannot be read: "+describeIOError(err), "relative paths start from the folder of the targets file")
		return nil
	}
	key, err := ParseDPoPKey(data)
	if err != nil {
		p.fail(n, field, "file "+path+" holds no usable DPoP key: "+err.Error(),
			"give an EC P-256 private key as PEM (openssl ecparam -name prime256v1 -genkey) or as a JWK with kty EC, crv P-256 and d")
		return nil
	}
	return key
}

// ParseDPoPKey reads an EC P-256 private key from PEM or JWK text. P-256
// is what ES256, the algorithm authspec signs DPoP proofs with, needs.
func ParseDPoPKey(data []byte) (*ecdsa.PrivateKey, error) {
	if strings.HasPrefix(strings.TrimSpace(string(data)), "{") {
		return parseJWKKey(data)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("neither a PEM block nor a JWK")
	}
	var key any
	var err error
	switch block.Type {
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	default:
		return nil, errors.New("a PEM block of type " + block.Type + ", not a private key")
	}
	if err != nil {
		return nil, errors.New("the PEM private key does not parse")
	}
	ec, ok := key.(*ecdsa.PrivateKey)
	if !ok || ec.Curve != elliptic.P256() {
		return nil, errors.New("not an EC P-256 key (ES256 needs P-256)")
	}
	return ec, nil
}

// parseJWKKey reads a private EC JWK (RFC 7518 §6.2.2).
func parseJWKKey(data []byte) (*ecdsa.PrivateKey, error) {
	var j struct{ Kty, Crv, D, X, Y string }
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, errors.New("the JWK is not a JSON object")
	}
	if j.Kty != "EC" || j.Crv != "P-256" {
		return nil, errors.New("the JWK is not kty EC with crv P-256 (ES256 needs P-256)")
	}
	d, err := base64.RawURLEncoding.DecodeString(j.D)
	if err != nil || len(d) == 0 {
		return nil, errors.New("the JWK has no private part d in base64url")
	}
	key, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), leftPad(d, 32))
	if err != nil {
		return nil, errors.New("the JWK's d is not a P-256 private key")
	}
	pub, err := key.PublicKey.Bytes() // 0x04 || X || Y
	if err != nil {
		return nil, errors.New("the JWK's d is not a P-256 private key")
	}
	if j.X != "" && j.X != base64.RawURLEncoding.EncodeToString(pub[1:33]) {
		return nil, errors.New("the JWK's x does not belong to its d")
	}
	return key, nil
}

// leftPad pads b with leading zeros to n bytes.
func leftPad(b []byte, n int) []byte {
	if len(b) >= n {
		return b
	}
	return append(make([]byte, n-len(b)), b...)
}
