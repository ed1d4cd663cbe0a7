package checks

import (
	"strconv"
	"strings"
)

// Rules for the Digest scheme, RFC 7616. The sentences the rules rest on
// are quoted in quotes.go and held word for word against RFC 7616 §3.2,
// §3.3, §3.4, §3.4.2, §3.4.4, §3.4.6, §3.5 and §3.7, kept in
// testdata/rfc/rfc7616.txt (TestQuotesMatchTheRFCText).

// digestAlgorithms are the algorithm values RFC 7616 defines (§3.3, §3.7,
// registered per §6.1). Compared case-insensitively.
var digestAlgorithms = []string{
	"MD5", "MD5-sess",
	"SHA-256", "SHA-256-sess",
	"SHA-512-256", "SHA-512-256-sess",
}

// digestAlgorithm returns the algorithm a Digest challenge uses: its
// algorithm parameter, or "MD5" when absent (§3.3: "If this is not present,
// it is assumed to be "MD5"").
func digestAlgorithm(ch *Challenge) string {
	if p, ok := ch.Param("algorithm"); ok {
		return p.Value
	}
	return "MD5"
}

// DigestQuoted: RFC 7616 §3.3, "For historical reasons, a sender MUST only
// generate the quoted string syntax values for the following parameters:
// realm, domain, nonce, opaque, and qop."
var DigestQuoted = registerChecked(Rule{
	ID:          "rfc7616/digest-quoted-params",
	RFC:         "RFC 7616",
	Section:     "3.3",
	Level:       Must,
	Requirement: "In a Digest challenge, realm, domain, nonce, opaque and qop are sent as quoted-strings.",
	Scheme:      "Digest",
	Applies:     schOffers("Digest"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Digest", func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range ch.Params {
			if p.Quoted || !digestMustQuote(p.Name) {
				continue
			}
			out = append(out, schParamFinding(r, c, ch, p,
				"Digest "+strings.ToLower(p.Name)+" must be sent as a quoted-string: "+strings.ToLower(p.Name)+"="+QuoteString(p.Value)))
		}
		return out
	})
})

func digestMustQuote(name string) bool {
	return containsFold([]string{"realm", "domain", "nonce", "opaque", "qop"}, name)
}

// DigestUnquoted: RFC 7616 §3.3, "For historical reasons, a sender MUST NOT
// generate the quoted string syntax values for the following parameters:
// stale and algorithm."
var DigestUnquoted = registerChecked(Rule{
	ID:          "rfc7616/digest-unquoted-params",
	RFC:         "RFC 7616",
	Section:     "3.3",
	Level:       Must,
	Requirement: "In a Digest challenge, stale and algorithm are sent as tokens, never quoted.",
	Scheme:      "Digest",
	Applies:     schOffers("Digest"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Digest", func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range ch.Params {
			if !p.Quoted || !(strings.EqualFold(p.Name, "stale") || strings.EqualFold(p.Name, "algorithm")) {
				continue
			}
			out = append(out, schParamFinding(r, c, ch, p,
				"Digest "+strings.ToLower(p.Name)+" must not be quoted: send "+strings.ToLower(p.Name)+"="+p.Value))
		}
		return out
	})
})

// DigestNonceRequired: RFC 7616 §3.3 defines nonce as "A server-specified
// string which should be uniquely generated each time a 401 response is
// made", and §3.4.1 computes every response over it. The section lists it
// without a BCP 14 keyword (RFC 2617's grammar made it mandatory), so by the
// README's policy for definition-only constraints it is a SHOULD, like
// digest-realm-required: a warning, a failure under strict.
var DigestNonceRequired = registerChecked(Rule{
	ID:          "rfc7616/digest-nonce-required",
	RFC:         "RFC 7616",
	Section:     "3.3, 3.4.1",
	Level:       Should,
	Severity:    High,
	Requirement: "Every Digest challenge carries a nonce: the response is computed over it (§3.4.1), so without one no client can authenticate (no keyword in RFC 7616: a definition-only constraint).",
	Scheme:      "Digest",
	Applies:     schOffers("Digest"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Digest", func(ch *Challenge) []Finding {
		if p, ok := ch.Param("nonce"); ok && p.Value != "" {
			return nil
		}
		return []Finding{schChallengeFinding(r, c, ch,
			`Digest challenge has no (or an empty) nonce: send a fresh one on every 401, e.g. nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"`)}
	})
})

