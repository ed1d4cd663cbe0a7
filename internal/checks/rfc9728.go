package checks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// Rules for OAuth 2.0 Protected Resource Metadata, RFC 9728 (§2, §3, §3.1,
// §3.2, §3.3, §5.1, §7.7), judged on the documents discovery fetched. They
// have no Check: the suite's discovery probe fetches the documents a 401
// leads to (probe/discovery.go) and calls the functions below, each of
// which returns the findings of one rule, none meaning it passed.

// Document is one metadata document as fetched: the URL requested (the
// last one, after redirects), the status, the Content-Type, and the body
// read (at most 1 MiB).
type Document struct {
	URL         string
	Status      int
	ContentType string
	Body        []byte
	// Truncated is set when the body was longer than authspec reads.
	Truncated bool
}

// Found reports whether the document was served: a 200.
func (d *Document) Found() bool { return d != nil && d.Status == http.StatusOK }

// Object decodes the body as a JSON object; ok is false when it is not one.
func (d *Document) Object() (obj map[string]json.RawMessage, ok bool) {
	if d == nil || d.Truncated {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(d.Body))
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return nil, false
	}
	if dec.More() {
		return nil, false
	}
	return obj, true
}

// ResourceMetadataParam: RFC 9728 §5.1 defines resource_metadata as "The
// URL of the protected resource metadata"; §1.2 and §3 make that a URL
// derived from an https resource identifier; RFC 9110 §11.2 lets each
// parameter occur once per challenge.
var ResourceMetadataParam = register(Rule{
	ID:          "rfc9728/resource-metadata-param",
	RFC:         "RFC 9728",
	Section:     "5.1",
	Level:       Must,
	Severity:    High,
	Requirement: "resource_metadata on a Bearer or DPoP challenge is an absolute URL, https unless the target itself is http, given once per challenge.",
})

// MetadataPublic: RFC 9728 §3, "Protected resources supporting metadata
// MUST make a JSON document containing metadata ... available": the client
// reads it before it has a token (§5, steps 1-4), so it must not demand one.
var MetadataPublic = register(Rule{
	ID:          "rfc9728/metadata-public",
	RFC:         "RFC 9728",
	Section:     "3",
	Level:       Must,
	Severity:    High,
	Requirement: "The protected resource metadata a 401 names in resource_metadata is served without credentials: a client fetches it to learn how to get a token, so a 401 or 403 there leaves it stuck.",
})

// MetadataResponse: RFC 9728 §3.2, "A successful response MUST use the 200
// OK HTTP status code and return a JSON object using the application/json
// content type".
var MetadataResponse = register(Rule{
	ID:          "rfc9728/metadata-response",
	RFC:         "RFC 9728",
	Section:     "3.2",
	Level:       Must,
	Severity:    High,
	Requirement: "The protected resource metadata a challenge points at is a 200 with Content-Type application/json holding a JSON object.",
})

// ResourceMatches: RFC 9728 §3.3, the resource value "MUST be identical"
// to the resource identifier the well-known suffix was inserted into, or,
// for a URL from resource_metadata, to "the URL that the client used to
// make the request to the resource server".
var ResourceMatches = register(Rule{
	ID:          "rfc9728/resource-matches",
	RFC:         "RFC 9728",
	Section:     "3.3",
	Level:       Must,
	Severity:    High,
	Requirement: "The metadata's resource is present and identical, code point for code point, to the URL the client requested (a trailing slash counts); otherwise clients must not use the document.",
})

// NoZeroValues: RFC 9728 §3.2, "Parameters with zero values MUST be
// omitted from the response."
var NoZeroValues = register(Rule{
	ID:          "rfc9728/no-zero-values",
	RFC:         "RFC 9728",
	Section:     "3.2",
	Level:       Must,
	Severity:    Medium,
	Requirement: "The metadata has no member with a zero value (an empty array or string); bearer_methods_supported: [] is the one exception §2 allows.",
})

// JWKSURIHTTPS: RFC 9728 §2, jwks_uri: "This URL MUST use the https scheme."
var JWKSURIHTTPS = register(Rule{
	ID:          "rfc9728/jwks-uri-https",
	RFC:         "RFC 9728",
	Section:     "2",
	Level:       Must,
	Severity:    Medium,
	Requirement: "The metadata's jwks_uri, when present, is an https URL.",
})

