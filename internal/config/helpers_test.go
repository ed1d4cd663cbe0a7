package config

import (
	"errors"
	"testing"
)

// testRuleIDs stand in for the catalogue, which other packages fill.
var testRuleIDs = []string{
	"rfc9110/challenge-present",
	"rfc9110/realm-quoted",
	"rfc7617/basic-realm-required",
	"rfc6750/bearer-error-code",
}

// useTestChecks makes waivers validate against testRuleIDs for one test.
func useTestChecks(t testing.TB) {
	oldKnown, oldIDs := KnownCheck, CheckIDs
	KnownCheck = func(id string) bool { return contains(testRuleIDs, id) }
	CheckIDs = func() []string { return testRuleIDs }
	t.Cleanup(func() { KnownCheck, CheckIDs = oldKnown, oldIDs })
}

// envOf returns an environment lookup over vars; the process environment
// is never consulted.
func envOf(vars map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
}

// baseTarget is a valid file whose fourth line ends the first target, so a
// test can append fields to it starting at line 5.
const baseTarget = "targets:\n" +
	"  - name: api\n" +
	"    url: https://api.example.com\n" +
	"    resources: [/x]\n"

// mustFail parses src and returns its *Error, failing the test if the file
// was accepted or the error is of another type.
func mustFail(t *testing.T, src string, env map[string]string) *Error {
	t.Helper()
	cfg, _, err := Parse("targets.yaml", []byte(src), envOf(env))
	if err == nil {
		t.Fatalf("accepted, want an error; got %+v", cfg)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is a %T, want *config.Error", err, err)
	}
	if cfg != nil {
		t.Errorf("returned a config along with the error")
	}
	return e
}

// mustParse parses src and fails the test on an error.
func mustParse(t *testing.T, src string, env map[string]string) (*Config, []Warning) {
	t.Helper()
	cfg, warnings, err := Parse("targets.yaml", []byte(src), envOf(env))
	if err != nil {
		t.Fatalf("rejected: %v\n%s", err, src)
	}
	return cfg, warnings
}
