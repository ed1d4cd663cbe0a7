package checks

import (
	"strings"
	"testing"
)

func TestRegistryLookup(t *testing.T) {
	for _, name := range []string{"Basic", "basic", "BEARER", "scram-sha-256", "Vapid", "PrivateToken"} {
		if _, ok := LookupScheme(name); !ok {
			t.Errorf("LookupScheme(%q) not found", name)
		}
	}
	for _, name := range []string{"NTLM", "Kerberos", "", "Basic2"} {
		if _, ok := LookupScheme(name); ok {
			t.Errorf("LookupScheme(%q) found an unregistered scheme", name)
		}
	}
	got := RegisteredSchemes()
	for i := 1; i < len(got); i++ {
		if strings.ToLower(got[i-1].Name) > strings.ToLower(got[i].Name) {
			t.Errorf("RegisteredSchemes not sorted: %s before %s", got[i-1].Name, got[i].Name)
		}
	}
	got[0].Name = "changed"
	if RegisteredSchemes()[0].Name == "changed" {
		t.Error("RegisteredSchemes returns the registry itself, not a copy")
	}
}

func TestSchemeRegisteredRule(t *testing.T) {
	const id = "iana/scheme-registered"
	rules := []*Rule{SchemeRegistered}
	cases := []schCase{
		{"registered schemes", schResponse(`Basic realm="x", Bearer realm="x"`, `Negotiate`), nil},
		{"NTLM is not registered", schResponse(`Negotiate`, `NTLM`), []string{id}},
		{"custom scheme", schResponse(`X-Custom token="a"`), []string{id}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := schViolations(t, tc.ex, rules)
			if strings.Join(got, " ") != strings.Join(tc.violated, " ") {
				t.Errorf("violated = %v, want %v", got, tc.violated)
			}
		})
	}
	if SchemeRegistered.Level != Info || SchemeRegistered.Fails() {
		t.Error("an unregistered scheme must only be noted, never fail a run")
	}
	if got := Judge(SchemeRegistered, NewContext(schResponse())).Status; got != NotApplicable {
		t.Errorf("no challenge at all: %s, want n/a", got)
	}
}