// NoNoneAlg: RFC 9728 §2, resource_signing_alg_values_supported: "The
// value none MUST NOT be used."
var NoNoneAlg = register(Rule{
	ID:          "rfc9728/no-none-alg",
	RFC:         "RFC 9728",
	Section:     "2",
	Level:       Must,
	Severity:    Medium,
	Requirement: "resource_signing_alg_values_supported does not list none.",
})

// MetadataDiscoverable: RFC 9728 §5.1 and §3.1. A plain OAuth resource
// server need not publish metadata (§5: it "MAY use" WWW-Authenticate), so
// finding none only informs; MCP makes it a requirement (mcp_discovery.go).
var MetadataDiscoverable = register(Rule{
	ID:          "rfc9728/metadata-discoverable",
	RFC:         "RFC 9728",
	Section:     "3.1, 5.1",
	Level:       Info,
	Severity:    Informative,
	Requirement: "A Bearer or DPoP 401 leads to protected resource metadata: by resource_metadata, or at the well-known URL built from the resource.",
})

// FetchNotFollowed: RFC 9728 §7.7, "Clients SHOULD take appropriate
// precautions against SSRF attacks, such as blocking requests to internal
// IP address ranges." authspec is such a client: a URL outside the fetch
// policy is not followed, and the run says why and how to allow it.
var FetchNotFollowed = register(Rule{
	ID:          "rfc9728/fetch-not-followed",
	RFC:         "RFC 9728",
	Section:     "7.7",
	Level:       Should,
	Severity:    Low,
	Requirement: "Every metadata URL a 401 leads to is one authspec may fetch: on the target's host, on a host of the same address kind, or listed in metadata_hosts; never link-local.",
})

// DiscoverySchemes are the schemes whose challenges lead to OAuth
// protected resource metadata (RFC 9728 §5.1: Bearer, and DPoP).
var DiscoverySchemes = []string{"Bearer", "DPoP"}

// OffersDiscovery reports whether cs holds a Bearer or DPoP challenge.
func OffersDiscovery(cs []Challenge) bool {
	for _, s := range DiscoverySchemes {
		if OffersScheme(cs, s) {
			return true
		}
	}
	return false
}

// ResourceMetadataURLs returns the resource_metadata values of the Bearer
// and DPoP challenges in cs, the first of each challenge, without
// duplicates, in order: the URLs discovery fetches.
func ResourceMetadataURLs(cs []Challenge) []string {
	var out []string
	for i := range cs {
		if !isDiscoveryChallenge(&cs[i]) {
			continue
		}
		if p, ok := cs[i].Param("resource_metadata"); ok && !containsString(out, p.Value) {
			v := p.Value
			out = append(out, v)
		}
	}
	return out
}