// DigestRealmRequired: RFC 7616 §3.3 lists realm without a keyword; the
// client's A1 (§3.4.2) is computed over it, and RFC 2617's grammar required
// it. A SHOULD, not a MUST, because RFC 7616 itself says neither: the
// README's policy for definition-only constraints.
var DigestRealmRequired = registerChecked(Rule{
	ID:          "rfc7616/digest-realm-required",
	RFC:         "RFC 7616",
	Section:     "3.3, 3.4.2",
	Level:       Should,
	Severity:    Medium,
	Requirement: "Every Digest challenge carries a realm, which the client hashes into A1 (no keyword in RFC 7616; required by RFC 2617's grammar).",
	Scheme:      "Digest",
	Applies:     schOffers("Digest"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Digest", func(ch *Challenge) []Finding {
		if _, ok := ch.Param("realm"); ok {
			return nil
		}
		return []Finding{schChallengeFinding(r, c, ch,
			`Digest challenge has no realm: clients hash the realm into their response, send one, e.g. realm="api@example.org"`)}
	})
})

// DigestQopRequired: RFC 7616 §3.3, qop "MUST be used by all
// implementations. It is a quoted string of one or more tokens".
var DigestQopRequired = registerChecked(Rule{
	ID:          "rfc7616/digest-qop-required",
	RFC:         "RFC 7616",
	Section:     "3.3",
	Level:       Must,
	Requirement: "Every Digest challenge carries a qop parameter listing one or more tokens.",
	Scheme:      "Digest",
	Applies:     schOffers("Digest"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Digest", func(ch *Challenge) []Finding {
		p, ok := ch.Param("qop")
		if !ok {
			return []Finding{schChallengeFinding(r, c, ch,
				`Digest challenge has no qop, which RFC 7616 makes mandatory: add qop="auth" (or qop="auth, auth-int")`)}
		}
		if len(schFields(p.Value)) == 0 {
			return []Finding{schParamFinding(r, c, ch, p,
				`Digest qop is empty; it must list at least one token: qop="auth"`)}
		}
		return nil
	})
})

// DigestQopValues: RFC 7616 §3.3 defines the qop values "auth" and
// "auth-int"; "Unrecognized options MUST be ignored" by clients, so a qop
// listing none of them leaves a client nothing to use.
var DigestQopValues = registerChecked(Rule{
	ID:          "rfc7616/digest-qop-values",
	RFC:         "RFC 7616",
	Section:     "3.3",
	Level:       Should,
	Severity:    High,
	Requirement: `A Digest qop lists "auth" or "auth-int"; clients ignore other values, so a qop with neither cannot be answered.`,
	Scheme:      "Digest",
	Applies:     schOffers("Digest"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Digest", func(ch *Challenge) []Finding {
		p, ok := ch.Param("qop")
		if !ok || len(schFields(p.Value)) == 0 {
			return nil // digest-qop-required reports these
		}
		for _, v := range schFields(p.Value) {
			if strings.EqualFold(v, "auth") || strings.EqualFold(v, "auth-int") {
				return nil
			}
		}
		return []Finding{schParamFinding(r, c, ch, p,
			`Digest qop lists neither "auth" nor "auth-int", the only values clients know: send qop="auth"`)}
	})
})

// DigestAlgorithmKnown: RFC 7616 §3.3, "If the algorithm is not understood,
// the challenge SHOULD be ignored". An unknown algorithm is legal (new ones
// can be registered, §6.1) but generic clients will skip the challenge.
var DigestAlgorithmKnown = registerChecked(Rule{
	ID:          "rfc7616/digest-algorithm-value",
	RFC:         "RFC 7616",
	Section:     "3.3, 6.1",
	Level:       Info,
	Requirement: "A Digest algorithm is one RFC 7616 defines (MD5, SHA-256, SHA-512-256, each optionally -sess); clients ignore challenges with others.",
	Scheme:      "Digest",
	Applies:     schOffers("Digest"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Digest", func(ch *Challenge) []Finding {
		p, ok := ch.Param("algorithm")
		if !ok || digestKnownAlgorithm(p.Value) {
			return nil
		}
		return []Finding{schParamFinding(r, c, ch, p,
			"Digest algorithm "+QuoteString(p.Value)+" is not one RFC 7616 defines; clients that do not know it ignore this challenge (use SHA-256)")}
	})
})

