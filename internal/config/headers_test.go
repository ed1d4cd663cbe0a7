package config

import (
	"reflect"
	"testing"
)

// A header value that comes from ${VAR} is a secret whatever the field's
// name; a literal one is not unless its name suggests a secret; public:
// true, in the mapping form, says a value is not secret after all. The
// plain form, {Name: value}, keeps working.
func TestHeaderSecrecy(t *testing.T) {
	useTestChecks(t)
	src := baseTarget + "    headers:\n" +
		"      X-Auth: ${V}\n" +
		"      X-Passwd: \"pre-${V}\"\n" +
		"      X-Env: staging\n" +
		"      X-Api-Key: literal-key\n" +
		"      X-Trace: {value: \"${TRACE}\", public: true}\n" +
		"      X-Session-Hint: {value: visible, public: true}\n" +
		"      X-Other: {value: \"${V}\"}\n" +
		"      X-Plain: {value: plain, public: false}\n"
	cfg, _ := mustParse(t, src, map[string]string{"V": "s3cret-v", "TRACE": "trace-1"})
	tg := cfg.Targets[0]
	wantHeaders := map[string]string{
		"X-Auth": "s3cret-v", "X-Passwd": "pre-s3cret-v", "X-Env": "staging", "X-Api-Key": "literal-key",
		"X-Trace": "trace-1", "X-Session-Hint": "visible", "X-Other": "s3cret-v", "X-Plain": "plain",
	}
	if !reflect.DeepEqual(tg.Headers, wantHeaders) {
		t.Errorf("headers = %v, want %v", tg.Headers, wantHeaders)
	}
	secret := map[string]bool{"X-Auth": true, "X-Passwd": true, "X-Api-Key": true, "X-Other": true}
	for name := range wantHeaders {
		if got := tg.HeaderIsSecret(name); got != secret[name] {
			t.Errorf("HeaderIsSecret(%s) = %v, want %v", name, got, secret[name])
		}
	}
	// Field names ignore case: the value is secret however it is written
	// on the wire.
	if !tg.HeaderIsSecret("x-auth") || !tg.HeaderIsSecret("X-AUTH") {
		t.Error("HeaderIsSecret depends on the case of the name")
	}
	if tg.HeaderIsSecret("X-Unknown") {
		t.Error("a header that is not configured is secret")
	}
}

func TestParseRejectsBadHeaderMappings(t *testing.T) {
	runRejections(t, []rejection{
		{name: "mapping without value", src: baseTarget + "    headers:\n      X-Env: {public: true}\n", line: 6, field: "targets[0].headers.X-Env.value", msg: "is missing"},
		{name: "mapping typo", src: baseTarget + "    headers:\n      X-Env: {value: a, publik: true}\n", line: 6, field: "targets[0].headers.X-Env.publik", msg: "unknown field 'publik'", hint: "did you mean 'public'?"},
		{name: "public not a bool", src: baseTarget + "    headers:\n      X-Env: {value: a, public: yes-please}\n", line: 6, field: "targets[0].headers.X-Env.public", msg: "must be true or false"},
		{name: "value a list", src: baseTarget + "    headers:\n      X-Env: {value: [a]}\n", line: 6, field: "targets[0].headers.X-Env.value", msg: "single value"},
	})
}
