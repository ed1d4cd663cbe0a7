package checks

import (
	"fmt"
	"sort"
	"strings"
)

// Level is the strength of a requirement, taken from the RFC's own keyword.
type Level string

const (
	Must     Level = "MUST"     // MUST, MUST NOT, REQUIRED, and ABNF grammar
	Should   Level = "SHOULD"   // SHOULD, SHOULD NOT, RECOMMENDED
	May      Level = "MAY"      // MAY, OPTIONAL
	Security Level = "security" // a security consideration with no keyword
	Info     Level = "info"     // worth knowing; never fails a run
)

// Severity says how much harm breaking a rule does, whatever its level: a
// level says what the text requires, a severity how bad it is to break it.
// An endpoint served to anyone is critical even though RFC 9110 only says
// SHOULD about it.
type Severity string

const (
	Critical    Severity = "critical" // the resource is open: anyone gets in
	High        Severity = "high"     // clients cannot authenticate, or secrets are exposed
	Medium      Severity = "medium"   // a MUST broken; some clients will fail
	Low         Severity = "low"      // a SHOULD broken; interoperability suffers
	Informative Severity = "info"     // nothing breaks; worth knowing
)

// Severities lists the severities from the worst to the least; reports
// order findings this way.
var Severities = []Severity{Critical, High, Medium, Low, Informative}

// Rank orders severities: 0 for critical, 4 for info, 5 for an unknown one.
func (s Severity) Rank() int {
	for i, v := range Severities {
		if v == s {
			return i
		}
	}
	return len(Severities)
}

// Rule is one requirement a response can meet or break. Rules are data:
// the catalogue, `make checks` and the README table are all generated from
// these values.
type Rule struct {
	// ID is stable once published, e.g. "rfc7617/basic-realm-required".
	// It is never a position.
	ID string
	// RFC reads like "RFC 9110".
	RFC string
	// Section is the section number without the sign, e.g. "11.6.1".
	Section string
	Level   Level
	// Severity is how much harm breaking the rule does. A declaration may
	// leave it empty: register then derives it from the level (see
	// defaultSeverity), so every rule in the catalogue has one.
	Severity Severity
	// Requirement is one line, in our words, of what the rule demands.
	Requirement string
	// Scheme names the auth-scheme the rule is about ("Basic", "Digest",
	// ...), or "" when the rule is not about one scheme.
	Scheme string
	// Mission marks the two assertions authspec exists for: a valid
	// challenge and a diagnostic body on every 401/407 that is not an answer
	// to HEAD. They fail the run whatever Level says.
	Mission bool
	// Declared marks rules that hold because targets.yaml declares the
	// resource protected (it must demand authentication, must not let wrong
	// credentials in, must let the valid ones in). They fail the run
	// whatever Level says: the user told us what to expect.
	Declared bool
	// Wire marks rules that judge the bytes of the response head as
	// received (Exchange.RawHead); their evidence shows those bytes.
	Wire bool
	// Aliases are IDs the rule was published under before it was renamed.
	// Lookup resolves them, so waivers, baselines and dashboards keyed on an
	// old ID go on working; results always carry the current ID.
	Aliases []string

	// Applies reports whether the rule has anything to judge in c. Nil
	// means it applies to every response Evaluate sees.
	Applies func(c *Context) bool `json:"-"`
	// Check returns the rule's findings on c; none means the rule passed.
	// Nil for relational rules, which the probe-level functions in
	// behaviour.go evaluate over several exchanges.
	Check func(c *Context) []Finding `json:"-"`
}

// Fails reports whether a violation of r fails the run when the run is not
// strict. Mission rules, Declared rules and MUST-level rules fail; SHOULD,
// MAY and security findings warn; info never does more than inform.
func (r *Rule) Fails() bool {
	return r.Mission || r.Declared || r.Level == Must
}