func digestKnownAlgorithm(v string) bool {
	return containsFold(digestAlgorithms, v)
}

// DigestNotOnlyMD5: RFC 7616 §3.2 keeps MD5 for backward compatibility with
// RFC 2617: it "is still supported but NOT RECOMMENDED" (NOT RECOMMENDED is
// SHOULD NOT, BCP 14). Offering MD5 beside a stronger algorithm is what the
// RFC's own examples do (§3.9.1 sends SHA-256 and MD5), so that draws
// nothing; offering only MD5 warns.
var DigestNotOnlyMD5 = registerChecked(Rule{
	ID:          "rfc7616/digest-md5-only",
	RFC:         "RFC 7616",
	Section:     "3.2, 3.7",
	Severity:    Medium,
	Level:       Should,
	Requirement: "Digest is not offered with MD5 alone: MD5 is \"NOT RECOMMENDED\"; a challenge with SHA-256 or SHA-512-256 next to it keeps MD5 for old clients.",
	Scheme:      "Digest",
	Applies:     schOffers("Digest"),
}, func(r *Rule, c *Context) []Finding {
	digests := c.ChallengesOf("Digest")
	for i := range digests {
		a := digestAlgorithm(&digests[i])
		if !strings.EqualFold(a, "MD5") && !strings.EqualFold(a, "MD5-sess") {
			return nil
		}
	}
	ch := &digests[0]
	return []Finding{schChallengeFinding(r, c, ch,
		"every Digest challenge uses MD5 (explicitly or by leaving algorithm out), although RFC 7616 also defines SHA-256 and SHA-512-256: add a challenge with algorithm=SHA-256 before the MD5 one")}
})

// DigestStaleValue: RFC 7616 §3.3 defines stale as "A case-insensitive
// flag"; clients read anything but true as false. Info: the section gives
// no keyword for other values.
var DigestStaleValue = registerChecked(Rule{
	ID:          "rfc7616/digest-stale-value",
	RFC:         "RFC 7616",
	Section:     "3.3",
	Level:       Info,
	Requirement: `A Digest stale flag is "true" or "false" (case-insensitive); clients treat anything else as false.`,
	Scheme:      "Digest",
	Applies:     schOffers("Digest"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Digest", func(ch *Challenge) []Finding {
		return digestFlag(r, c, ch, "stale",
			"Digest stale is a flag: send stale=true or stale=false (clients read anything else as false, i.e. as wrong credentials)")
	})
})

// DigestUserhashValue: RFC 7616 §3.3, userhash "Valid values are: "true"
// or "false"". A definition without a BCP 14 keyword: a SHOULD by the
// README's policy for definition-only constraints.
var DigestUserhashValue = registerChecked(Rule{
	ID:          "rfc7616/digest-userhash-value",
	RFC:         "RFC 7616",
	Section:     "3.3",
	Level:       Should,
	Requirement: `A Digest userhash parameter, when present, is "true" or "false".`,
	Scheme:      "Digest",
	Applies:     schOffers("Digest"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Digest", func(ch *Challenge) []Finding {
		return digestFlag(r, c, ch, "userhash", "Digest userhash must be true or false: send userhash=true or userhash=false")
	})
})

// digestFlag reports every parameter named name whose value is neither
// true nor false (compared case-insensitively).
func digestFlag(r *Rule, c *Context, ch *Challenge, name, msg string) []Finding {
	var out []Finding
	for _, p := range schParams(ch, name) {
		if !strings.EqualFold(p.Value, "true") && !strings.EqualFold(p.Value, "false") {
			out = append(out, schParamFinding(r, c, ch, p, msg))
		}
	}
	return out
}

