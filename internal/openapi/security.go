package openapi

import (
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// effectiveSecurity returns the requirements that apply to op: its own
// security when it has the field (even empty), else the document's.
func effectiveSecurity(doc *openapi3.T, op *openapi3.Operation) openapi3.SecurityRequirements {
	if op.Security != nil {
		return *op.Security
	}
	return doc.Security
}

// publicReason says why requirements make an operation public, or "" when
// they secure it. An empty list declares no security; a list holding the
// empty requirement {} makes security optional, which is no protection a
// probe without credentials could catch.
func publicReason(reqs openapi3.SecurityRequirements, own bool) string {
	if len(reqs) == 0 {
		if own {
			return "security: [] (the operation declares itself public)"
		}
		return "no security requirement, neither on the operation nor in the document"
	}
	for _, r := range reqs {
		if len(r) == 0 {
			return "the security requirements include {}: authentication is optional"
		}
	}
	return ""
}

// requirementText quotes requirements for messages: alternatives joined
// with OR, schemes that must all be met with AND, scopes in brackets, e.g.
// "petstore_auth [write:pets, read:pets] OR api_key". The library keeps a
// requirement as a map, so the schemes of one requirement are sorted.
func requirementText(reqs openapi3.SecurityRequirements) string {
	alts := make([]string, 0, len(reqs))
	for _, r := range reqs {
		names := sortedNames(r)
		parts := make([]string, 0, len(names))
		for _, n := range names {
			p := n
			if scopes := r[n]; len(scopes) > 0 {
				p += " [" + strings.Join(scopes, ", ") + "]"
			}
			parts = append(parts, p)
		}
		alt := strings.Join(parts, " AND ")
		if len(parts) > 1 && len(reqs) > 1 {
			alt = "(" + alt + ")"
		}
		alts = append(alts, alt)
	}
	return strings.Join(alts, " OR ")
}

func sortedNames(r openapi3.SecurityRequirement) []string {
	names := make([]string, 0, len(r))
	for n := range r {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// schemesOf returns the auth-schemes the document names for reqs, in
// first-seen order; the declared schemes no RFC defines a challenge for,
// described; and, per alternative (Security Requirement Object), the
// auth-schemes whose challenge shows a client that alternative (see
// alternativeSchemes). A name components.securitySchemes does not define is
// an error: the document contradicts itself.
func schemesOf(doc *openapi3.T, reqs openapi3.SecurityRequirements) (schemes, none []string, alts [][]string, err error) {
	seen := map[string]bool{}
	add := func(list *[]string, s string) {
		if !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			*list = append(*list, s)
		}
	}
	for _, r := range reqs {
		var alt []string
		for _, name := range sortedNames(r) {
			ss := lookupScheme(doc, name)
			if ss == nil {
				return nil, nil, nil, fmt.Errorf("the security requirement names %q, which components.securitySchemes does not define", name)
			}
			if challenge := challengeScheme(ss); challenge != "" {
				add(&schemes, challenge)
				alt = append(alt, alternativeSchemes(ss, challenge)...)
			} else {
				add(&none, describeScheme(name, ss))
			}
		}
		alts = append(alts, alt)
	}
	return schemes, none, alts, nil
}

// alternativeSchemes lists the auth-schemes whose challenge shows a client
// the security scheme ss: its own challenge scheme, and for oauth2 and
// openIdConnect also DPoP, since RFC 9449 §7.1 defines the DPoP challenge
// for OAuth access tokens a resource server accepts only sender-constrained.
func alternativeSchemes(ss *openapi3.SecurityScheme, challenge string) []string {
	switch strings.ToLower(ss.Type) {
	case "oauth2", "openidconnect":
		return []string{challenge, "DPoP"}
	}
	return []string{challenge}
}

func lookupScheme(doc *openapi3.T, name string) *openapi3.SecurityScheme {
	if doc.Components == nil {
		return nil
	}
	ref := doc.Components.SecuritySchemes[name]
	if ref == nil {
		return nil
	}
	return ref.Value
}

// challengeScheme maps a security scheme to the HTTP auth-scheme of its
// challenge: http schemes name it themselves (Basic, Bearer, Digest, or
// any other registered one); oauth2 and openIdConnect tokens are bearer
// tokens (RFC 6750). apiKey and mutualTLS have none: "".
func challengeScheme(ss *openapi3.SecurityScheme) string {
	switch strings.ToLower(ss.Type) {
	case "http":
		switch s := strings.ToLower(strings.TrimSpace(ss.Scheme)); s {
		case "basic":
			return "Basic"
		case "bearer":
			return "Bearer"
		case "digest":
			return "Digest"
		case "":
			return ""
		default:
			return strings.TrimSpace(ss.Scheme)
		}
	case "oauth2", "openidconnect":
		return "Bearer"
	}
	return ""
}

// describeScheme names a scheme without a challenge for the info message.
func describeScheme(name string, ss *openapi3.SecurityScheme) string {
	switch strings.ToLower(ss.Type) {
	case "apikey":
		return fmt.Sprintf("%s (apiKey in %s %s)", name, ss.In, ss.Name)
	case "http":
		return name + " (http without a scheme)"
	}
	return name + " (" + ss.Type + ")"
}
