package checks

import (
	"net/http"
	"strconv"
	"strings"
)

// Rules for the DPoP scheme, RFC 9449 §7.1 and §11.6 (read in full).

// DPoPNotProxy: RFC 9449 §7.1, "this authentication scheme MUST NOT be used
// with the Proxy-Authenticate or Proxy-Authorization header fields." It
// judges the challenges of Proxy-Authenticate only: a 401 that a proxy
// target relays from the origin behind it carries the origin's
// WWW-Authenticate, where DPoP belongs.
var DPoPNotProxy = registerChecked(Rule{
	ID:          "rfc9449/dpop-not-proxy",
	RFC:         "RFC 9449",
	Section:     "7.1",
	Level:       Must,
	Requirement: "DPoP is for origin servers only: it never appears in Proxy-Authenticate.",
	Scheme:      "DPoP",
	Applies:     func(c *Context) bool { return schInProxyField(c) && c.Offers("DPoP") },
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "DPoP", func(ch *Challenge) []Finding {
		return []Finding{schChallengeFinding(r, c, ch,
			"DPoP is offered in Proxy-Authenticate, but RFC 9449 allows it only for origin-server authentication: offer another scheme to proxy clients")}
	})
})

// DPoPAlgsRecommended: RFC 9449 §7.1, "An algs parameter SHOULD be included
// to signal to the client the JWS algorithms that are acceptable".
var DPoPAlgsRecommended = registerChecked(Rule{
	ID:          "rfc9449/dpop-algs-recommended",
	RFC:         "RFC 9449",
	Section:     "7.1",
	Level:       Should,
	Requirement: "A DPoP challenge includes algs, the space-separated JWS algorithms accepted for DPoP proofs.",
	Scheme:      "DPoP",
	Applies:     schOffers("DPoP"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "DPoP", func(ch *Challenge) []Finding {
		if _, ok := ch.Param("algs"); ok {
			return nil
		}
		return []Finding{schChallengeFinding(r, c, ch,
			`DPoP challenge does not say which proof algorithms it accepts: add algs, e.g. DPoP algs="ES256 PS256"`)}
	})
})

// DPoPAlgsAsymmetric: RFC 9449 §11.6, "Implementers MUST ensure that only
// asymmetric digital signature algorithms (such as ES256) that are deemed
// secure can be used for signing DPoP proofs. In particular, the algorithm
// none MUST NOT be allowed." An algs list naming none or an HMAC algorithm
// announces exactly that.
var DPoPAlgsAsymmetric = registerChecked(Rule{
	ID:          "rfc9449/dpop-algs-asymmetric",
	RFC:         "RFC 9449",
	Section:     "11.6",
	Level:       Must,
	Severity:    High,
	Requirement: `A DPoP algs list names only asymmetric signature algorithms: never "none", never HS256/HS384/HS512.`,
	Scheme:      "DPoP",
	Applies:     schOffers("DPoP"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "DPoP", func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range schParams(ch, "algs") {
			for _, alg := range schFields(p.Value) {
				if strings.EqualFold(alg, "none") || strings.HasPrefix(strings.ToUpper(alg), "HS") {
					out = append(out, schParamFinding(r, c, ch, p,
						"DPoP algs accepts "+QuoteString(alg)+", but DPoP proofs must be signed with an asymmetric algorithm: remove it and accept e.g. ES256"))
				}
			}
		}
		return out
	})
})

// DPoPErrorExpected: RFC 9449 §7.1, "An error parameter ... SHOULD be
// included to indicate the reason why the request was declined, if the
// request included an access token but failed authentication."
var DPoPErrorExpected = registerChecked(Rule{
	ID:          "rfc9449/dpop-error-expected",
	RFC:         "RFC 9449",
	Section:     "7.1",
	Level:       Should,
	Requirement: "A 401 answering a request that carried a DPoP access token includes the error parameter in its DPoP challenge.",
	Scheme:      "DPoP",
	Applies: func(c *Context) bool {
		return !c.Ex.Proxy && c.Ex.Status == http.StatusUnauthorized &&
			schSentCredentials(c, "DPoP") && c.Offers("DPoP")
	},
}, func(r *Rule, c *Context) []Finding {
	dpops := c.ChallengesOf("DPoP")
	for i := range dpops {
		if _, ok := dpops[i].Param("error"); ok {
			return nil
		}
	}
	return []Finding{schChallengeFinding(r, c, &dpops[0],
		`the request carried a DPoP token and was refused, but no DPoP challenge says why: add error="invalid_token" (or invalid_dpop_proof, use_dpop_nonce)`)}
})

// DPoPParamCharset: RFC 9449 §7.1 defines scope and error "as defined in
// [RFC6750], Section 3", which restricts their characters. §7.1 defines
// realm, scope, error, error_description and algs for DPoP, and no
// error_uri, so error_uri is not judged here.
var DPoPParamCharset = registerChecked(Rule{
	ID:          "rfc9449/dpop-param-charset",
	RFC:         "RFC 9449",
	Section:     "7.1",
	Level:       Must,
	Requirement: `DPoP scope, error and error_description follow RFC 6750 §3's character sets: printable ASCII without '"' and '\' (§7.1 defines no error_uri for DPoP).`,
	Scheme:      "DPoP",
	Applies:     schOffers("DPoP"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "DPoP", func(ch *Challenge) []Finding {
		return bearerCharsetFindings(r, c, ch, "DPoP")
	})
})