// DigestCharset: RFC 7616 §3.3, charset "The only allowed value is
// "UTF-8"". Compared case-insensitively, as charset names are. A
// definition without a BCP 14 keyword: a SHOULD by the README's policy for
// definition-only constraints.
var DigestCharset = registerChecked(Rule{
	ID:          "rfc7616/digest-charset-value",
	RFC:         "RFC 7616",
	Section:     "3.3",
	Level:       Should,
	Requirement: `A Digest charset parameter, when present, is "UTF-8".`,
	Scheme:      "Digest",
	Applies:     schOffers("Digest"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Digest", func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range schParams(ch, "charset") {
			if !strings.EqualFold(p.Value, "UTF-8") {
				out = append(out, schParamFinding(r, c, ch, p,
					"the only charset Digest allows is UTF-8: send charset=UTF-8 or leave it out"))
			}
		}
		return out
	})
})

// DigestDistinctAlgorithms: RFC 7616 §3.7, "If the server responds with
// multiple challenges, then each one of these challenges MUST use a
// different digest algorithm." The sentence names no realm; the rule
// narrows it to the challenges of one realm on purpose. §3.7 is about
// negotiating the algorithm ("in order of preference"), which a client does
// per protection space: two realms each offered with SHA-256 give it two
// spaces to choose from, not two algorithms to rank, so they are not
// blamed (audit D12: a deliberate reading, documented here and in the
// requirement).
var DigestDistinctAlgorithms = registerChecked(Rule{
	ID:          "rfc7616/digest-distinct-algorithms",
	RFC:         "RFC 7616",
	Section:     "3.7",
	Level:       Must,
	Severity:    Medium,
	Requirement: "Several Digest challenges for one realm each use a different algorithm (an absent algorithm counts as MD5). The rule reads §3.7 per realm on purpose: challenges for different realms are not compared.",
	Scheme:      "Digest",
	Applies:     func(c *Context) bool { return len(c.ChallengesOf("Digest")) > 1 },
}, func(r *Rule, c *Context) []Finding {
	type key struct{ realm, alg string }
	seen := map[key]bool{}
	return schEach(c, "Digest", func(ch *Challenge) []Finding {
		realm, _ := ch.Param("realm")
		k := key{realm.Value, strings.ToUpper(digestAlgorithm(ch))}
		if !seen[k] {
			seen[k] = true
			return nil
		}
		return []Finding{schChallengeFinding(r, c, ch,
			"a second Digest challenge for realm "+QuoteString(realm.Value)+" uses algorithm "+k.alg+" again: send one challenge per algorithm, most preferred first")}
	})
})

// DigestStaleUnprompted: RFC 7616 §3.3, "The server SHOULD only set stale
// to true if it receives a request for which the nonce is invalid." A
// request that carried no Digest credentials had no nonce to be invalid;
// nor had Digest credentials computed over a nonce the server issued just
// before, in the first request that used it (a wrong password over a fresh
// nonce: Exchange.FreshNonce). stale=true there misleads a client into
// retrying silently with the same password (stale=true says "the digest
// was right"). Over a nonce used before, by this probe or any other, a
// server that accepts each nonce once rightly answers stale=true: those
// answers pass.
var DigestStaleUnprompted = registerChecked(Rule{
	ID:          "rfc7616/digest-stale-unprompted",
	RFC:         "RFC 7616",
	Section:     "3.3",
	Level:       Should,
	Severity:    Low,
	Requirement: "A Digest challenge sets stale=true only in answer to credentials whose nonce was invalid: never to a request without Digest credentials, nor to wrong credentials over the nonce just issued.",
	Scheme:      "Digest",
	// Every answer to wrong Digest credentials is judged, and passes unless
	// its nonce was fresh: which probe used a nonce first depends on
	// scheduling, and the set of judged answers must not (shards, reruns).
	Applies: func(c *Context) bool {
		return c.Offers("Digest") && (!strings.EqualFold(c.Ex.SentScheme(), "Digest") || c.Ex.CredentialsWrong)
	},
}, func(r *Rule, c *Context) []Finding {
	if strings.EqualFold(c.Ex.SentScheme(), "Digest") && !c.Ex.FreshNonce {
		return nil // a nonce used before may have become invalid
	}
	why := "the request carried no credentials"
	switch {
	case c.Ex.FreshNonce && strings.EqualFold(c.Ex.SentScheme(), "Digest"):
		why = "the request's Digest credentials used a nonce the server had just issued, and no request had used it before (nc=00000001)"
	case c.Ex.SentAuthorization != "":
		why = "the request carried " + c.Ex.SentScheme() + " credentials, not Digest ones"
	}
	return schEach(c, "Digest", func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range schParams(ch, "stale") {
			if strings.EqualFold(p.Value, "true") {
				out = append(out, schParamFinding(r, c, ch, p,
					"Digest stale=true although "+why+", so no nonce was invalid: stale=true tells a client its password was right; leave stale out here"))
			}
		}
		return out
	})
})

