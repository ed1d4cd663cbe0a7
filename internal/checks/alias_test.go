package checks

import "testing"

// A renamed rule keeps its former ID: Lookup resolves it to the rule under
// its new ID, and IsAlias tells a former ID from a current one.
func TestAliasesResolveToTheRenamedRule(t *testing.T) {
	const old, current = "rfc9112/content-length-matches", "rfc9110/content-length-matches"
	r := Lookup(old)
	if r == nil || r.ID != current || r != ContentLengthMatches {
		t.Fatalf("Lookup(%q) = %v, want the rule %s", old, r, current)
	}
	if got, ok := IsAlias(old); !ok || got != current {
		t.Errorf("IsAlias(%q) = %q, %v", old, got, ok)
	}
	if _, ok := IsAlias(current); ok {
		t.Errorf("the current ID %s is not an alias", current)
	}
	if Aliases()[old] != current {
		t.Errorf("Aliases() = %v", Aliases())
	}
	for _, x := range All() {
		if x.ID == old {
			t.Errorf("All() lists the former ID %s as a rule", old)
		}
	}
	if QuotesOf(current) == nil {
		t.Errorf("the renamed rule keeps its quotes")
	}
}

// Every alias resolves to a rule that lists it, and none is a current ID.
func TestEveryAliasIsListedByItsRule(t *testing.T) {
	for a, id := range Aliases() {
		r := Lookup(id)
		if r == nil {
			t.Fatalf("alias %s points to unknown %s", a, id)
		}
		listed := false
		for _, x := range r.Aliases {
			listed = listed || x == a
		}
		if !listed {
			t.Errorf("%s does not list its alias %s", id, a)
		}
		if catalogue[a] != nil {
			t.Errorf("alias %s is also a current rule", a)
		}
	}
}

// An alias that names a current rule, or another rule's alias, is refused
// when the catalogue is built.
func TestAliasClashPanics(t *testing.T) {
	for name, decl := range map[string]Rule{
		"alias is a current ID":    {ID: "test/alias-a", RFC: "RFC 9110", Level: Info, Requirement: "x", Aliases: []string{"rfc9110/challenge-present"}},
		"alias taken by another":   {ID: "test/alias-b", RFC: "RFC 9110", Level: Info, Requirement: "x", Aliases: []string{"rfc9112/content-length-matches"}},
		"ID is an existing alias":  {ID: "rfc9112/content-length-matches", RFC: "RFC 9110", Level: Info, Requirement: "x"},
		"alias is the rule itself": {ID: "test/alias-c", RFC: "RFC 9110", Level: Info, Requirement: "x", Aliases: []string{"test/alias-c"}},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("registered without a panic")
				}
				delete(catalogue, decl.ID)
			}()
			register(decl)
		})
	}
}
