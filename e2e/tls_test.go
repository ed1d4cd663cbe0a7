package e2e

import (
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

	"github.com/authspec/authspec/internal/refserver"
	"github.com/authspec/authspec/internal/report"
)

// TLS targets: a certificate the client does not trust, one that has
// expired, one for another host name each end as an error naming the
// cause; ca_file and insecure_skip_verify make the same server testable;
// HTTP/2 is negotiated over TLS and the reports say so.
func TestTLSTargets(t *testing.T) {
	good := httptest.NewUnstartedServer(refserver.Handler())
	good.EnableHTTP2 = true
	good.Config.ErrorLog = quietLog // the refused handshakes are the point
	good.StartTLS()
	t.Cleanup(good.Close)
	dir := t.TempDir()
	goodCA := writePEM(t, dir, "good-ca.pem", good.Certificate().Raw)

	expiredCert, expiredDER := expiredCertificate(t)
	expired := httptest.NewUnstartedServer(refserver.Handler())
	expired.TLS = &tls.Config{Certificates: []tls.Certificate{expiredCert}}
	expired.Config.ErrorLog = quietLog
	expired.StartTLS()
	t.Cleanup(expired.Close)
	expiredCA := writePEM(t, dir, "expired-ca.pem", expiredDER)

	target := func(name, url, tlsYAML string) string {
		return fmt.Sprintf("  - name: %s\n    url: %s\n    resources: [/basic/, /digest/]\n%s    tls: %s\n", name, url, credentialsRef, tlsYAML)
	}
	yaml := "defaults:\n  timeout: 3s\n  rate: 100\ntargets:\n" +
		target("untrusted", good.URL, "{}") +
		target("trusted", good.URL, "{ca_file: "+goodCA+"}") +
		target("insecure", good.URL, "{insecure_skip_verify: true}") +
		target("wrong-host", good.URL, "{ca_file: "+goodCA+", server_name: wrong.example}") +
		target("expired", expired.URL, "{ca_file: "+expiredCA+"}")
	o := runSuite(t, yaml, credentialEnv...)

	for name, cause := range map[string]string{
		"untrusted":  "unknown authority",
		"wrong-host": "wrong host name",
		"expired":    "expired",
	} {
		tg := o.target(t, name)
		if tg.Verdict != "error" {
			t.Errorf("%s: verdict %s, want error\n%s", name, tg.Verdict, describe(tg))
		}
		assertMessage(t, tg, cause)
	}
	for _, name := range []string{"trusted", "insecure"} {
		tg := o.target(t, name)
		if tg.Verdict != "pass" {
			t.Errorf("%s: verdict %s, want pass\n%s", name, tg.Verdict, describe(tg))
		}
		if tg.Protocol != "HTTP/2.0" {
			t.Errorf("%s: protocol %q, want HTTP/2.0 negotiated by ALPN", name, tg.Protocol)
		}
		if !hasPass(tg, "rfc9110/valid-credentials-accepted", "/digest/") {
			t.Errorf("%s: Digest control did not pass over HTTP/2\n%s", name, describe(tg))
		}
	}
	if !strings.Contains(string(o.JUnit), `name="protocol" value="HTTP/2.0"`) {
		t.Errorf("junit.xml does not name the protocol")
	}
}

var quietLog = log.New(io.Discard, "", 0)

// credentialsRef is a credentials block that reads the reference
// credentials from credentialEnv.
const credentialsRef = "    credentials:\n      username: ${AUTHSPEC_E2E_USER}\n      password: ${AUTHSPEC_E2E_PASS}\n      token: ${AUTHSPEC_E2E_TOKEN}\n"

func writePEM(t *testing.T, dir, name string, der []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// expiredCertificate makes a self-signed certificate for 127.0.0.1 that
// expired yesterday.
func expiredCertificate(t *testing.T) (tls.Certificate, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(7),
		Subject:               pkix.Name{CommonName: "authspec expired"},
		NotBefore:             time.Now().Add(-72 * time.Hour),
		NotAfter:              time.Now().Add(-24 * time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, der
}

// Valid credentials never go over cleartext http to a host that is not
// loopback unless the target allows it: the control checks are skipped,
// and the report says why.
func TestCleartextCredentialsNotSent(t *testing.T) {
	yaml := "defaults:\n  timeout: 2s\ntargets:\n  - name: remote\n    url: http://staging.invalid\n    resources: [/x]\n" + credentialsRef
	o := runSuite(t, yaml, credentialEnv...)
	tg := o.target(t, "remote")
	for _, r := range tg.Results {
		if r.Check == "rfc9110/valid-credentials-accepted" && r.Outcome == report.Skip && strings.Contains(r.Message, "allow_cleartext") {
			return
		}
	}
	t.Errorf("no skipped control check naming allow_cleartext\n%s", describe(tg))
}

// What a server sends is untrusted: control characters, markup and invalid
// UTF-8 in its 401 cannot break the reports, which still validate.
func TestHostileBytesCannotBreakReports(t *testing.T) {
	nasty := "\x00\x1b[31m]]></failure></testcase><testcase name=\"x\">&\"\xff\xfe\x7f"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="nasty"`)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		if r.Method != http.MethodHead {
			w.Write([]byte(nasty))
		}
	}))
	t.Cleanup(srv.Close)
	o := runSuite(t, "targets:\n  - name: nasty\n    url: "+srv.URL+"\n    resources: [/x]\n")
	tg := o.target(t, "nasty")
	if !contains(checksWith(tg, report.Warn), "rfc9110/content-matches-type") {
		t.Fatalf("the JSON that is not JSON was not reported, so its bytes are not in the reports\n%s", describe(tg))
	}
	path := filepath.Join(o.Dir, "junit.xml")
	validateJUnit(t, path)
	if strings.ContainsAny(string(o.JUnit), "\x00\x1b\x7f") {
		t.Errorf("junit.xml carries raw control characters")
	}
	if strings.Contains(o.Stdout, "\x1b[31m") {
		t.Errorf("the terminal summary passes an escape sequence through")
	}
}
