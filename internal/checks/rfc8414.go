package checks

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Rules for OAuth 2.0 Authorization Server Metadata, RFC 8414 (§2, §3,
// §3.2, §3.3), judged on the authorization server metadata that discovery
// fetches one hop beyond the protected resource metadata. Like the RFC
// 9728 rules they have no Check: the discovery probe calls the functions
// below.

// ASMetadataResponse: RFC 8414 §3, "Authorization servers supporting
// metadata MUST make a JSON document containing metadata as specified in
// Section 2 available at a path formed by inserting a well-known URI
// string into the authorization server's issuer identifier", and §3.2, "A
// successful response MUST use the 200 OK HTTP status code and return a
// JSON object using the "application/json" content type".
var ASMetadataResponse = register(Rule{
	ID:          "rfc8414/metadata-response",
	RFC:         "RFC 8414",
	Section:     "3, 3.2",
	Level:       Must,
	Severity:    High,
	Requirement: "Each authorization server the protected resource names serves its metadata at a well-known URL built from its issuer (RFC 8414, or OpenID Connect Discovery): a 200 application/json JSON object.",
})

// ASIssuerMatches: RFC 8414 §3.3, "The "issuer" value returned MUST be
// identical to the authorization server's issuer identifier value into
// which the well-known URI string was inserted to create the URL used to
// retrieve the metadata."
var ASIssuerMatches = register(Rule{
	ID:          "rfc8414/issuer-matches",
	RFC:         "RFC 8414",
	Section:     "3.3",
	Level:       Must,
	Severity:    High,
	Requirement: "The authorization server metadata's issuer is identical to the issuer identifier the protected resource listed; otherwise clients must not use it.",
})

// ASRequiredMembers: RFC 8414 §2, issuer and response_types_supported are
// REQUIRED; authorization_endpoint "is REQUIRED unless no grant types are
// supported that use the authorization endpoint"; token_endpoint "is
// REQUIRED unless only the implicit grant type is supported".
var ASRequiredMembers = register(Rule{
	ID:          "rfc8414/required-members",
	RFC:         "RFC 8414",
	Section:     "2",
	Level:       Must,
	Severity:    Medium,
	Requirement: "The authorization server metadata has issuer, response_types_supported, and (unless its grant types make them unnecessary) authorization_endpoint and token_endpoint.",
})

// ASMetadataURLs returns the URLs authorization server metadata is looked
// for at, in the order MCP 2025-11-25 (Authorization Server Metadata
// Discovery) prescribes: for an issuer with a path, RFC 8414 path
// insertion, OpenID Connect path insertion, then OpenID Connect path
// appending; without a path, RFC 8414 then OpenID Connect. With oauthOnly
// (MCP 2025-06-18, which names RFC 8414 alone) only the first form.
func ASMetadataURLs(issuer string, oauthOnly bool) ([]string, error) {
	origin, path, err := splitIdentifier(issuer)
	if err != nil {
		return nil, err
	}
	out := []string{origin + "/.well-known/oauth-authorization-server" + path}
	if oauthOnly {
		return out, nil
	}
	out = append(out, origin+"/.well-known/openid-configuration"+path)
	if path != "" {
		out = append(out, origin+path+"/.well-known/openid-configuration")
	}
	return out, nil
}

// ProtectedResourceURLs returns the well-known URLs of the protected
// resource metadata of the resource at resourceURL, in MCP's order (2025-11-25,
// Protected Resource Metadata Discovery Requirements): the path-inserted
// URL (RFC 9728 §3.1), then the root. A resource at the root has one.
func ProtectedResourceURLs(resourceURL string) ([]string, error) {
	origin, path, err := splitIdentifier(resourceURL)
	if err != nil {
		return nil, err
	}
	root := origin + "/.well-known/oauth-protected-resource"
	if path == "" {
		return []string{root}, nil
	}
	return []string{root + path, root}, nil
}

// splitIdentifier splits an identifier URL into its origin and the path
// and query that follow the host, a terminating "/" after the host
// removed (RFC 9728 §3.1, RFC 8414 §3.1).
func splitIdentifier(id string) (origin, rest string, err error) {
	scheme, after, ok := strings.Cut(id, "://")
	if !ok || scheme == "" || after == "" {
		return "", "", fmt.Errorf("%q is not an absolute URL", id)
	}
	if i := strings.IndexByte(after, '#'); i >= 0 {
		after = after[:i]
	}
	host, rest := after, ""
	if i := strings.IndexAny(after, "/?"); i >= 0 {
		host, rest = after[:i], after[i:]
	}
	if host == "" {
		return "", "", fmt.Errorf("%q has no host", id)
	}
	if rest == "/" {
		rest = ""
	}
	return scheme + "://" + host, rest, nil
}

// CheckASNotFound reports that no authorization server metadata answered
// at any of the URLs tried.
func CheckASNotFound(issuer string, tried []string, last *Document) []Finding {
	msg := fmt.Sprintf("no metadata for the authorization server %s at %s", issuer, strings.Join(tried, ", "))
	if last != nil && last.Status != 0 {
		msg += fmt.Sprintf(" (the last answered %d)", last.Status)
	}
	return []Finding{finding(ASMetadataResponse, msg+": clients cannot find its endpoints; serve RFC 8414 metadata at the first URL", issuer)}
}

// CheckASResponse judges a served authorization server metadata document.
func CheckASResponse(d *Document) []Finding {
	return documentResponse(ASMetadataResponse, d, "authorization server metadata")
}

// CheckASIssuer judges issuer against the identifier the metadata was
// looked up by.
func CheckASIssuer(d *Document, issuer string) []Finding {
	obj, ok := d.Object()
	if !ok {
		return nil
	}
	var got string
	if raw, present := obj["issuer"]; !present || json.Unmarshal(raw, &got) != nil {
		return []Finding{finding(ASIssuerMatches, fmt.Sprintf("the metadata at %s has no issuer string; it must be %q", d.URL, issuer), "")}
	}
	if got == issuer {
		return nil
	}
	msg := fmt.Sprintf("the metadata at %s says issuer %q, but the protected resource lists %q: clients must not use it (RFC 8414 §3.3)", d.URL, got, issuer)
	if strings.TrimSuffix(got, "/") == strings.TrimSuffix(issuer, "/") {
		msg += "; they differ only by a trailing slash, which counts"
	}
	return []Finding{finding(ASIssuerMatches, msg, got)}
}

// CheckASMembers judges the members RFC 8414 §2 requires.
func CheckASMembers(d *Document) []Finding {
	obj, ok := d.Object()
	if !ok {
		return nil
	}
	var missing []string
	for _, name := range []string{"issuer", "response_types_supported"} {
		if _, present := obj[name]; !present {
			missing = append(missing, name)
		}
	}
	grants := []string{"authorization_code", "implicit"} // RFC 8414 §2's default
	if raw, present := obj["grant_types_supported"]; present {
		_ = json.Unmarshal(raw, &grants)
	}
	if _, present := obj["authorization_endpoint"]; !present && (containsString(grants, "authorization_code") || containsString(grants, "implicit")) {
		missing = append(missing, "authorization_endpoint")
	}
	onlyImplicit := len(grants) == 1 && grants[0] == "implicit"
	if _, present := obj["token_endpoint"]; !present && !onlyImplicit {
		missing = append(missing, "token_endpoint")
	}
	if len(missing) == 0 {
		return nil
	}
	return []Finding{finding(ASRequiredMembers, fmt.Sprintf("the authorization server metadata at %s lacks %s, which RFC 8414 §2 requires", d.URL, strings.Join(missing, ", ")), strings.Join(missing, ", "))}
}

// The RFC 8414 text the rules rest on, word for word.
func init() {
	quotes["rfc8414/metadata-response"] = []Quote{
		{Section: "3", Text: "Authorization servers supporting metadata MUST make a JSON document containing metadata as specified in Section 2 available at a path formed by inserting a well-known URI string into the authorization server's issuer identifier between the host component and the path component, if any."},
		{Section: "3.2", Text: "A successful response MUST use the 200 OK HTTP status code and return a JSON object using the \"application/json\" content type that contains a set of claims as its members that are a subset of the metadata values defined in Section 2.",
			Note: "authspec also accepts the OpenID Connect Discovery forms, in the order MCP 2025-11-25 gives (Authorization Server Metadata Discovery)."},
	}
	quotes["rfc8414/issuer-matches"] = []Quote{
		{Section: "3.3", Text: "The \"issuer\" value returned MUST be identical to the authorization server's issuer identifier value into which the well-known URI string was inserted to create the URL used to retrieve the metadata. If these values are not identical, the data contained in the response MUST NOT be used."},
	}
	quotes["rfc8414/required-members"] = []Quote{
		{Section: "2", Text: "issuer REQUIRED. The authorization server's issuer identifier, which is a URL that uses the \"https\" scheme and has no query or fragment components."},
		{Section: "2", Text: "authorization_endpoint URL of the authorization server's authorization endpoint [RFC6749]. This is REQUIRED unless no grant types are supported that use the authorization endpoint."},
		{Section: "2", Text: "token_endpoint URL of the authorization server's token endpoint [RFC6749]. This is REQUIRED unless only the implicit grant type is supported."},
		{Section: "2", Text: "response_types_supported REQUIRED. JSON array containing a list of the OAuth 2.0 \"response_type\" values that this authorization server supports."},
	}
}

// InvalidIssuer reports an authorization_servers entry that cannot be
// made into a metadata URL.
func InvalidIssuer(issuer, why string) Finding {
	return finding(ASMetadataResponse, "the authorization server "+issuer+" named in authorization_servers is not an issuer identifier a client can look up ("+why+"): list https URLs", issuer)
}