func isDiscoveryChallenge(ch *Challenge) bool {
	for _, s := range DiscoverySchemes {
		if ch.Is(s) {
			return true
		}
	}
	return false
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// CheckResourceMetadataParam judges every resource_metadata parameter of
// the Bearer and DPoP challenges in cs; targetHTTP is set when the target
// itself is probed over http, where an http metadata URL is consistent.
func CheckResourceMetadataParam(cs []Challenge, targetHTTP bool) []Finding {
	r := ResourceMetadataParam
	var out []Finding
	for i := range cs {
		ch := &cs[i]
		if !isDiscoveryChallenge(ch) {
			continue
		}
		var values []string
		for _, p := range ch.Params {
			if strings.EqualFold(p.Name, "resource_metadata") {
				values = append(values, p.Value)
			}
		}
		if len(values) > 1 {
			out = append(out, finding(r, fmt.Sprintf("the %s challenge gives resource_metadata %d times; a client cannot tell which to use: give it once", ch.Scheme, len(values)), strings.Join(values, ", ")))
		}
		for _, v := range values {
			if msg := metadataURLProblem(v, targetHTTP); msg != "" {
				out = append(out, finding(r, msg, v))
			}
		}
	}
	return out
}

// metadataURLProblem says what is wrong with a resource_metadata value, or "".
func metadataURLProblem(v string, targetHTTP bool) string {
	u, err := url.Parse(v)
	switch {
	case err != nil || !u.IsAbs() || u.Host == "":
		return "resource_metadata must be the absolute URL of the metadata (https://host/.well-known/oauth-protected-resource...), not a relative or malformed one"
	case u.Scheme == "https":
	case u.Scheme == "http" && targetHTTP:
	case u.Scheme == "http":
		return "resource_metadata is an http URL while the resource is served over https: the metadata says which authorization server to trust, so serve it over https"
	default:
		return "resource_metadata must be an https URL, not " + u.Scheme + ":"
	}
	if u.Fragment != "" {
		return "resource_metadata carries a #fragment, which is never sent: give the URL without it"
	}
	return ""
}

// CheckMetadataPublic judges the answer to a metadata request sent without
// credentials: 401 and 403 mean the metadata demands a token.
func CheckMetadataPublic(d *Document) []Finding {
	if d == nil || (d.Status != http.StatusUnauthorized && d.Status != http.StatusForbidden) {
		return nil
	}
	return []Finding{finding(MetadataPublic, fmt.Sprintf("the metadata at %s answered %d to a request without credentials: a client reads it to learn how to get a token, so it must be public; exempt the .well-known paths from authentication", d.URL, d.Status), d.URL)}
}

// CheckMetadataResponse judges a protected resource metadata answer: 200,
// application/json, a JSON object.
func CheckMetadataResponse(d *Document) []Finding {
	return documentResponse(MetadataResponse, d, "protected resource metadata")
}

// documentResponse is the §3.2 judgement RFC 9728 and RFC 8414 share.
func documentResponse(r *Rule, d *Document, what string) []Finding {
	if d == nil {
		return nil
	}
	if d.Status != http.StatusOK {
		return []Finding{finding(r, fmt.Sprintf("the %s at %s answered %d, not 200", what, d.URL, d.Status), d.URL)}
	}
	var out []Finding
	mt, _, err := mime.ParseMediaType(d.ContentType)
	if err != nil || mt != "application/json" {
		ct := d.ContentType
		if ct == "" {
			ct = "no Content-Type"
		}
		out = append(out, finding(r, fmt.Sprintf("the %s at %s is served as %s; it must be application/json", what, d.URL, ct), d.ContentType))
	}
	if _, ok := d.Object(); !ok {
		why := "its content is not a JSON object"
		if d.Truncated {
			why = "it is larger than the 1 MiB authspec reads"
		}
		out = append(out, finding(r, fmt.Sprintf("the %s at %s cannot be used: %s", what, d.URL, why), string(d.Body)))
	}
	return out
}

// CheckResourceMatches judges the resource member against the URLs it may
// equal (RFC 9728 §3.3). The comparison is code point by code point: a
// trailing slash, a port or a case difference breaks it.
func CheckResourceMatches(d *Document, allowed []string) []Finding {
	obj, ok := d.Object()
	if !ok || len(allowed) == 0 {
		return nil
	}
	r := ResourceMatches
	raw, present := obj["resource"]
	var got string
	if !present || json.Unmarshal(raw, &got) != nil {
		return []Finding{finding(r, fmt.Sprintf("the metadata at %s has no resource string; §2 makes it REQUIRED, and a client must check it against %s", d.URL, allowed[0]), string(raw))}
	}
	for _, a := range allowed {
		if got == a {
			return nil
		}
	}
	msg := fmt.Sprintf("the metadata's resource is %q, but the client asked for %q: clients must not use a document whose resource differs (RFC 9728 §3.3)", got, allowed[0])
	for _, a := range allowed {
		if strings.TrimSuffix(got, "/") == strings.TrimSuffix(a, "/") {
			msg += "; they differ only by a trailing slash, which counts (microsoft/vscode#259251)"
			break
		}
	}
	return []Finding{finding(r, msg, got)}
}

// CheckNoZeroValues judges the members of a metadata object for zero
// values: an empty array or an empty string. bearer_methods_supported: []
// is allowed, since §2 gives it a meaning ("no bearer methods are
// supported").
func CheckNoZeroValues(d *Document) []Finding {
	obj, ok := d.Object()
	if !ok {
		return nil
	}
	var empty []string
	for name, raw := range obj {
		v := bytes.TrimSpace(raw)
		isEmptyArray := bytes.Equal(bytes.Join(bytes.Fields(v), nil), []byte("[]"))
		if (isEmptyArray && name != "bearer_methods_supported") || bytes.Equal(v, []byte(`""`)) {
			empty = append(empty, name)
		}
	}
	if len(empty) == 0 {
		return nil
	}
	sort.Strings(empty)
	return []Finding{finding(NoZeroValues, fmt.Sprintf("the metadata at %s has members with zero values (%s): omit them instead", d.URL, strings.Join(empty, ", ")), strings.Join(empty, ", "))}
}

// CheckJWKSURIHTTPS judges jwks_uri.
func CheckJWKSURIHTTPS(d *Document) []Finding {
	obj, ok := d.Object()
	if !ok {
		return nil
	}
	raw, present := obj["jwks_uri"]
	if !present {
		return nil
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return []Finding{finding(JWKSURIHTTPS, "jwks_uri is not a string URL", string(raw))}
	}
	if u, err := url.Parse(s); err != nil || !strings.EqualFold(u.Scheme, "https") {
		return []Finding{finding(JWKSURIHTTPS, "jwks_uri must use https: keys fetched in the clear can be swapped in transit", s)}
	}
	return nil
}

// CheckNoNoneAlg judges resource_signing_alg_values_supported.
func CheckNoNoneAlg(d *Document) []Finding {
	obj, ok := d.Object()
	if !ok {
		return nil
	}
	var algs []string
	if raw, present := obj["resource_signing_alg_values_supported"]; !present || json.Unmarshal(raw, &algs) != nil {
		return nil
	}
	for _, a := range algs {
		if a == "none" {
			return []Finding{finding(NoNoneAlg, "resource_signing_alg_values_supported lists none, which RFC 9728 §2 forbids: an unsigned response cannot be told from a forged one", a)}
		}
	}
	return nil
}

// CheckDiscoverable reports, for a plain target, that no metadata was
// found: tried lists the URLs asked.
func CheckDiscoverable(found bool, tried []string) []Finding {
	if found {
		return nil
	}
	return []Finding{finding(MetadataDiscoverable, "the 401 has no resource_metadata and no protected resource metadata was found at "+strings.Join(tried, " or ")+
		": clients cannot discover the authorization server; add resource_metadata=\"https://.../.well-known/oauth-protected-resource...\" to the challenge and serve the document", strings.Join(tried, ", "))}
}

// CheckFetchNotFollowed reports a URL the fetch policy kept authspec from
// following, with the reason (which says how to allow it).
func CheckFetchNotFollowed(url, reason string) []Finding {
	return []Finding{finding(FetchNotFollowed, url+" was not fetched: "+reason, url)}
}

// AuthorizationServers returns the authorization_servers entries that are
// strings, and whether the member is a non-empty array at all.
func AuthorizationServers(d *Document) (issuers []string, listed bool) {
	obj, ok := d.Object()
	if !ok {
		return nil, false
	}
	var raw []json.RawMessage
	if json.Unmarshal(obj["authorization_servers"], &raw) != nil || len(raw) == 0 {
		return nil, false
	}
	for _, r := range raw {
		var s string
		if json.Unmarshal(r, &s) == nil && s != "" {
			issuers = append(issuers, s)
		}
	}
	return issuers, true
}

// Where the levels of two rules come from (levels.go): §7.7's SHOULD binds
// the client, authspec among them, so a URL not followed warns (what it
// means for the server: careful clients will not follow it either); and a
// plain resource server need not publish metadata (§5: it "MAY use"
// WWW-Authenticate), so finding none informs.
func init() {
	levelBases["rfc9728/fetch-not-followed"] = BasisOtherParty
	levelBases["rfc9728/metadata-discoverable"] = BasisInforms
}

// The RFC 9728 text the rules rest on, word for word (compared with the
// RFC's HTML rendering; §2's member definitions with several independent
// copies), kept beside the rules like the quotes of quotes.go.
func init() {
	const (
		s3   = "Protected resources supporting metadata MUST make a JSON document containing metadata as specified in Section 2 available at a URL formed by inserting a well-known URI string into the protected resource's resource identifier between the host component and the path and/or query components, if any."
		s32  = "A successful response MUST use the 200 OK HTTP status code and return a JSON object using the application/json content type that contains a set of metadata parameters as its members that are a subset of the metadata parameters defined in Section 2. Additional metadata parameters MAY be defined and used; any metadata parameters that are not understood MUST be ignored."
		s51  = "resource_metadata: The URL of the protected resource metadata."
		s12  = "Resource Identifier: The protected resource's resource identifier, which is a URL that uses the https scheme and has no fragment component."
		s31b = "If the resource identifier value contains a path or query component, any terminating slash (/) following the host component MUST be removed before inserting /.well-known/ and the well-known URI path suffix between the host component and the path and/or query components."
	)
	quotes["rfc9728/resource-metadata-param"] = []Quote{
		{Section: "5.1", Text: s51},
		{Section: "1.2", Text: s12, Note: "The metadata URL is built from the resource identifier (§3), so it is an https URL; authspec accepts http only when the target itself is probed over http."},
		{RFC: "RFC 9110", Section: "11.2", Text: "Authentication parameters are name/value pairs, where the name token is matched case-insensitively and each parameter name MUST only occur once per challenge."},
	}
	quotes["rfc9728/metadata-public"] = []Quote{
		{Section: "3", Text: s3, Note: "The client fetches the metadata to learn where to get a token (§5, steps 3-4), before it has one: a document that demands a token is not available to it."},
	}
	quotes["rfc9728/metadata-response"] = []Quote{
		{Section: "3.2", Text: s32},
	}
	quotes["rfc9728/resource-matches"] = []Quote{
		{Section: "3.3", Text: "The resource value returned MUST be identical to the protected resource's resource identifier value into which the well-known URI path suffix was inserted to create the URL used to retrieve the metadata. If these values are not identical, the data contained in the response MUST NOT be used."},
		{Section: "3.3", Text: "If the protected resource metadata was retrieved from a URL returned by the protected resource via the WWW-Authenticate resource_metadata parameter, then the resource value returned MUST be identical to the URL that the client used to make the request to the resource server. If these values are not identical, the data contained in the response MUST NOT be used.",
			Note: "For a resource at the root, https://host and https://host/ are both accepted (RFC 3986 §6.2.3: an empty path and \"/\" are the same URL). A document found at the root well-known URL for a resource with a path may name either the origin or the resource: MCP serves one document for its endpoint there."},
	}
	quotes["rfc9728/no-zero-values"] = []Quote{
		{Section: "3.2", Text: "Parameters with multiple values are represented as JSON arrays. Parameters with zero values MUST be omitted from the response."},
		{Section: "2", Text: "The empty array [] can be used to indicate that no bearer methods are supported.", Note: "Said of bearer_methods_supported, the one member an empty array is allowed for."},
	}
	quotes["rfc9728/jwks-uri-https"] = []Quote{
		{Section: "2", Text: "jwks_uri OPTIONAL. URL of the protected resource's JSON Web Key (JWK) Set [JWK] document. ... This URL MUST use the https scheme."},
	}
	quotes["rfc9728/no-none-alg"] = []Quote{
		{Section: "2", Text: "No default algorithms are implied if this entry is omitted. The value none MUST NOT be used.", Note: "Said of resource_signing_alg_values_supported."},
	}
	quotes["rfc9728/metadata-discoverable"] = []Quote{
		{Section: "5.1", Text: s51},
		{Section: "3.1", Text: s31b, Note: "Where a client looks when the challenge gives no resource_metadata. RFC 9728 §5 says a protected resource MAY use WWW-Authenticate for this, so for a plain OAuth server finding nothing only informs."},
	}
	quotes["rfc9728/fetch-not-followed"] = []Quote{
		{Section: "7.7", Text: "The OAuth client is expected to fetch the authorization server metadata based on the value of the issuer in the resource server metadata. Since this specification enables clients to interoperate with RSs and ASes it has no prior knowledge of, this opens a risk for Server-Side Request Forgery (SSRF) attacks by malicious users or malicious resource servers. Clients SHOULD take appropriate precautions against SSRF attacks, such as blocking requests to internal IP address ranges.",
			Note: "authspec is such a client: a URL whose host is neither the target's, nor of the same address kind, nor listed in metadata_hosts is not fetched, and the finding says so."},
	}
}

// FollowsChallenge reports whether rule r judges what a Bearer or DPoP
// challenge leads to (the RFC 9728 and RFC 8414 documents): like a rule
// about one scheme, it has results on a target whose configuration does
// not name the scheme only when the server offers it after all.
func FollowsChallenge(r *Rule) bool {
	return strings.HasPrefix(r.ID, "rfc9728/") || strings.HasPrefix(r.ID, "rfc8414/")
}