// DigestUserhashOffered: RFC 7616 §3.4.4, "To protect the transport of the
// username from the client to the server, the server SHOULD set the
// userhash parameter with the value of "true" in the WWW-Authentication
// header field."
var DigestUserhashOffered = registerChecked(Rule{
	ID:          "rfc7616/digest-userhash-offered",
	RFC:         "RFC 7616",
	Section:     "3.4.4",
	Level:       Should,
	Requirement: "Every Digest challenge sets userhash=true, so that clients send the username hashed.",
	Scheme:      "Digest",
	Applies:     schOffers("Digest"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Digest", func(ch *Challenge) []Finding {
		if p, ok := ch.Param("userhash"); ok && strings.EqualFold(p.Value, "true") {
			return nil
		}
		return []Finding{schChallengeFinding(r, c, ch,
			"Digest challenge does not set userhash=true, so clients send the username in the clear: add userhash=true (and accept the hashed username, RFC 7616 §3.4.4)")}
	})
})

// DigestReplayRefused: RFC 7616 §3.4, nc lets "the server to detect request
// replays by maintaining its own copy of this count -- if the same nc value
// is seen twice, then the request is a replay" (audit M8). No keyword makes
// refusing it a requirement: a security consideration. Judged when the
// first sending got the resource: the very same field value sent again
// must not.
var DigestReplayRefused = register(Rule{
	ID:          "rfc7616/digest-replay-refused",
	RFC:         "RFC 7616",
	Section:     "3.4",
	Level:       Security,
	Severity:    High,
	Requirement: "The same Digest Authorization value (same nonce and nc) sent twice gets the resource once: the second is a replay.",
	Scheme:      "Digest",
})

// DigestURIChecked: RFC 7616 §3.4.6, "The authenticating server MUST assure
// that the resource designated by the "uri" parameter is the same as the
// resource specified in the Request-Line; if they are not, the server
// SHOULD return a 400 Bad Request error." (audit M5)
var DigestURIChecked = register(Rule{
	ID:          "rfc7616/digest-uri-checked",
	RFC:         "RFC 7616",
	Section:     "3.4.6",
	Level:       Must,
	Severity:    High,
	Requirement: "A correct Digest response computed for another uri does not get the resource (400 is the answer RFC 7616 asks for).",
	Scheme:      "Digest",
})

// DigestURIMismatch400: RFC 7616 §3.4.6, the second half of the sentence
// DigestURIChecked rests on: "if they are not, the server SHOULD return a
// 400 Bad Request error." (audit M5) A refusal other than 400, a 401
// included, leaves the client to think its password was wrong when its
// request was. Judged only on a refusal, and only when the same
// credentials computed for the request's own uri got the resource: an
// answer that serves the resource breaks the MUST half, and
// DigestURIChecked reports it alone; a server that refuses the declared
// credentials everywhere refuses the other uri for another reason.
var DigestURIMismatch400 = register(Rule{
	ID:          "rfc7616/digest-uri-mismatch-400",
	RFC:         "RFC 7616",
	Section:     "3.4.6",
	Level:       Should,
	Severity:    Low,
	Requirement: "A Digest response whose uri parameter names another resource than the request-target is answered 400 (Bad Request).",
	Scheme:      "Digest",
})

// DigestUsernameConflict: RFC 7616 §3.4, "Sending both username and
// username* in the same header option MUST be treated as an error." (audit
// M6)
var DigestUsernameConflict = register(Rule{
	ID:          "rfc7616/digest-username-conflict",
	RFC:         "RFC 7616",
	Section:     "3.4",
	Level:       Must,
	Severity:    Medium,
	Requirement: "Digest credentials with both username and username* are an error: a 4xx, never the resource.",
	Scheme:      "Digest",
})

