package suite

import (
	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/probe"
	"github.com/authspec/authspec/internal/report"
)

// What the probes do with resources derived from an OpenAPI document
// (config.Resource.Declared): the unauthenticated answer is judged against
// the schemes the document declares, and a failure to demand credentials
// quotes the document's requirement and line.

// declared returns what the target's OpenAPI document declares about the
// method on path, or nil for a resource listed by hand.
func declared(t *config.Target, method, path string) *config.DeclaredOperation {
	for i := range t.Resources {
		r := &t.Resources[i]
		if r.Declared == nil || r.Path != path {
			continue
		}
		for _, m := range r.Methods {
			if m == method {
				return r.Declared
			}
		}
	}
	return nil
}

// operationOf is the declaration as the rules quote it.
func operationOf(d *config.DeclaredOperation) checks.Operation {
	return checks.Operation{Document: d.Document, Line: d.Line, Name: d.Operation, Security: d.Security}
}

// protectedFindings judges rfc9110/protected-resource-401 on ex, quoting
// the document when the resource comes from one. HEAD is judged against
// the declaration of GET, whose resource it shares.
func protectedFindings(r *Resource, ex *probe.Exchange) []checks.Finding {
	method := r.Method
	if d := declared(&r.RT.Target, method, r.Path); d != nil {
		return checks.CheckDeclaredProtected(&ex.Judge, operationOf(d))
	}
	return checks.CheckProtected(&ex.Judge)
}

// judgeDeclaredSchemes records openapi/declared-scheme-offered on the
// unauthenticated answer of a resource from a document: a verdict when the
// document declares schemes with a challenge, an info result when it
// declares only schemes without one (apiKey, mutualTLS).
func judgeDeclaredSchemes(v *Verdicts, j Judging, r *Resource, ex *probe.Exchange) {
	d := declared(&r.RT.Target, r.Method, r.Path)
	switch {
	case d == nil:
	case d.OnlyNoChallenge():
		res := newResult(checks.DeclaredSchemeOffered, whereOf(ex))
		res.Outcome = report.Info
		res.Message = checks.NoChallengeNote(d.NoChallenge, operationOf(d))
		v.Results = append(v.Results, res)
		v.Rules = append(v.Rules, checks.DeclaredSchemeOffered)
	case len(d.Schemes) > 0:
		v.relational(j, checks.DeclaredSchemeOffered.ID, ex, checks.CheckDeclaredSchemes(&ex.Judge, alternativesOf(d), operationOf(d)))
	}
}

// alternativesOf returns the declared alternatives; a declaration made
// without them (by hand, in a test) counts its schemes as one alternative,
// any of whose challenges shows it.
func alternativesOf(d *config.DeclaredOperation) [][]string {
	if len(d.Alternatives) > 0 {
		return d.Alternatives
	}
	return [][]string{d.Schemes}
}
