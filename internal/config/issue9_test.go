package config

import (
	"strings"
	"testing"
	"time"
)

// Configuration mistakes that used to pass validate and then failed
// against the server, or failed without a line (issue 9, part 4).
func TestParseRejectsWhatTheWireCannotCarry(t *testing.T) {
	creds := baseTarget + "    credentials:\n      username: ${U}\n      password: ${P}\n"
	header := baseTarget + "    headers:\n      X-Env: ${H}\n"
	runRejections(t, []rejection{
		{name: "newline in a password variable", src: creds, env: map[string]string{"U": "bob", "P": "pw\n"}, line: 7,
			field: "targets[0].credentials.password", msg: "${P}, whose value holds a line break", hint: "remove it from P"},
		{name: "CR in a username variable", src: creds, env: map[string]string{"U": "b\rob", "P": "pw"}, line: 6,
			field: "targets[0].credentials.username", msg: "${U}", hint: "remove it from U"},
		{name: "CTL in a header variable", src: header, env: map[string]string{"H": "a\x01b"}, line: 6,
			field: "targets[0].headers.X-Env", msg: "${H}, whose value holds a line break or control character (byte 2 is 0x01)"},
		{name: "escaped newline in a literal token", src: baseTarget + "    credentials:\n      token: \"abc\\n\"\n", line: 6,
			field: "targets[0].credentials.token", msg: "line break or control character"},
		{name: "null method", src: "targets:\n  - name: api\n    url: https://api.example.com\n    resources:\n      - {path: /x, methods: [~]}\n", line: 5,
			field: "targets[0].resources[0].methods[0]", msg: "YAML's empty value", hint: "GET"},
		{name: "null method spelt out", src: "targets:\n  - name: api\n    url: https://api.example.com\n    resources:\n      - {path: /x, methods: [GET, null]}\n", line: 5,
			field: "targets[0].resources[0].methods[1]", msg: "YAML's empty value"},
		{name: "non-UTF-8 byte", src: baseTarget + "    headers: {X-A: \"caf\xe9\"}\n", line: 5, msg: "not valid UTF-8", hint: "UTF-8"},
	})
}

// The value of a variable never appears in the message about it.
func TestControlCharacterMessageQuotesNoValue(t *testing.T) {
	src := baseTarget + "    credentials:\n      token: ${T}\n"
	e := mustFail(t, src, map[string]string{"T": "s3cr3t-token\n"})
	if strings.Contains(e.Error(), "s3cr3t") {
		t.Fatalf("the error quotes the secret: %v", e)
	}
}

// A literal username is an identifier: its warning does not call it a
// secret; a literal password's does.
func TestLiteralUsernameIsNotCalledASecret(t *testing.T) {
	useTestChecks(t)
	src := baseTarget + "    credentials:\n      username: alice\n      password: hunter2\n"
	_, warnings, err := Parse("targets.yaml", []byte(src), nil)
	if err != nil || len(warnings) != 2 {
		t.Fatalf("err %v, warnings %v", err, warnings)
	}
	for _, w := range warnings {
		secret := strings.Contains(w.Msg, "secret")
		if strings.HasSuffix(w.Field, "username") == secret {
			t.Errorf("%s: %q", w.Field, w.Msg)
		}
	}
}

// Every load warns of the waivers that have expired, so every run says so
// at the start.
func TestExpiredWaiversWarnOnLoad(t *testing.T) {
	useTestChecks(t)
	src := baseTarget + "    waivers:\n      - {check: " + testRuleIDs[0] + ", reason: ticket 1, until: 2026-01-31}\n"
	cfg, _, err := Parse("targets.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	if w := ExpiredWaivers(cfg, time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)); len(w) != 0 {
		t.Errorf("still active on its last day: %v", w)
	}
	w := ExpiredWaivers(cfg, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
	if len(w) != 1 || w[0].Line != 6 || !strings.Contains(w[0].String(), "expired on 2026-01-31; the check counts again") {
		t.Errorf("warnings %v", w)
	}
}
