package checks

import (
	"sort"
	"strings"
)

// SchemeInfo is one entry of the IANA HTTP Authentication Scheme Registry
// (established by RFC 9110 §16.4): a scheme name and the document that
// defines it.
type SchemeInfo struct {
	// Name is the scheme as registered; schemes compare case-insensitively.
	Name string
	// RFC is the defining document, e.g. "RFC 7617".
	RFC string
	// Section is where that document defines the challenge, if it does.
	Section string
}

// registeredSchemes mirrors the IANA registry at
// https://www.iana.org/assignments/http-authschemes. authspec has per-scheme
// rules for each of them; a scheme missing here is judged by grammar only.
var registeredSchemes = []SchemeInfo{
	{Name: "Basic", RFC: "RFC 7617", Section: "2"},
	{Name: "Bearer", RFC: "RFC 6750", Section: "3"},
	{Name: "Concealed", RFC: "RFC 9729", Section: "2"},
	{Name: "Digest", RFC: "RFC 7616", Section: "3.3"},
	{Name: "DPoP", RFC: "RFC 9449", Section: "7.1"},
	{Name: "GNAP", RFC: "RFC 9635", Section: "9.1"},
	{Name: "HOBA", RFC: "RFC 7486", Section: "3"},
	{Name: "Mutual", RFC: "RFC 8120", Section: "4.1"},
	{Name: "Negotiate", RFC: "RFC 4559", Section: "4.1"},
	{Name: "OAuth", RFC: "RFC 5849", Section: "3.5.1"},
	{Name: "PrivateToken", RFC: "RFC 9577", Section: "2.1"},
	{Name: "SCRAM-SHA-1", RFC: "RFC 7804", Section: "5"},
	{Name: "SCRAM-SHA-256", RFC: "RFC 7804", Section: "5"},
	{Name: "vapid", RFC: "RFC 8292", Section: "3"},
}

// RegisteredSchemes returns the registry, sorted by name. The slice is a
// copy: callers may keep or change it.
func RegisteredSchemes() []SchemeInfo {
	out := append([]SchemeInfo(nil), registeredSchemes...)
	sort.Slice(out, func(i, j int) bool {
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out
}

// LookupScheme returns the registry entry for a scheme name, compared
// case-insensitively (RFC 9110 §11.1).
func LookupScheme(name string) (SchemeInfo, bool) {
	for _, s := range registeredSchemes {
		if strings.EqualFold(s.Name, name) {
			return s, true
		}
	}
	return SchemeInfo{}, false
}

// SchemeRegistered notes, for information only, every challenge whose
// scheme is not in the IANA registry. Such a scheme is legal; authspec can
// only check its grammar, and clients that do not know it will skip it.
var SchemeRegistered = registerChecked(Rule{
	ID:          "iana/scheme-registered",
	RFC:         "RFC 9110",
	Section:     "16.4.1",
	Level:       Info,
	Requirement: "A challenge uses a scheme from the IANA HTTP Authentication Scheme Registry; others are checked for grammar only.",
	Applies:     func(c *Context) bool { return len(c.Challenges) > 0 },
}, func(r *Rule, c *Context) []Finding {
	var out []Finding
	for i := range c.Challenges {
		ch := &c.Challenges[i]
		if _, ok := LookupScheme(ch.Scheme); ok {
			continue
		}
		out = append(out, schChallengeFinding(r, c, ch,
			"scheme "+QuoteString(ch.Scheme)+" is not in the IANA HTTP Authentication Scheme Registry: only its grammar was checked, and generic clients will not know how to answer it"))
	}
	return out
})
