package checks

import (
	"regexp"
	"testing"
)

var (
	kwMust   = regexp.MustCompile(`\b(MUST|REQUIRED|SHALL)\b`)
	kwShould = regexp.MustCompile(`\b(SHOULD|RECOMMENDED)\b`)
	kwMay    = regexp.MustCompile(`\b(MAY|OPTIONAL)\b`)
)

// keywordLevels returns the levels the keywords of r's quotes give.
func keywordLevels(r *Rule) map[Level]bool {
	out := map[Level]bool{}
	for _, q := range QuotesOf(r.ID) {
		if kwMust.MatchString(q.Text) {
			out[Must] = true
		}
		if kwShould.MatchString(q.Text) {
			out[Should] = true
		}
		if kwMay.MatchString(q.Text) {
			out[May] = true
		}
	}
	return out
}

// Every rule's level follows from a keyword of its quotes, or from the
// basis levelBases documents for it (issue 18, §3).
func TestEveryLevelFollowsFromItsBasis(t *testing.T) {
	for _, r := range All() {
		kws := keywordLevels(r)
		switch b := LevelBasisOf(r); b {
		case BasisKeyword:
			if !kws[r.Level] {
				t.Errorf("%s is %s, but no quote has that keyword (%v): quote the sentence, or list the rule in levelBases", r.ID, r.Level, kws)
			}
		case BasisGrammar:
			if r.Level != Must {
				t.Errorf("%s rests on the grammar but is %s", r.ID, r.Level)
			}
		case BasisDefinition:
			if r.Level != Should {
				t.Errorf("%s is a definition-only constraint but is %s, not SHOULD", r.ID, r.Level)
			}
		case BasisOtherParty:
			if r.Level != Should && r.Level != Info {
				t.Errorf("%s: a keyword binding another party gives SHOULD or info, not %s", r.ID, r.Level)
			}
		case BasisInforms:
			if r.Level != Info {
				t.Errorf("%s informs but is %s", r.ID, r.Level)
			}
		case BasisSecurity:
			if r.Level != Security {
				t.Errorf("%s is a security consideration but is %s", r.ID, r.Level)
			}
		}
		if b := levelBases[r.ID]; b != "" && (r.Mission || r.Declared) {
			t.Errorf("%s is mission or declared and needs no entry in levelBases", r.ID)
		}
	}
	for id, b := range levelBases {
		r := Lookup(id)
		if r == nil || r.ID != id {
			t.Errorf("levelBases names %s, which is not a rule", id)
			continue
		}
		if b != BasisGrammar && b != BasisDefinition && keywordLevels(r)[r.Level] && b != BasisOtherParty {
			t.Errorf("%s has the keyword of its level in its quote: it needs no entry in levelBases (%s)", id, b)
		}
	}
}
