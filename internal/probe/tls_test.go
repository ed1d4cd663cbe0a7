package probe

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testCert makes a self-signed certificate for the given names, valid
// within [notBefore, notAfter], and writes it as a PEM CA file.
func testCert(t *testing.T, notBefore, notAfter time.Time, dnsNames []string, ips []net.IP) (tls.Certificate, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "authspec test"},
		NotBefore: notBefore, NotAfter: notAfter, DNSNames: dnsNames, IPAddresses: ips,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, file
}

func tlsServer(t *testing.T, cert tls.Certificate, h2 bool) *httptest.Server {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="tls"`)
		w.WriteHeader(401)
	}))
	srv.EnableHTTP2 = h2
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // handshake failures are the point
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

var loopbackIP = []net.IP{net.IPv4(127, 0, 0, 1)}

func TestHTTP2NegotiatedAndRecorded(t *testing.T) {
	cert, ca := testCert(t, time.Now().Add(-time.Hour), time.Now().Add(time.Hour), nil, loopbackIP)
	srv := tlsServer(t, cert, true)
	tg := testTarget()
	tg.TLS.CAFile = ca
	c := newTestClient(t, tg, srv.URL)
	ex := c.Unauthenticated(context.Background(), "GET", "/")[0]
	if ex.Err != nil || ex.Protocol != "HTTP/2.0" || ex.Judge.Status != 401 || !ex.Judge.Secure {
		t.Fatalf("err %v protocol %q status %d secure %v", ex.Err, ex.Protocol, ex.Judge.Status, ex.Judge.Secure)
	}
	if !strings.HasPrefix(ex.Evidence().Request, "GET / HTTP/2.0\nHost: 127.0.0.1") {
		t.Errorf("request evidence:\n%s", ex.Evidence().Request)
	}
	if !strings.Contains(ex.Evidence().Curl, "--cacert") {
		t.Errorf("curl %s lacks --cacert", ex.Evidence().Curl)
	}
	// The raw HEAD speaks HTTP/1.1 over the same TLS settings.
	hd := c.Head(context.Background(), "/")[0]
	if hd.Err != nil || hd.Protocol != "HTTP/1.1" || hd.Judge.Status != 401 {
		t.Errorf("HEAD: err %v protocol %q status %d", hd.Err, hd.Protocol, hd.Judge.Status)
	}
}

func TestTLSErrorsClassified(t *testing.T) {
	now := time.Now()
	good, _ := testCert(t, now.Add(-time.Hour), now.Add(time.Hour), nil, loopbackIP)
	expired, expiredCA := testCert(t, now.Add(-48*time.Hour), now.Add(-24*time.Hour), nil, loopbackIP)
	wrongName, wrongNameCA := testCert(t, now.Add(-time.Hour), now.Add(time.Hour), []string{"other.test"}, nil)
	cases := []struct {
		name, ca, want string
		cert           tls.Certificate
	}{
		{"unknown authority", "", "unknown authority", good},
		{"expired", expiredCA, "expired", expired},
		{"wrong host", wrongNameCA, "not valid for host", wrongName},
	}
	for _, tc := range cases {
		srv := tlsServer(t, tc.cert, false)
		tg := testTarget()
		tg.TLS.CAFile = tc.ca
		c := newTestClient(t, tg, srv.URL)
		ex := c.Unauthenticated(context.Background(), "GET", "/")[0]
		if ex.ErrKind != ErrTLS || ex.Err == nil || !strings.Contains(ex.Err.Error(), tc.want) {
			t.Errorf("%s: ErrKind %q err %v", tc.name, ex.ErrKind, ex.Err)
		}
		hd := c.Head(context.Background(), "/")[0]
		if hd.ErrKind != ErrTLS {
			t.Errorf("%s HEAD: ErrKind %q err %v", tc.name, hd.ErrKind, hd.Err)
		}
	}
	// server_name fixes the wrong host name; insecure_skip_verify ignores all.
	srv := tlsServer(t, wrongName, false)
	tg := testTarget()
	tg.TLS.CAFile, tg.TLS.ServerName = wrongNameCA, "other.test"
	if ex := newTestClient(t, tg, srv.URL).Unauthenticated(context.Background(), "GET", "/")[0]; ex.Err != nil {
		t.Errorf("server_name: %v", ex.Err)
	}
	tg = testTarget()
	tg.TLS.InsecureSkipVerify = true
	c := newTestClient(t, tg, srv.URL)
	if ex := c.Unauthenticated(context.Background(), "GET", "/")[0]; ex.Err != nil || !strings.Contains(ex.Evidence().Curl, " -k ") {
		t.Errorf("insecure: %v, curl %s", ex.Err, ex.Evidence().Curl)
	}
	// http on a TLS port, and TLS settings on an http port.
	plain := httptest.NewServer(http.NotFoundHandler())
	defer plain.Close()
	c = newTestClient(t, testTarget(), strings.Replace(plain.URL, "http:", "https:", 1))
	if ex := c.Unauthenticated(context.Background(), "GET", "/")[0]; ex.ErrKind != ErrTLS {
		t.Errorf("https to an http port: ErrKind %q err %v", ex.ErrKind, ex.Err)
	}
}

// A server that requires a client certificate: the error names the fix
// (cert_file, key_file), not Go's internals.
func TestClientCertificateRequiredHint(t *testing.T) {
	cert, ca := testCert(t, time.Now().Add(-time.Hour), time.Now().Add(time.Hour), nil, loopbackIP)
	for _, version := range []uint16{tls.VersionTLS13, tls.VersionTLS12} {
		srv := httptest.NewUnstartedServer(http.NotFoundHandler())
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, ClientAuth: tls.RequireAnyClientCert, MaxVersion: version}
		srv.StartTLS()
		tg := testTarget()
		tg.TLS.CAFile = ca
		c := newTestClient(t, tg, srv.URL)
		for _, ex := range []*Exchange{c.Unauthenticated(context.Background(), "GET", "/")[0], c.Head(context.Background(), "/")[0]} {
			msg := fmt.Sprint(ex.Err)
			if ex.ErrKind != ErrTLS || !strings.Contains(msg, "tls.cert_file and tls.key_file") || strings.Contains(msg, "readLoop") {
				t.Errorf("TLS %x %s: kind %q err %s", version, ex.Method, ex.ErrKind, msg)
			}
		}
		srv.Close()
	}
}
