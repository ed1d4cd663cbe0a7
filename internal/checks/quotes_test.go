package checks

import (
	"strings"
	"testing"
)

// Every rule in the catalogue has the RFC text it rests on, and every
// quote belongs to a rule, cites a section and says something.
func TestEveryRuleHasItsQuote(t *testing.T) {
	for _, r := range All() {
		qs := QuotesOf(r.ID)
		if len(qs) == 0 {
			t.Errorf("%s has no quote", r.ID)
		}
		for _, q := range qs {
			if q.Section == "" || strings.TrimSpace(q.Text) == "" {
				t.Errorf("%s: quote without section or text: %+v", r.ID, q)
			}
			if q.RFC != "" && !strings.HasPrefix(q.RFC, "RFC ") && !strings.HasPrefix(q.RFC, "MCP ") && q.RFC != "Fetch" {
				t.Errorf("%s: quote RFC %q is not like \"RFC 1234\", \"MCP 2025-11-25\" or \"Fetch\"", r.ID, q.RFC)
			}
		}
	}
	for id := range quotes {
		if Lookup(id) == nil {
			t.Errorf("quote for %s, which is not in the catalogue", id)
		}
	}
}

// A quote of the rule's own RFC cites one of the rule's sections, or a
// section of the same document the rule's requirement leans on: the
// sections it names are the ones a reader would look up.
func TestQuotesCiteTheRulesSections(t *testing.T) {
	for _, r := range All() {
		own := map[string]bool{}
		for _, s := range strings.Split(r.Section, ", ") {
			own[s] = true
		}
		cited := false
		for _, q := range QuotesOf(r.ID) {
			// An MCP rule's quotes name their revision ("MCP 2025-11-25"):
			// each is the rule's own document.
			if q.RFC == "" || q.RFC == r.RFC || (r.RFC == "MCP" && strings.HasPrefix(q.RFC, "MCP ")) {
				cited = cited || own[q.Section]
			}
		}
		if !cited {
			t.Errorf("%s (%s): no quote cites one of its sections", r.ID, r.Ref())
		}
	}
}
