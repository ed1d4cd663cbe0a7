package suite

import (
	"sort"
	"strings"

	"github.com/authspec/authspec/internal/checks"
)

// Group is a set of rules judged by one spec of each probe. Splitting a
// probe's verdicts by RFC gives every spec honest labels, so
// `--label-filter=rfc6750` runs the Bearer specs and nothing else.
type Group struct {
	// Key is a short name used in spec texts.
	Key string
	// Title is the spec's text, e.g. "RFC 7617 Basic".
	Title string
	// Scheme is the auth-scheme the group is about, "" for the framework.
	Scheme string
	// Labels are the RFC, scheme and level labels of the group's rules.
	Labels []string
	// Core marks the framework group, which also reports exchanges that
	// could not be tested.
	Core  bool
	rules map[*checks.Rule]bool
}

// Has reports whether rule r belongs to the group.
func (g *Group) Has(r *checks.Rule) bool { return g.rules[r] }

// schemeGroups are the schemes that get a spec of their own; the other
// registered schemes share one.
var schemeGroups = []struct{ key, scheme string }{
	{"basic", "Basic"},
	{"digest", "Digest"},
	{"bearer", "Bearer"},
}

// Groups partitions the catalogue: the RFC 9110 framework (with everything
// that is not about one scheme), one group per common scheme, and one for
// every other scheme.
func Groups() []*Group {
	core := &Group{Key: "rfc9110", Title: "RFC 9110 challenge and diagnostic body", Core: true, rules: map[*checks.Rule]bool{}}
	groups := []*Group{core}
	byScheme := map[string]*Group{}
	for _, sg := range schemeGroups {
		g := &Group{Key: sg.key, Scheme: sg.scheme, rules: map[*checks.Rule]bool{}}
		byScheme[strings.ToLower(sg.scheme)] = g
		groups = append(groups, g)
	}
	other := &Group{Key: "other-schemes", Title: "other registered schemes", rules: map[*checks.Rule]bool{}}
	groups = append(groups, other)

	for _, r := range checks.All() {
		switch g := byScheme[strings.ToLower(r.Scheme)]; {
		case r.Scheme == "":
			core.rules[r] = true
		case g != nil:
			g.rules[r] = true
			if g.Title == "" {
				g.Title = r.RFC + " " + g.Scheme
			}
		default:
			other.rules[r] = true
		}
	}
	for _, g := range groups {
		g.Labels = labelsOf(g)
	}
	return groups
}

// labelsOf collects the RFC, scheme and level labels of a group's rules.
func labelsOf(g *Group) []string {
	set := map[string]bool{}
	for r := range g.rules {
		set[r.Label()] = true
		set["level:"+strings.ToLower(string(r.Level))] = true
		if r.Scheme != "" {
			set["scheme:"+strings.ToLower(r.Scheme)] = true
		}
		if r.Mission {
			set["mission"] = true
		}
	}
	out := make([]string, 0, len(set))
	for l := range set {
		out = append(out, sanitizeLabel(l))
	}
	sort.Strings(out)
	return out
}

// sanitizeLabel replaces the characters Ginkgo forbids in labels.
func sanitizeLabel(l string) string {
	return strings.Map(func(c rune) rune {
		if strings.ContainsRune("&|!,()/{}[]", c) {
			return '_'
		}
		return c
	}, l)
}
