package config

import (
	"os"
	"path/filepath"
	"strings"
)

// tlsKeys are the keys of a tls block.
var tlsKeys = []string{"ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify"}

// tls decodes a target's TLS client settings. Files are resolved against
// the folder of the targets file and must exist now, so that a typo fails
// at validation rather than as a handshake error in the middle of a run.
func (p *parser) tls(n *yamlNode, field, targetURL string) TLS {
	f := p.mapping(n, field, tlsKeys)
	var t TLS
	if p.failed() {
		return t
	}
	if v := f.get("ca_file"); v != nil {
		t.CAFile = p.existingFile(v, join(field, "ca_file"))
	}
	if v := f.get("cert_file"); v != nil {
		t.CertFile = p.existingFile(v, join(field, "cert_file"))
	}
	if v := f.get("key_file"); v != nil {
		t.KeyFile = p.existingFile(v, join(field, "key_file"))
	}
	if v := f.get("server_name"); v != nil {
		t.ServerName = p.serverName(v, join(field, "server_name"))
	}
	if v := f.get("insecure_skip_verify"); v != nil {
		t.InsecureSkipVerify = p.boolean(v, join(field, "insecure_skip_verify"))
	}
	switch {
	case p.failed():
	case t.CertFile != "" && t.KeyFile == "":
		p.fail(f.entries["cert_file"].key, join(field, "key_file"), "is missing while cert_file is set", "give the client certificate's key_file too")
	case t.KeyFile != "" && t.CertFile == "":
		p.fail(f.entries["key_file"].key, join(field, "cert_file"), "is missing while key_file is set", "give the client certificate's cert_file too")
	case !strings.HasPrefix(targetURL, "https://"):
		p.warn(n, field, "is ignored: url is not https")
	case t.InsecureSkipVerify:
		p.warn(f.get("insecure_skip_verify"), join(field, "insecure_skip_verify"),
			"turns off certificate verification; prefer ca_file with the server's CA")
	}
	return t
}

// existingFile returns the path in n, made relative to the targets file's
// folder, after checking that it names a readable regular file.
func (p *parser) existingFile(n *yamlNode, field string) string {
	s := p.text(n, field)
	if p.failed() {
		return ""
	}
	if s == "" {
		p.fail(n, field, "is empty", "write a path, relative to the targets file, or remove the field")
		return ""
	}
	return p.regularFile(n, field, s, "file", "write the path of a PEM file")
}

// regularFile resolves path s against the targets file's folder and
// returns it when it names a readable regular file; otherwise it fails on
// n, calling the file what, with hint for a non-regular one.
func (p *parser) regularFile(n *yamlNode, field, s, what, hint string) string {
	path := s
	if !filepath.IsAbs(path) {
		path = filepath.Join(p.dir, path)
	}
	info, err := os.Stat(path)
	switch {
	case err != nil:
		p.fail(n, field, what+" "+path+" cannot be read: "+describeIOError(err),
			"relative paths start from the folder of the targets file")
	case !info.Mode().IsRegular():
		p.fail(n, field, path+" is not a regular file", hint)
	default:
		return path
	}
	return ""
}

// serverName returns a plausible TLS server name (a DNS name; SNI carries
// no IP addresses, but Go accepts one for verification, so do we).
func (p *parser) serverName(n *yamlNode, field string) string {
	s := p.text(n, field)
	if p.failed() || s == "" {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == ':') {
			p.fail(n, field, "is not a host name", "write a DNS name such as api.example.com, without scheme or port")
			return ""
		}
	}
	return s
}