// DPoPNoErrorWithoutToken: RFC 9449 §7.2 follows RFC 6750 §3.1: when the
// request carried no authentication information, the challenges SHOULD
// NOT include an error code or other error information. An empty
// Authorization field is a malformed request and is left alone. A Bearer
// token is an access token, even where only DPoP is offered: §7.2 makes a
// resource "reject a DPoP-bound access token received as a bearer token",
// and invalid_token then says why, so such a request is not judged here
// (audit D8). error_uri is "other error information" too.
var DPoPNoErrorWithoutToken = registerChecked(Rule{
	ID:          "rfc9449/dpop-no-error-without-token",
	RFC:         "RFC 9449",
	Section:     "7.2",
	Level:       Should,
	Severity:    Low,
	Requirement: "A DPoP challenge answering a request with no credentials (or credentials of a scheme that carries no access token) carries no error, error_description or error_uri.",
	Scheme:      "DPoP",
	Applies: func(c *Context) bool {
		return c.Offers("DPoP") && schNoAuthInfo(c) && !strings.EqualFold(c.Ex.SentScheme(), "Bearer")
	},
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "DPoP", func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range ch.Params {
			switch strings.ToLower(p.Name) {
			case "error", "error_description", "error_uri":
				out = append(out, schParamFinding(r, c, ch, p,
					"DPoP "+strings.ToLower(p.Name)+" is sent although the request carried no usable credentials: send only algs (and realm/scope) here"))
			}
		}
		return out
	})
})

// DPoPNonceSyntax: RFC 9449 §8, "there MUST NOT be more than one DPoP-Nonce
// header"; §8.2, "The DPoP-Nonce HTTP header field uses the nonce syntax
// defined in Section 8.1", "nonce = 1*NQCHAR" (audit M14). Resource servers
// send it the same way (§9). Judged on every response that carries one.
var DPoPNonceSyntax = registerChecked(Rule{
	ID:          "rfc9449/dpop-nonce-syntax",
	RFC:         "RFC 9449",
	Section:     "8, 8.1, 8.2",
	Level:       Must,
	Severity:    Medium,
	Requirement: "A response carries at most one DPoP-Nonce field, and its value is 1*NQCHAR (printable ASCII without '\"' and '\\', no spaces).",
	Applies:     func(c *Context) bool { return len(c.Ex.Header.Values("DPoP-Nonce")) > 0 },
}, func(r *Rule, c *Context) []Finding {
	vs := c.Ex.Header.Values("DPoP-Nonce")
	if len(vs) > 1 {
		return []Finding{finding(r, "the response carries "+strconv.Itoa(len(vs))+" DPoP-Nonce fields: send exactly one", strings.Join(vs, "\n"))}
	}
	if v := vs[0]; !dpopNonceWellFormed(v) {
		return []Finding{finding(r, "DPoP-Nonce "+strconv.Quote(clip(v))+" is not 1*NQCHAR: use printable ASCII other than '\"', '\\' and space (e.g. base64url)", v)}
	}
	return nil
})

// DPoPNonceWithUseDPoPNonce: RFC 9449 §9, resource servers "use an HTTP 401
// (Unauthorized) error code with an accompanying WWW-Authenticate: DPoP
// value and DPoP-Nonce value" to ask for a nonce. A use_dpop_nonce error
// without the nonce leaves the client nothing to retry with. No keyword: a
// definition-only constraint, SHOULD.
var DPoPNonceWithUseDPoPNonce = registerChecked(Rule{
	ID:          "rfc9449/dpop-use-nonce-has-nonce",
	RFC:         "RFC 9449",
	Section:     "9",
	Level:       Should,
	Severity:    Medium,
	Requirement: `A DPoP challenge with error="use_dpop_nonce" comes with a DPoP-Nonce field holding the nonce to use.`,
	Scheme:      "DPoP",
	Applies:     schOffers("DPoP"),
}, func(r *Rule, c *Context) []Finding {
	if len(c.Ex.Header.Values("DPoP-Nonce")) > 0 {
		return nil
	}
	return schEach(c, "DPoP", func(ch *Challenge) []Finding {
		for _, p := range schParams(ch, "error") {
			if p.Value == "use_dpop_nonce" {
				return []Finding{schParamFinding(r, c, ch, p, `error="use_dpop_nonce" asks for a nonce, but the response has no DPoP-Nonce field: send the nonce the client must put in its next proof`)}
			}
		}
		return nil
	})
})

// The rules below judge the answers to the dpop-forgery probe, which sends
// the declared DPoP-bound token (credentials.token with
// credentials.dpop_key) with proofs forged in one way each (audit M16), and
// as a Bearer token (audit M15). RFC 9449 §4.3, "To validate a DPoP proof,
// the receiving server MUST ensure the following", and §7.1 has a resource
// server run those checks on every DPoP-bound token. A refusal of any kind
// passes (401 with a DPoP challenge and 400 invalid_dpop_proof are the
// expected ones); only a 2xx, the resource served on a forged proof, fails.