// DigestRequiredParams: RFC 7616 §3.4, "If a parameter or its value is
// improper, or required parameters are missing, the proper response is a
// 4xx error code." cnonce and nc are required with qop (§3.4: "cnonce ...
// This parameter MUST be used by all implementations"; nc "MUST be
// specified if a qop parameter is sent"), so credentials with qop and
// neither are incomplete; the probe leaves both out of a response
// otherwise computed right. "The proper response" carries no keyword: a
// definition-only constraint, hence SHOULD.
var DigestRequiredParams = register(Rule{
	ID:          "rfc7616/digest-required-params",
	RFC:         "RFC 7616",
	Section:     "3.4",
	Level:       Should,
	Severity:    Medium,
	Requirement: "Digest credentials that send qop without the cnonce and nc it requires get a 4xx, never the resource.",
	Scheme:      "Digest",
})

// CheckDigestRequiredParams judges the answer to Digest credentials with
// qop but without cnonce and nc.
func CheckDigestRequiredParams(e *Exchange) []Finding {
	if e.Status == 0 || (e.Status >= 400 && e.Status < 500) {
		return nil // no answer (the error says why), or the 4xx asked for
	}
	return []Finding{finding(DigestRequiredParams, "Digest credentials with qop=auth but without cnonce and nc got "+fwStatusText(e.Status)+
		": they lack required parameters, so answer 4xx (RFC 7616 §3.4); a server that serves them cannot have checked the response against the cnonce it was computed with", "")}
}

// DigestStaleChallenges returns the Digest challenges of e, a 401 or 407,
// that carry stale=true: RFC 7616 §3.3, "the previous request from the
// client was rejected because the nonce value was stale". Such a refusal
// is about the nonce, not about whatever else the request got wrong; nil
// when e is no such refusal.
func DigestStaleChallenges(e *Exchange) []Challenge {
	if e == nil || !e.IsChallenge() {
		return nil
	}
	chs, _ := ParseChallenges(e.Header.Values(e.ChallengeField()))
	var out []Challenge
	for _, ch := range chs {
		if stale, ok := ch.Param("stale"); ok && ch.Is("Digest") && strings.EqualFold(stale.Value, "true") {
			out = append(out, ch)
		}
	}
	return out
}

// CheckDigestReplay judges the answer to a replayed Digest value, given
// the answer to its first sending.
func CheckDigestReplay(first, again *Exchange) []Finding {
	if first.Status < 200 || first.Status >= 300 || again.Status < 200 || again.Status >= 300 {
		return nil
	}
	return []Finding{finding(DigestReplayRefused, "the same Digest Authorization value (same nonce, same nc) got "+fwStatusText(again.Status)+
		" twice: keep the highest nc seen per nonce and refuse a count seen before (RFC 7616 §3.4), or anyone who captured one request can repeat it", "")}
}

// CheckDigestOtherURI judges the answer to a response computed for another
// uri than the request's.
func CheckDigestOtherURI(e *Exchange) []Finding {
	if e.Status < 200 || e.Status >= 300 {
		return nil
	}
	return []Finding{finding(DigestURIChecked, "a Digest response computed for another uri than the request's got "+fwStatusText(e.Status)+
		": compare the uri parameter with the request-target and answer 400 when they differ (RFC 7616 §3.4.6), or a captured response opens other resources", "")}
}

// CheckDigestOtherURIStatus judges the status of a refusal of a response
// computed for another uri than the request's: RFC 7616 §3.4.6 asks for
// 400. control is the answer to the same credentials computed for the
// request's own uri: only when it got the resource are the credentials
// known good, so that a refusal of the other uri is about the uri (a
// server that refuses the declared credentials everywhere says nothing
// about its uri check). judged is false when there is nothing to judge: no
// good control, no response, or a 2xx, which CheckDigestOtherURI reports.
func CheckDigestOtherURIStatus(control, e *Exchange) (fs []Finding, judged bool) {
	if control == nil || control.Status < 200 || control.Status >= 300 {
		return nil, false
	}
	if e.Status == 0 || e.Status >= 200 && e.Status < 300 {
		return nil, false
	}
	if e.Status == 400 {
		return nil, true
	}
	return []Finding{finding(DigestURIMismatch400, "a Digest response computed for another uri than the request's got "+fwStatusText(e.Status)+
		": answer 400 Bad Request when the uri parameter does not name the request-target (RFC 7616 §3.4.6), so the client learns its request, not its password, was wrong", "")}, true
}

