package config

import "github.com/authspec/authspec/internal/checks"

// KnownCheck reports whether id names a rule of the catalogue; a waiver for
// any other ID is refused. It is a variable so that tests can load files
// independently of the catalogue's current contents.
var KnownCheck = func(id string) bool { return checks.Lookup(id) != nil }

// CurrentCheck returns the ID a rule carries now: a former ID (an alias
// kept when a rule was renamed) gives the new one, anything else comes
// back unchanged. Waivers are stored under the current ID, so a waiver
// written against an old ID still waives the renamed rule's results.
var CurrentCheck = func(id string) string {
	if r := checks.Lookup(id); r != nil {
		return r.ID
	}
	return id
}

// CheckIDs lists the rule IDs a mistyped waiver is compared with, to
// suggest the one meant. Tests replace it together with KnownCheck.
var CheckIDs = func() []string {
	rules := checks.All()
	ids := make([]string, len(rules))
	for i, r := range rules {
		ids[i] = r.ID
	}
	return ids
}
