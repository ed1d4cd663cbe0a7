package checks

import (
	"strconv"
	"strings"
)

// Rules that hold because the API's own OpenAPI document declares how an
// operation is secured. The suite calls the functions below for resources
// derived from a document (see package openapi).

// DeclaredSchemeOffered: an OpenAPI document's security requirement says
// how a client authenticates to an operation (OpenAPI 3.1 §4.8.27 Security
// Scheme Object, §4.8.30 Security Requirement Object); a 401 must say the
// same in its challenges (RFC 9110 §11.6.1), or a client that follows the
// challenge never learns a scheme the document promises. One alternative of
// the list is enough (§4.8.30). http schemes name their auth-scheme; oauth2
// and openIdConnect access tokens are sent as Bearer tokens (RFC 6750 §1.1,
// §3) or, sender-constrained, as DPoP (RFC 9449 §7.1). apiKey and mutualTLS
// have no challenge in any RFC: nothing is expected for them.
var DeclaredSchemeOffered = register(Rule{
	ID:          "openapi/declared-scheme-offered",
	RFC:         "OpenAPI 3.1",
	Section:     "4.8.27, 4.8.30",
	Level:       Info,
	Declared:    true,
	Severity:    Medium,
	Requirement: "The challenges offer at least one of the alternatives the OpenAPI document's security list declares for the operation: http basic, bearer and digest as Basic, Bearer and Digest; oauth2 and openIdConnect as Bearer (RFC 6750) or DPoP (RFC 9449).",
})

// Operation is what an OpenAPI document declares about the operation a
// probe requested, for the messages of the rules that hold because of it.
type Operation struct {
	// Document and Line locate the operation ("openapi.yaml", 42).
	Document string
	Line     int
	// Name is the method and the path as written, "GET /orders/{id}".
	Name string
	// Security is the requirement, quoted, "bearerAuth OR apiKey".
	Security string
}

// cite reads like `the OpenAPI document orders.yaml declares GET
// /orders/{id} (line 42) secured by "bearerAuth"`.
func (o Operation) cite() string {
	at := o.Document
	if o.Line > 0 {
		at += ", line " + strconv.Itoa(o.Line)
	}
	return "the OpenAPI document declares " + o.Name + " (" + at + ") secured by " + strconv.Quote(o.Security)
}

// CheckDeclaredProtected judges the answer to a request without
// credentials to an operation the document declares secured, as
// CheckProtected does, and quotes the declaration in each finding: the
// reader learns at once which line of which document the server
// contradicts.
func CheckDeclaredProtected(e *Exchange, op Operation) []Finding {
	fs := CheckProtected(e)
	for i := range fs {
		fs[i].Message += " — " + op.cite()
	}
	return fs
}

// CheckDeclaredSchemes judges whether the challenges of e show a client at
// least one of the alternatives the document declares. alternatives has
// one entry per Security Requirement Object, listing the auth-schemes any
// one of whose challenges shows that alternative. OpenAPI 3.1 §4.8.30:
// "only one of the Security Requirement Objects in the list needs to be
// satisfied", and RFC 9110 §11.6.1 does not oblige a server to advertise
// every scheme it accepts; so one alternative offered is enough, and an
// alternative with no challenge-bearing scheme (apiKey, mutualTLS), which
// a client can satisfy without any challenge, leaves nothing to demand.
// Like CheckExpectedSchemes, an answer that is not a challenge has nothing
// to judge here: CheckProtected reports it.
func CheckDeclaredSchemes(e *Exchange, alternatives [][]string, op Operation) []Finding {
	if e.Status != e.ChallengeStatus() || len(alternatives) == 0 {
		return nil
	}
	offered := fwResponseChallenges(e)
	var missing []string
	for _, alt := range alternatives {
		if len(alt) == 0 {
			return nil
		}
		for _, s := range alt {
			if OffersScheme(offered, s) {
				return nil
			}
		}
		missing = append(missing, strings.Join(alt, " or "))
	}
	field := fwResponseField(e)
	have := "no challenge"
	if names := behSchemeNames(offered); len(names) > 0 {
		have = strings.Join(names, ", ")
	}
	return []Finding{finding(DeclaredSchemeOffered, field+" offers "+have+" but "+op.cite()+", which calls for "+
		strings.Join(missing, ", or ")+": offer one of them in a challenge, or correct the document",
		bodyRedact(e, strings.Join(e.Header.Values(field), "\n")))}
}

// NoChallengeNote is the information given for an operation whose declared
// schemes all lack an HTTP challenge (apiKey, mutualTLS): none is expected.
func NoChallengeNote(none []string, op Operation) string {
	return op.cite() + "; no RFC defines a challenge for " + strings.Join(none, ", ") +
		", so no scheme is expected in WWW-Authenticate"
}
