package checks

import "sort"

// LevelBasis says where a rule's level comes from. Most rules take it from
// the BCP 14 keyword of the RFC sentence they quote; the others are listed
// in levelBases with the reason, and `authspec checks -format markdown`
// prints the list under the catalogue (docs/rules.md), so the page that
// explains how levels are chosen names every rule that is an exception.
type LevelBasis string

const (
	// BasisKeyword: the level is the keyword of a quoted sentence (MUST,
	// MUST NOT, REQUIRED, SHALL; SHOULD, SHOULD NOT, RECOMMENDED, NOT
	// RECOMMENDED; MAY, OPTIONAL).
	BasisKeyword LevelBasis = "keyword"
	// BasisGrammar: MUST, from the ABNF or a syntax the sender is bound to
	// (RFC 9110 §2.2: "A sender MUST NOT generate protocol elements that do
	// not match the grammar").
	BasisGrammar LevelBasis = "grammar"
	// BasisDefinition: SHOULD, for prose that defines a value or names a
	// parameter as required without a keyword; authspec fails a run on a
	// keyword or the grammar, never on its own reading of prose.
	BasisDefinition LevelBasis = "definition"
	// BasisOtherParty: the keyword binds another party (a client or a
	// recipient); what it means for the server warns (SHOULD) or informs.
	BasisOtherParty LevelBasis = "other-party"
	// BasisInforms: info, where the RFC allows what the rule notes, where
	// the parameter is optional, or where the text has no requirement on
	// the server at all.
	BasisInforms LevelBasis = "informs"
	// BasisSecurity: security, a security consideration without a keyword.
	BasisSecurity LevelBasis = "security"
	// BasisMission and BasisDeclared: the two assertions authspec exists
	// for, and the rules that hold because targets.yaml or an OpenAPI
	// document declares the resource protected. They fail the run whatever
	// their level says.
	BasisMission  LevelBasis = "mission"
	BasisDeclared LevelBasis = "declared"
)

// levelBases lists the rules whose level is not a keyword of their quote.
var levelBases = map[string]LevelBasis{
	"rfc4559/negotiate-gssapi-data":       BasisGrammar,
	"rfc9110/authentication-info-grammar": BasisGrammar,
	"rfc9110/token68-exclusive":           BasisGrammar,
	"rfc9110/field-control-chars":         BasisGrammar,
	"rfc9110/head-control-chars":          BasisGrammar,
	"rfc9110/response-received":           BasisGrammar,
	"rfc7804/scram-sha-1-data-base64":     BasisGrammar,
	"rfc7804/scram-sha-256-data-base64":   BasisGrammar,

	"rfc7617/basic-charset-value":             BasisDefinition,
	"rfc7616/digest-charset-value":            BasisDefinition,
	"rfc7616/digest-userhash-value":           BasisDefinition,
	"rfc7616/digest-nonce-required":           BasisDefinition,
	"rfc7616/digest-realm-required":           BasisDefinition,
	"rfc7616/digest-rspauth":                  BasisDefinition,
	"rfc7616/digest-required-params":          BasisDefinition,
	"rfc6750/bearer-error-uri-absolute":       BasisDefinition,
	"rfc9449/dpop-use-nonce-has-nonce":        BasisDefinition,
	"rfc9110/content-matches-type":            BasisDefinition,
	"rfc9457/problem-object":                  BasisDefinition,
	"rfc9457/problem-uri-members":             BasisDefinition,
	"rfc9577/privatetoken-challenge-required": BasisDefinition,
	"rfc9470/acr-values-list":                 BasisDefinition,
	"rfc9470/max-age-integer":                 BasisDefinition,
	"cors/challenge-exposed":                  BasisDefinition,
	"cors/challenge-readable":                 BasisDefinition,
	"cors/metadata-readable":                  BasisDefinition,
	"cors/preflight-allows":                   BasisDefinition,

	"rfc7616/digest-qop-values":      BasisOtherParty,
	"rfc9457/problem-member-types":   BasisOtherParty,
	"rfc7616/digest-algorithm-value": BasisOtherParty,
	"rfc7616/digest-stale-value":     BasisOtherParty,

	"iana/scheme-registered":                  BasisInforms,
	"rfc4559/negotiate-initial-bare":          BasisInforms,
	"rfc5849/oauth-cleartext":                 BasisInforms,
	"rfc6750/bearer-error-registered":         BasisInforms,
	"rfc8292/vapid-bare-challenge":            BasisInforms,
	"rfc9110/repeat-challenge-consistent":     BasisInforms,
	"rfc9470/step-up-status":                  BasisInforms,
	"rfc9577/privatetoken-max-age":            BasisInforms,
	"rfc9635/gnap-as-uri":                     BasisInforms,
	"rfc9729/concealed-no-challenge":          BasisInforms,
	"rfc7616/digest-nonce-unique":             BasisInforms,
	"rfc7617/basic-utf8-credentials-accepted": BasisInforms,

	"rfc7617/basic-cleartext":         BasisSecurity,
	"rfc9110/body-no-credential-echo": BasisSecurity,
	"rfc9110/body-no-stack-trace":     BasisSecurity,
	"rfc7616/digest-replay-refused":   BasisSecurity,
}

// LevelBasisOf returns where r's level comes from.
func LevelBasisOf(r *Rule) LevelBasis {
	switch {
	case r.Mission:
		return BasisMission
	case r.Declared:
		return BasisDeclared
	}
	if b, ok := levelBases[r.ID]; ok {
		return b
	}
	return BasisKeyword
}

// LevelExceptions returns, for each basis other than a keyword, the IDs of
// the rules resting on it, sorted.
func LevelExceptions() map[LevelBasis][]string {
	out := map[LevelBasis][]string{}
	for _, r := range All() {
		if b := LevelBasisOf(r); b != BasisKeyword {
			out[b] = append(out[b], r.ID)
		}
	}
	for _, ids := range out {
		sort.Strings(ids)
	}
	return out
}