// DPoPProofSingleField: RFC 9449 §4.3 check 1, "There is not more than one
// DPoP HTTP request header field."
var DPoPProofSingleField = register(Rule{
	ID:          "rfc9449/dpop-proof-single-field",
	RFC:         "RFC 9449",
	Section:     "4.3",
	Level:       Must,
	Severity:    High,
	Requirement: "A request carrying two DPoP header fields (one valid proof, one other) does not get the resource.",
	Scheme:      "DPoP",
})

// DPoPProofAsymmetricAlg: RFC 9449 §4.3 check 5, the alg "indicates a
// registered asymmetric digital signature algorithm [IANA.JOSE.ALGS], is
// not none". Probed with alg none (no signature) and HS256 keyed with the
// proof's own public key.
var DPoPProofAsymmetricAlg = register(Rule{
	ID:          "rfc9449/dpop-proof-asymmetric-alg",
	RFC:         "RFC 9449",
	Section:     "4.3",
	Level:       Must,
	Severity:    High,
	Requirement: `A DPoP proof with alg "none" or a symmetric alg (HS256) does not get the resource.`,
	Scheme:      "DPoP",
})

// DPoPProofMethodChecked: RFC 9449 §4.3 check 8, "The htm claim matches the
// HTTP method of the current request."
var DPoPProofMethodChecked = register(Rule{
	ID:          "rfc9449/dpop-proof-htm-checked",
	RFC:         "RFC 9449",
	Section:     "4.3",
	Level:       Must,
	Severity:    High,
	Requirement: "A correctly signed DPoP proof whose htm names another method than the request's does not get the resource.",
	Scheme:      "DPoP",
})

// DPoPProofURIChecked: RFC 9449 §4.3 check 9, "The htu claim matches the
// HTTP URI value for the HTTP request in which the JWT was received,
// ignoring any query and fragment parts."
var DPoPProofURIChecked = register(Rule{
	ID:          "rfc9449/dpop-proof-htu-checked",
	RFC:         "RFC 9449",
	Section:     "4.3",
	Level:       Must,
	Severity:    High,
	Requirement: "A correctly signed DPoP proof whose htu names another URI than the request's does not get the resource.",
	Scheme:      "DPoP",
})

// DPoPBoundNotBearer: RFC 9449 §7.2, "such a protected resource MUST reject
// a DPoP-bound access token received as a bearer token per [RFC6750]"
// (audit M15): a stolen bound token must not be usable without the key.
var DPoPBoundNotBearer = register(Rule{
	ID:          "rfc9449/dpop-bound-not-bearer",
	RFC:         "RFC 9449",
	Section:     "7.2",
	Level:       Must,
	Severity:    High,
	Requirement: "The declared DPoP-bound token sent as Authorization: Bearer, without a proof, does not get the resource.",
	Scheme:      "DPoP",
})

// CheckDPoPForgeryRefused judges the answer e to a request the rule r
// describes (a forged proof, or the bound token as Bearer): the resource
// served is the failure; every refusal passes.
func CheckDPoPForgeryRefused(r *Rule, e *Exchange, what string) []Finding {
	if e.Status < 200 || e.Status >= 300 {
		return nil
	}
	return []Finding{finding(r, what+" got "+fwStatusText(e.Status)+
		`: refuse it, with 401 and a DPoP challenge carrying error="invalid_dpop_proof" (or invalid_token), as RFC 9449 §4.3 and §7 require, or a stolen token is usable without its key`, "")}
}

// DPoPError returns the error parameter of the first DPoP challenge of e
// that has one ("use_dpop_nonce", "invalid_dpop_proof", ...), "" when
// none does. The dpop-forgery probe reads it to tell a refusal of the
// proof from a request for a nonce (RFC 9449 §7.1, §9).
func DPoPError(e *Exchange) string {
	for _, ch := range NewContext(e).ChallengesOf("DPoP") {
		if p, ok := ch.Param("error"); ok {
			return p.Value
		}
	}
	return ""
}

// DPoPNonce returns the nonce e supplies for the client's next DPoP proofs
// (RFC 9449 §8.2, §9: the DPoP-Nonce field, on any response): its one
// value when that is a well-formed nonce (1*NQCHAR, §8.1), "" when the
// field is absent, repeated or malformed (rfc9449/dpop-nonce-syntax
// judges those).
func DPoPNonce(e *Exchange) string {
	vs := e.Header.Values("DPoP-Nonce")
	if len(vs) != 1 || !dpopNonceWellFormed(vs[0]) {
		return ""
	}
	return vs[0]
}

// dpopNonceWellFormed reports whether v is 1*NQCHAR (RFC 9449 §8.1):
// printable ASCII without '"', '\' and space.
func dpopNonceWellFormed(v string) bool {
	return v != "" && !strings.ContainsFunc(v, func(c rune) bool { return c > 0x7e || !bearerURIChar(byte(c)) })
}