// CheckDigestUsernameConflict judges the answer to credentials carrying
// both username and username*.
func CheckDigestUsernameConflict(e *Exchange) []Finding {
	if e.Status >= 400 && e.Status < 500 || e.Status == 0 {
		return nil
	}
	return []Finding{finding(DigestUsernameConflict, "Digest credentials with both username and username* got "+fwStatusText(e.Status)+
		": treat the pair as an error (RFC 7616 §3.4) and answer 4xx", "")}
}

// DigestNonceUnique: RFC 7616 §3.3 defines the nonce as "A server-specified
// string which should be uniquely generated each time a 401 response is
// made" (audit M8, the half the replay rule leaves). The "should" is in
// lower case, no BCP 14 keyword, so the rule informs and never fails a
// run. It matters for replays: a nonce that repeats across 401s lives as
// long as the server keeps issuing it, and every request captured under it
// stays replayable for that long unless the server also tracks nc (§3.4,
// §5.5). Judged on the repeated-challenge probe's answers, two 401s to the
// same request, comparing Digest challenges of the same realm and
// algorithm. A server that derives its nonce from a clock can repeat one
// within its clock's resolution; the message says so.
var DigestNonceUnique = register(Rule{
	ID:          "rfc7616/digest-nonce-unique",
	RFC:         "RFC 7616",
	Section:     "3.3, 5.5",
	Level:       Info,
	Severity:    Low,
	Requirement: "Every 401 carries a Digest nonce of its own: two 401s to the same request repeat no nonce (compared per realm and algorithm).",
	Scheme:      "Digest",
})

// CheckDigestNonceUnique reports a Digest nonce that b repeats from a, two
// answers of the same resource. Challenges are paired by realm and
// algorithm (absent means MD5, §3.3), so one 401 offering SHA-256 and MD5
// under one nonce is not a repeat. Anything but the challenge status on
// either side leaves nothing to compare.
func CheckDigestNonceUnique(a, b *Exchange) []Finding {
	if a.Status != a.ChallengeStatus() || b.Status != b.ChallengeStatus() {
		return nil
	}
	seen := map[string]bool{}
	for _, ch := range fwResponseChallenges(a) {
		if key, nonce, ok := digestNonceKey(&ch); ok {
			seen[key+"\x00"+nonce] = true
		}
	}
	for _, ch := range fwResponseChallenges(b) {
		key, nonce, ok := digestNonceKey(&ch)
		if !ok || !seen[key+"\x00"+nonce] {
			continue
		}
		realm, _ := ch.Param("realm")
		return []Finding{finding(DigestNonceUnique, "two "+fwStatusText(b.Status)+" answers to the same request carry the same Digest nonce "+
			strconv.Quote(clip(nonce))+" (realm "+strconv.Quote(clip(realm.Value))+", algorithm "+digestAlgorithm(&ch)+
			"): RFC 7616 §3.3 says a nonce \"should be uniquely generated each time a 401 response is made\". A nonce that repeats stays valid as long as "+
			"the server keeps issuing it, and so does every request captured under it unless the server refuses a nonce count it has seen (§3.4, §5.5). "+
			"Generate each nonce from a fresh random value (or a counter) besides the time stamp; a nonce built from a clock alone repeats within the clock's resolution",
			bodyRedact(b, strings.Join(b.Header.Values(fwResponseField(b)), "\n")))}
	}
	return nil
}

// digestNonceKey returns the realm and algorithm a Digest challenge's
// nonce is compared under, and the nonce; ok is false for another scheme
// or a challenge without a nonce.
func digestNonceKey(ch *Challenge) (key, nonce string, ok bool) {
	if !ch.Is("Digest") {
		return "", "", false
	}
	p, has := ch.Param("nonce")
	if !has || p.Value == "" {
		return "", "", false
	}
	realm, _ := ch.Param("realm")
	return realm.Value + "\x00" + strings.ToUpper(digestAlgorithm(ch)), p.Value, true
}