// Ref returns the rule's citation, e.g. "RFC 9110 §11.6.1". Section may
// list several sections separated by ", ": each gets its own sign.
func (r *Rule) Ref() string {
	if r.Section == "" {
		return r.RFC
	}
	return r.RFC + " §" + strings.ReplaceAll(r.Section, ", ", ", §")
}

// Label returns the Ginkgo label for the rule's RFC, e.g. "rfc9110".
func (r *Rule) Label() string {
	return strings.ToLower(strings.ReplaceAll(r.RFC, " ", ""))
}

var catalogue = map[string]*Rule{}

// aliases maps each former rule ID to the rule that now carries it.
var aliases = map[string]*Rule{}

// register adds r to the catalogue and returns it. It panics at init time on
// a duplicate or malformed declaration, so a bad rule never ships.
func register(r Rule) *Rule {
	if r.ID == "" || r.RFC == "" || r.Level == "" || r.Requirement == "" {
		panic(fmt.Sprintf("checks: incomplete rule declaration %+v", r))
	}
	if _, dup := catalogue[r.ID]; dup {
		panic("checks: duplicate rule ID " + r.ID)
	}
	if old, taken := aliases[r.ID]; taken {
		panic("checks: rule ID " + r.ID + " is already an alias of " + old.ID)
	}
	if r.Severity == "" {
		r.Severity = defaultSeverity(&r)
	} else if r.Severity.Rank() == len(Severities) {
		panic("checks: unknown severity " + string(r.Severity) + " on " + r.ID)
	}
	p := &r
	for _, a := range r.Aliases {
		registerAlias(a, p)
	}
	catalogue[r.ID] = p
	return p
}

// registerAlias records a as a former ID of p. An alias may not name a
// current rule or another rule's alias: a waiver on it would be ambiguous.
func registerAlias(a string, p *Rule) {
	if a == "" || a == p.ID {
		panic("checks: empty or self alias on " + p.ID)
	}
	if _, taken := catalogue[a]; taken {
		panic("checks: alias " + a + " of " + p.ID + " is a current rule ID")
	}
	if old, taken := aliases[a]; taken {
		panic("checks: alias " + a + " of " + p.ID + " is already an alias of " + old.ID)
	}
	aliases[a] = p
}

// defaultSeverity is the severity of a rule whose declaration names none:
// the mission assertions are high (without them a client cannot
// authenticate or learn why), a MUST medium, a SHOULD or security
// consideration low, and MAY or info informative.
func defaultSeverity(r *Rule) Severity {
	switch {
	case r.Mission:
		return High
	case r.Level == Must:
		return Medium
	case r.Level == Should, r.Level == Security:
		return Low
	}
	return Informative
}

// registerChecked registers a rule whose check is handed its own *Rule, so
// the check can name the rule in its findings without the package variable
// referring to itself (Go rejects that as an initialization cycle).
func registerChecked(r Rule, check func(r *Rule, c *Context) []Finding) *Rule {
	p := register(r)
	p.Check = func(c *Context) []Finding { return check(p, c) }
	return p
}

// All returns every rule in the catalogue, sorted by ID.
func All() []*Rule {
	out := make([]*Rule, 0, len(catalogue))
	for _, r := range catalogue {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Lookup returns the rule with the given ID, or nil. A former ID (an
// alias) returns the rule that carries it now: compare the result's ID with
// id to tell the two apart.
func Lookup(id string) *Rule {
	if r, ok := catalogue[id]; ok {
		return r
	}
	return aliases[id]
}

// IsAlias reports whether id is a former rule ID, and the rule's current ID.
func IsAlias(id string) (current string, ok bool) {
	if r, ok := aliases[id]; ok {
		return r.ID, true
	}
	return "", false
}

// Aliases returns every former rule ID with the current ID it resolves to.
// The map is a copy: callers may keep or change it.
func Aliases() map[string]string {
	out := make(map[string]string, len(aliases))
	for a, r := range aliases {
		out[a] = r.ID
	}
	return out
}
