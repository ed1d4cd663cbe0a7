package config

import (
	"slices"
	"strings"
	"testing"
)

// origin_credentials (issue 18, audit M1): the valid credentials of the
// origin behind a proxy target.

const proxyTarget = "targets:\n" +
	"  - name: squid\n" +
	"    url: http://127.0.0.1:3128\n" +
	"    kind: proxy\n" +
	"    through: http://127.0.0.1:8080/app\n" +
	"    resources: [/x]\n" +
	"    credentials: {username: \"${PU}\", password: \"${PP}\"}\n"

func TestParseOriginCredentials(t *testing.T) {
	src := proxyTarget + "    origin_credentials:\n      username: ${OU}\n      password: ${OP}\n      token: ${OT}\n"
	cfg, warnings := mustParse(t, src, map[string]string{"PU": "pu", "PP": "proxy-pass", "OU": "alice", "OP": "origin-pass", "OT": "origin-token"})
	if len(warnings) != 0 {
		t.Errorf("warnings = %v, want none", warnings)
	}
	oc := cfg.Targets[0].OriginCredentials
	if oc == nil || oc.Username != "alice" || oc.Password != "origin-pass" || oc.Token != "origin-token" {
		t.Fatalf("OriginCredentials = %+v", oc)
	}
	if cr := cfg.Targets[0].Credentials; cr.Password != "proxy-pass" {
		t.Errorf("the proxy's credentials changed: %+v", cr)
	}
	if s := oc.Secrets(); !slices.Contains(s, "origin-pass") || !slices.Contains(s, "origin-token") || slices.Contains(s, "alice") {
		t.Errorf("Secrets() = %d values, want the password and the token, not the username", len(s))
	}
	if !slices.Contains(TargetKeys(), "origin_credentials.token") {
		t.Errorf("TargetKeys lacks origin_credentials.token: %v", TargetKeys())
	}
}

func TestParseRejectsBadOriginCredentials(t *testing.T) {
	origin := func(body string) string { return proxyTarget + "    origin_credentials:\n" + body }
	env := map[string]string{"PU": "pu", "PP": "p", "OP": "secret-origin-pass", "OT": "t"}
	runRejections(t, []rejection{
		{name: "on an origin target", src: baseTarget + "    origin_credentials: {token: \"${OT}\"}\n", env: env, line: 5,
			field: "targets[0].origin_credentials", msg: "is only for kind: proxy", hint: "put the origin's credentials under credentials"},
		{name: "limited token", src: origin("      token: ${OT}\n      limited_token: ${OT}\n"), env: env, line: 10,
			field: "targets[0].origin_credentials.limited_token", msg: "unknown field"},
		{name: "dpop key", src: origin("      token: ${OT}\n      dpop_key: k.pem\n"), env: env, line: 10,
			field: "targets[0].origin_credentials.dpop_key", msg: "unknown field"},
		{name: "username alone", src: origin("      username: alice\n"), env: env, line: 9,
			field: "targets[0].origin_credentials.password", msg: "missing while username is set"},
		{name: "empty value", src: origin("      token: \"\"\n"), env: env, line: 9,
			field: "targets[0].origin_credentials.token", msg: "is empty"},
		{name: "empty mapping", src: proxyTarget + "    origin_credentials: {}\n", env: env, line: 8,
			field: "targets[0].origin_credentials", msg: "is empty"},
		{name: "not a mapping", src: proxyTarget + "    origin_credentials: alice\n", env: env, line: 8,
			field: "targets[0].origin_credentials", msg: "mapping"},
		{name: "colon in username", src: origin("      username: \"a:b\"\n      password: ${OP}\n"), env: env, line: 9,
			field: "targets[0].origin_credentials.username", msg: "colon"},
	})
}

// The origin's password never appears in a message, even one about it.
func TestOriginCredentialsNotInMessages(t *testing.T) {
	src := proxyTarget + "    origin_credentials:\n      username: \"a:b\"\n      password: ${OP}\n"
	e := mustFail(t, src, map[string]string{"PU": "pu", "PP": "p", "OP": "s3cr3t-origin"})
	if got := e.Error(); strings.Contains(got, "s3cr3t-origin") {
		t.Errorf("message quotes the secret: %s", got)
	}
	// A literal is warned about, as for credentials.
	_, warnings := mustParse(t, proxyTarget+"    origin_credentials: {token: literal-token}\n", map[string]string{"PU": "pu", "PP": "p"})
	if len(warnings) != 1 || !strings.Contains(warnings[0].String(), "origin_credentials.token") || strings.Contains(warnings[0].String(), "literal-token") {
		t.Errorf("warnings = %v, want one about the literal token that does not quote it", warnings)
	}
}

// Over http to a host that is not loopback the comparison is skipped, and
// the loader says so.
func TestOriginCredentialsCleartextWarning(t *testing.T) {
	src := strings.Replace(proxyTarget, "http://127.0.0.1:8080/app", "http://origin.example.com/app", 1) +
		"    origin_credentials: {token: \"${OT}\"}\n"
	_, warnings := mustParse(t, src, map[string]string{"PU": "pu", "PP": "p", "OT": "t"})
	if len(warnings) != 1 || !strings.Contains(warnings[0].String(), "cleartext") {
		t.Errorf("warnings = %v, want one about cleartext", warnings)
	}
	_, warnings = mustParse(t, src+"    allow_cleartext: true\n", map[string]string{"PU": "pu", "PP": "p", "OT": "t"})
	if len(warnings) != 0 {
		t.Errorf("allow_cleartext: true still warns: %v", warnings)
	}
}
