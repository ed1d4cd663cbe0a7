package checks

// Quote is RFC text a rule rests on, word for word, and where it stands.
// `authspec explain` prints it, so a reader can weigh a finding against
// the sentence itself rather than against authspec's paraphrase.
type Quote struct {
	// RFC is set when the text is from another document than the rule's
	// own RFC, e.g. "RFC 2617".
	RFC string
	// Section is the section number without the sign, e.g. "11.6.1".
	Section string
	// Text is the sentence or sentences as the RFC words them; "..." marks
	// words left out, and ABNF is given as printed.
	Text string
	// Note says, when needed, how the text bears on the rule.
	Note string
}

// QuotesOf returns the RFC text rule id rests on, or nil for an id the
// catalogue does not know. Every rule has at least one quote
// (TestEveryRuleHasItsQuote).
func QuotesOf(id string) []Quote {
	return quotes[id]
}

// quotes is keyed by rule ID. Where a rule has no sentence of its own (a
// declared rule, an information), the quote is the text that defines what
// the rule looks at, and Note says so.
//
// Provenance: an independent audit (2026-12, issue 18) compared every
// quote word for word with the RFC text: RFC 9110 and 9112 from
// httpwg/http-core; RFC 7616, 6750, 7486, 8120, 7804, 4559, 8292, 9577,
// 9635 and 9729 from the English column of tex2e/rfc-translater; RFC 9449
// and 9457 from copies of the RFC; RFC 7617, 5849 §3.4.4 and OpenAPI 3.1
// from several independent copies. The quotes it found to differ (RFC 7616
// §3.3, §3.5 and §3.7, RFC 9577 §2.1.2, RFC 9635 §9.1, which had draft or
// RFC 2617 wording) are corrected. The text of the cited sections is kept
// in testdata/rfc, with its source, and TestQuotesMatchTheRFCText holds
// every quote against it, so a changed word fails make test. Every cited
// document is there: the RFCs, OpenAPI 3.1.0, the Fetch standard and each
// MCP revision (held apart, one file per revision). Holding them all
// corrected three more quotes to their source's words: RFC 9457 §4.2.1
// ("request header", not "request header field"), the MCP Runtime
// Insufficient Scope Errors list (items marked with "..." instead of
// joined by ";") and the Fetch Access-Control-Allow-Origin entry (the
// header name as the standard sets it, in backticks).
var quotes = map[string][]Quote{
	// RFC 9110: the framework.
	"rfc9110/challenge-present": {
		{Section: "15.5.2", Text: "The server generating a 401 response MUST send a WWW-Authenticate header field (Section 11.6.1) containing at least one challenge applicable to the target resource."},
		{Section: "11.6.1", Text: "A server generating a 401 (Unauthorized) response MUST send a WWW-Authenticate header field containing at least one challenge."},
	},
	"rfc9110/proxy-challenge-present": {
		{Section: "15.5.8", Text: "The proxy MUST send a Proxy-Authenticate header field (Section 11.7.1) containing a challenge applicable to that proxy for the request."},
		{Section: "11.7.1", Text: "A proxy MUST send at least one Proxy-Authenticate header field in each 407 (Proxy Authentication Required) response that it generates."},
	},
	"rfc9110/challenge-grammar": {
		{Section: "11.6.1", Text: "WWW-Authenticate = #challenge"},
		{Section: "11.3", Text: "challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]"},
		{Section: "11.2", Text: "auth-param = token BWS \"=\" BWS ( token / quoted-string )"},
	},
	"rfc9110/auth-param-unique": {
		{Section: "11.2", Text: "Authentication parameters are name/value pairs, where the name token is matched case-insensitively and each parameter name MUST only occur once per challenge.", Note: "Schemes restate it for their own parameters (RFC 6750 §3 for realm, scope, error, error_description and error_uri; RFC 7486 §3 for realm): one defect, one rule, so the scheme rules that repeated it are aliases of this one."},
		{RFC: "RFC 6750", Section: "3", Text: "The \"realm\" attribute MUST NOT appear more than once."},
		{RFC: "RFC 7486", Section: "3", Text: "The \"realm\" attribute MUST NOT appear more than once."},
	},
	"rfc9110/realm-quoted": {
		{Section: "11.5", Text: "For historical reasons, a sender MUST only generate the quoted-string syntax."},
	},
	"rfc9110/list-empty-element": {
		{Section: "5.6.1.1", Text: "In any production that uses the list construct, a sender MUST NOT generate empty list elements."},
	},
	"rfc9110/auth-param-bws": {
		{Section: "5.6.3", Text: "A sender MUST NOT generate BWS in messages."},
		{Section: "11.2", Text: "auth-param = token BWS \"=\" BWS ( token / quoted-string )"},
	},
	"rfc9110/token68-exclusive": {
		{Section: "11.3", Text: "challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]", Note: "A challenge holds a token68 or a list of auth-params: the grammar has no room for both."},
	},
	"rfc9110/quoted-pair-escape": {
		{Section: "5.6.4", Text: "A sender SHOULD NOT generate a quoted-pair in a quoted-string except where necessary to quote DQUOTE and backslash octets occurring within that string."},
	},
	"rfc9110/field-control-chars": {
		{Section: "5.5", Text: "Field values containing CR, LF, or NUL characters are invalid and dangerous, due to the varying ways that implementations might parse and interpret those characters ... Field values containing other CTL characters are also invalid"},
	},
	"rfc9110/head-control-chars": {
		{Section: "5.5", Text: "Field values containing CR, LF, or NUL characters are invalid and dangerous, due to the varying ways that implementations might parse and interpret those characters ... Field values containing other CTL characters are also invalid", Note: "Read on every field line of the head as received; the challenge field itself is left to rfc9110/field-control-chars."},
	},
	"rfc9110/authentication-info-grammar": {
		{Section: "11.6.3", Text: "Authentication-Info = #auth-param"},
		{Section: "11.7.3", Text: "Proxy-Authentication-Info = #auth-param"},
		{Section: "11.2", Text: "auth-param = token BWS \"=\" BWS ( token / quoted-string )", Note: "The grammar binds the sender: a value that does not parse is a MUST broken."},
	},
	"rfc9110/proxy-no-modify-challenge": {
		{Section: "11.6.1", Text: "A proxy forwarding a response MUST NOT modify any WWW-Authenticate header fields in that response."},
	},
	"rfc9110/proxy-no-modify-authentication-info": {
		{Section: "11.6.3", Text: "A proxy forwarding a response is not allowed to modify the field value in any way."},
		{RFC: "RFC 7616", Section: "3.6", Text: "Proxies MUST be completely transparent in the Digest access authentication scheme. That is, they MUST forward the WWW-Authenticate, Authentication-Info, and Authorization header fields untouched.", Note: "RFC 9110 words the prohibition without a keyword; RFC 7616 gives it the MUST, for Digest, the scheme that defines Authentication-Info's parameters."},
	},
	"rfc9110/diagnostic-body": {
		{Section: "15.5", Text: "Except when responding to a HEAD request, the server SHOULD send a representation containing an explanation of the error situation, and whether it is a temporary or permanent condition."},
	},
	"rfc9449/dpop-nonce-syntax": {
		{Section: "8", Text: "Other HTTP headers and JSON fields MAY also be included in the error response, but there MUST NOT be more than one DPoP-Nonce header."},
		{Section: "8.1", Text: "nonce = 1*NQCHAR"},
		{Section: "8.2", Text: "The DPoP-Nonce HTTP header field uses the nonce syntax defined in Section 8.1."},
	},
	"rfc9449/dpop-use-nonce-has-nonce": {
		{Section: "9", Text: "Resource servers use an HTTP 401 (Unauthorized) error code with an accompanying WWW-Authenticate: DPoP value and DPoP-Nonce value to accomplish this.", Note: "No keyword: a definition-only constraint, hence SHOULD."},
	},
	"rfc9457/problem-title-about-blank": {
		{Section: "4.2.1", Text: "When \"about:blank\" is used, the title SHOULD be the same as the recommended HTTP status phrase for that code (e.g., \"Not Found\" for 404, and so on), although it MAY be localized to suit client preferences (expressed with the Accept-Language request header).", Note: "authspec sends no Accept-Language: no preference asks for another language."},
	},
	"rfc9457/problem-title-stable": {
		{Section: "3.1.3", Text: "It SHOULD NOT change from occurrence to occurrence of the problem, except for localization (e.g., using proactive content negotiation; see [HTTP], Section 12.1).", Note: "Said of the \"title\" member. authspec sends the same request, with no Accept-Language, twice: the same problem, in one language."},
	},
	"rfc9457/problem-uri-members": {
		{Section: "3.1.1", Text: "The \"type\" member is a JSON string containing a URI reference [URI] that identifies the problem type."},
		{Section: "3.1.5", Text: "The \"instance\" member is a JSON string containing a URI reference that identifies the specific occurrence of the problem."},
	},
	"rfc7616/digest-replay-refused": {
		{Section: "3.4", Text: "The purpose of this parameter is to allow the server to detect request replays by maintaining its own copy of this count -- if the same nc value is seen twice, then the request is a replay.", Note: "Said of nc. No keyword makes the refusal a requirement: a security consideration."},
	},
	"rfc7616/digest-uri-checked": {
		{Section: "3.4.6", Text: "The authenticating server MUST assure that the resource designated by the \"uri\" parameter is the same as the resource specified in the Request-Line; if they are not, the server SHOULD return a 400 Bad Request error."},
	},
	"rfc7616/digest-required-params": {
		{Section: "3.4", Text: "If a parameter or its value is improper, or required parameters are missing, the proper response is a 4xx error code."},
		{Section: "3.4", Text: "This parameter MUST be used by all implementations. The cnonce value is an opaque quoted ASCII-only string value provided by the client", Note: "Said of cnonce, and in the same words of nc: both are required of a client, so credentials without them lack required parameters."},
	},
	"rfc7616/digest-uri-mismatch-400": {
		{Section: "3.4.6", Text: "The authenticating server MUST assure that the resource designated by the \"uri\" parameter is the same as the resource specified in the Request-Line; if they are not, the server SHOULD return a 400 Bad Request error.", Note: "The SHOULD half: the status of the refusal. The MUST half is rfc7616/digest-uri-checked."},
	},
	"rfc7616/digest-username-conflict": {
		{Section: "3.4", Text: "Sending both username and username* in the same header option MUST be treated as an error."},
		{Section: "3.4", Text: "If a parameter or its value is improper, or required parameters are missing, the proper response is a 4xx error code."},
	},
	"rfc9110/head-content-length": {
		{Section: "8.6", Text: "A server MAY send a Content-Length header field in a response to a HEAD request (Section 9.3.2); a server MUST NOT send Content-Length in such a response unless its field value equals the decimal number of octets that would have been sent in the content of a response if the same request had used the GET method.", Note: "Two answers to GET may differ in length; the rule judges only a HEAD that announces no content where GET sends some, or the reverse."},
	},
	"rfc9110/head-no-content": {
		{Section: "9.3.2", Text: "The HEAD method is identical to GET except that the server MUST NOT send content in the response."},
	},
	"rfc9110/head-matches-get": {
		{Section: "9.3.2", Text: "The server SHOULD send the same header fields in response to a HEAD request as it would have sent if the request method had been GET. However, a server MAY omit header fields for which a value is determined only while generating the content."},
	},
	"rfc9110/content-type": {
		{Section: "8.3", Text: "A sender that generates a message containing content SHOULD generate a Content-Type header field in that message unless the intended media type of the enclosed representation is unknown to the sender."},
	},
	"rfc9110/content-matches-type": {
		{Section: "8.3", Text: "The indicated media type defines both the data format and how that data is intended to be processed by a recipient, within the scope of the received message semantics, after any content codings indicated by Content-Encoding are decoded.", Note: "No keyword: content that is not what its label says is an explanation no client can read, hence a SHOULD."},
	},
	"rfc9110/content-length-matches": {
		{Section: "8.6", Text: "When transferring a representation as content, Content-Length refers specifically to the amount of data enclosed so that it can be used to delimit framing (e.g., Section 6.2 of [HTTP/1.1])."},
		{Section: "2.2", Text: "A sender MUST NOT generate protocol elements that do not match the grammar defined by the corresponding ABNF rules.", Note: "The keyword that binds the sender: a Content-Length that is not the length of the content enclosed does not delimit the message as HTTP/1.1's framing defines it."},
		{RFC: "RFC 9112", Section: "6.3", Text: "If a valid Content-Length header field is present without Transfer-Encoding, its decimal value defines the expected message body length in octets. If the sender closes the connection or the recipient times out before the indicated number of octets are received, the recipient MUST consider the message to be incomplete and close the connection.", Note: "What a wrong length does to the client: this MUST binds the recipient, not the server."},
	},
	"rfc9110/body-no-credential-echo": {
		{Section: "17.7", Text: "Clients are often privy to large amounts of personal information, including both information provided by the user to interact with resources (e.g., the user's name, location, mail address, passwords, encryption keys, etc.) ... Implementations need to prevent unintentional disclosure of personal information.", Note: "A security consideration, no keyword: a 401 that repeats the credentials copies them into every log and screen it reaches."},
	},
	"rfc9110/body-no-stack-trace": {
		{Section: "17.12", Text: "The User-Agent (Section 10.1.5), Via (Section 7.6.3), and Server (Section 10.2.4) header fields often reveal information about the respective sender's software systems. In theory, this can make it easier for an attacker to exploit known security holes", Note: "A security consideration, no keyword: a stack trace reveals far more about the software than a Server field."},
	},
	"rfc9110/protected-resource-401": {
		{Section: "11.4", Text: "Upon receipt of a request for a protected resource that omits credentials, contains invalid credentials (e.g., a bad password) or partial credentials (e.g., when the authentication scheme requires more than one round trip), an origin server SHOULD send a 401 (Unauthorized) response that contains a WWW-Authenticate header field with at least one (possibly new) challenge applicable to the requested resource."},
	},
	"rfc9110/bad-credentials-rejected": {
		{Section: "11.4", Text: "Upon receipt of a request for a protected resource that omits credentials, contains invalid credentials (e.g., a bad password) or partial credentials (e.g., when the authentication scheme requires more than one round trip), an origin server SHOULD send a 401 (Unauthorized) response that contains a WWW-Authenticate header field with at least one (possibly new) challenge applicable to the requested resource."},
		{Section: "11.4", Text: "A server that receives valid credentials that are not adequate to gain access ought to respond with the 403 (Forbidden) status code (Section 15.5.4).", Note: "So a 403 says the credentials were valid: the wrong answer to wrong ones."},
	},
	"rfc9110/malformed-credentials-rejected": {
		{Section: "11.4", Text: "Upon receipt of a request for a protected resource that omits credentials, contains invalid credentials (e.g., a bad password) or partial credentials ... an origin server SHOULD send a 401 (Unauthorized) response that contains a WWW-Authenticate header field with at least one (possibly new) challenge applicable to the requested resource."},
		{Section: "15.5.1", Text: "The 400 (Bad Request) status code indicates that the server cannot or will not process the request due to something that is perceived to be a client error (e.g., malformed request syntax, invalid request message framing, or deceptive request routing)."},
	},
	"rfc9110/repeat-challenge-consistent": {
		{Section: "15.5.2", Text: "If the 401 response contains the same challenge as the prior response, and the user agent has already attempted authentication at least once, then the user agent SHOULD present the enclosed representation to the user, since it usually contains relevant diagnostic information.", Note: "A challenge that changes between two identical failed attempts keeps the client from seeing that its credentials were simply wrong. But this SHOULD binds the user agent, not the server."},
		{Section: "11.4", Text: "... an origin server SHOULD send a 401 (Unauthorized) response that contains a WWW-Authenticate header field with at least one (possibly new) challenge applicable to the requested resource.", Note: "\"Possibly new\": the server may change its challenge, so the rule only informs."},
	},
	"rfc9110/valid-credentials-accepted": {
		{Section: "11.4", Text: "Both the Authorization field value and the Proxy-Authorization field value contain the client's credentials for the realm of the resource being requested, based upon a challenge received in a response (possibly at some point in the past).", Note: "No keyword: the rule holds because targets.yaml declares the credentials valid. Without it the other probes prove nothing, since a server that refuses everything passes them all."},
		{Section: "15.4.5", Text: "The 304 (Not Modified) status code indicates that a conditional GET or HEAD request has been received and would have resulted in a 200 (OK) response if it were not for the fact that the condition evaluated to false.", Note: "The control's requests carry no condition, so a 304 to them serves nothing: it fails the control."},
	},
	"rfc9110/scheme-case-insensitive": {
		{Section: "11.1", Text: "It uses a case-insensitive token to identify the authentication scheme:", Note: "No keyword, hence SHOULD; it fails a run because the credentials are the ones declared valid, only the scheme's case differs."},
	},
	"rfc9110/expected-scheme-offered": {
		{Section: "11.6.1", Text: "The \"WWW-Authenticate\" response header field indicates the authentication scheme(s) and parameters applicable to the target resource.", Note: "The RFC cannot know which schemes a server ought to offer: targets.yaml declares them in expect_schemes."},
		{RFC: "RFC 9635", Section: "9.1", Text: "If the client instance calls an RS without an access token or with an invalid access token, the RS SHOULD be explicit about the fact that GNAP needs to be used to access the resource by responding with the WWW-Authenticate header field and a GNAP challenge.", Note: "For a target whose expect_schemes lists GNAP, this is the scheme's own ask; the rule fails the run because targets.yaml declares the scheme."},
	},
	"rfc9110/response-received": {
		{Section: "15", Text: "The status code of a response is a three-digit integer code that describes the result of the request and the semantics of the response, including whether the request was successful and what content is enclosed (if any).", Note: "Without a complete response there is nothing to judge: the target is reported as an error, not a failure."},
	},
	"openapi/declared-scheme-offered": {
		{Section: "4.8.30", Text: "Lists the required security schemes to execute this operation. The name used for each property MUST correspond to a security scheme declared in the Security Schemes under the Components Object.", Note: "Said of the Security Requirement Object. OpenAPI cannot bind the server's challenges: the rule holds because the document declares the schemes, so it is a declared rule."},
		{Section: "4.8.30", Text: "When a list of Security Requirement Objects is defined on the OpenAPI Object or Operation Object, only one of the Security Requirement Objects in the list needs to be satisfied to authorize the request.", Note: "So a 401 that offers one alternative is enough: the rule asks for one challenge of one alternative, not for every scheme the list names."},
		{Section: "4.8.27", Text: "The name of the HTTP Authorization scheme to be used in the Authorization header as defined in RFC7235.", Note: "Said of an http Security Scheme's scheme field: the auth-scheme a 401 is expected to offer (RFC 9110 §11.6.1). oauth2 and openIdConnect access tokens are Bearer tokens (RFC 6750), or DPoP-bound tokens with the DPoP challenge (RFC 9449 §7.1); apiKey and mutualTLS have no challenge."},
	},
	"iana/scheme-registered": {
		{RFC: "RFC 9110", Section: "16.4.1", Text: "The \"Hypertext Transfer Protocol (HTTP) Authentication Scheme Registry\" defines the namespace for the authentication schemes in challenges and credentials.", Note: "An unregistered scheme is legal; authspec can only check its grammar, and generic clients will skip it."},
	},

	// RFC 9112: the bytes of the response head.
	"rfc9112/obs-fold": {
		{Section: "5.2", Text: "A sender MUST NOT generate a message that includes line folding (i.e., that has any field line value that contains a match to the obs-fold rule) unless the message is intended for packaging within the \"message/http\" media type."},
	},
	"rfc9112/bare-cr": {
		{Section: "2.2", Text: "A sender MUST NOT generate a bare CR (a CR character not immediately followed by LF) within any protocol elements other than the content."},
	},
	"rfc9112/content-length-with-transfer-encoding": {
		{Section: "6.2", Text: "A sender MUST NOT send a Content-Length header field in any message that contains a Transfer-Encoding header field."},
	},
	"rfc9112/field-line-grammar": {
		{Section: "5", Text: "field-line   = field-name \":\" OWS field-value OWS"},
		{Section: "5.1", Text: "No whitespace is allowed between the field name and colon."},
		{RFC: "RFC 9110", Section: "2.2", Text: "A sender MUST NOT generate protocol elements that do not match the grammar defined by the corresponding ABNF rules.", Note: "The keyword that binds the server to the field-line grammar."},
	},
	"rfc9112/bare-lf": {
		{Section: "2.1", Text: "HTTP-message = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]"},
		{Section: "2.2", Text: "Although the line terminator for the start-line and fields is the sequence CRLF, a recipient MAY recognize a single LF as a line terminator and ignore any preceding CR.", Note: "An allowance for recipients only: it binds no sender."},
		{RFC: "RFC 9110", Section: "2.2", Text: "A sender MUST NOT generate protocol elements that do not match the grammar defined by the corresponding ABNF rules.", Note: "The keyword that makes §2.1's CRLF grammar binding on the server: a bare LF is a MUST violation."},
	},

	// RFC 7617: Basic.
	"rfc7617/basic-realm-required": {
		{Section: "2", Text: "The authentication parameter 'realm' is REQUIRED ([RFC7235], Section 2.2)."},
	},
	"rfc7617/basic-charset-value": {
		{Section: "2.1", Text: "The only allowed value is \"UTF-8\"; it is to be matched case-insensitively (see [RFC2978], Section 2.3).", Note: "A definition without a keyword: SHOULD, by the README's rule for definition-only constraints."},
	},
	"rfc7617/basic-utf8-credentials-accepted": {
		{Section: "2.1", Text: "It indicates that the server expects character data to be converted to Unicode Normalization Form C (\"NFC\"; see Section 3 of [RFC5198]) and to be encoded into octets using the UTF-8 character encoding scheme ([RFC3629]).", Note: "Said of charset=\"UTF-8\". No keyword, and the parameter is \"purely advisory\": the rule informs. The conversion to NFC is the client's part, so authspec sends NFC and judges no other form."},
		{Section: "2", Text: "For backwards compatibility reasons, this specification continues to leave the default encoding undefined, as long as it is compatible with US-ASCII", Note: "Without charset nothing says how non-ASCII credentials are encoded: the rule is not judged, and a refusal of them does not fail rfc9110/valid-credentials-accepted."},
		{Section: "B.2", Text: "Finally, servers that need to support non-US-ASCII characters and can use the UTF-8 character encoding scheme can opt in by specifying the 'charset' parameter in the authentication challenge."},
	},
	"rfc7617/basic-cleartext": {
		{Section: "4", Text: "The Basic authentication scheme is not a secure method of user authentication, nor does it in any way protect the entity, which is transmitted in cleartext across the physical network used as the carrier."},
	},

	// RFC 6750: Bearer.
	"rfc6750/bearer-params-required": {
		{Section: "3", Text: "All challenges defined by this specification MUST use the auth-scheme value \"Bearer\". This scheme MUST be followed by one or more auth-param values."},
	},
	"rfc6750/bearer-error-uri-absolute": {
		{Section: "3", Text: "It also MAY include the \"error_uri\" attribute with an absolute URI identifying a human-readable web page explaining the error.", Note: "The MAY is about sending error_uri; that it is absolute is a definition, hence SHOULD."},
	},
	"rfc6750/bearer-param-charset": {
		{Section: "3", Text: "Values for the \"scope\" attribute (specified in Appendix A.4 of [RFC6749]) MUST NOT include characters outside the set %x21 / %x23-5B / %x5D-7E for representing scope values and %x20 for delimiters between scope values. Values for the \"error\" and \"error_description\" attributes (specified in Appendixes A.7 and A.8 of [RFC6749]) MUST NOT include characters outside the set %x20-21 / %x23-5B / %x5D-7E. Values for the \"error_uri\" attribute (specified in Appendix A.9 of [RFC6749]) MUST conform to the URI-reference syntax and thus MUST NOT include characters outside the set %x21 / %x23-5B / %x5D-7E.", Note: "%x20 only as a delimiter between scope values: no leading, trailing or doubled space, no empty scope."},
	},
	"rfc6750/bearer-error-code": {
		{Section: "3.1", Text: "invalid_request ... The resource server SHOULD respond with the HTTP 400 (Bad Request) status code."},
		{Section: "3.1", Text: "invalid_token ... The resource SHOULD respond with the HTTP 401 (Unauthorized) status code."},
		{Section: "3.1", Text: "insufficient_scope ... The resource server SHOULD respond with the HTTP 403 (Forbidden) status code."},
	},
	"rfc6750/bearer-error-registered": {
		{Section: "3.1", Text: "When a request fails, the resource server responds using the appropriate HTTP status code (typically, 400, 401, 403, or 405) and includes one of the following error codes in the response:", Note: "The three codes are invalid_request, invalid_token and insufficient_scope; extensions may register more, so another code only informs."},
	},
	"rfc6750/bearer-no-error-without-token": {
		{Section: "3.1", Text: "If the request lacks any authentication information (e.g., the client was unaware that authentication is necessary or attempted using an unsupported authentication method), the resource server SHOULD NOT include an error code or other error information."},
	},
	"rfc6750/bearer-challenge-on-refusal": {
		{Section: "3", Text: "If the protected resource request does not include authentication credentials or does not contain an access token that enables access to the protected resource, the resource server MUST include the HTTP \"WWW-Authenticate\" response header field; it MAY include it in response to other conditions as well.", Note: "A 401 is judged by rfc9110/challenge-present; this rule judges the 400 and 403 that refuse a Bearer token."},
	},
	"rfc6750/one-token-method": {
		{Section: "3.1", Text: "invalid_request The request is missing a required parameter, includes an unsupported parameter or parameter value, repeats the same parameter, uses more than one method for including an access token, or is otherwise malformed. The resource server SHOULD respond with the HTTP 400 (Bad Request) status code."},
		{Section: "2", Text: "Clients MUST NOT use more than one method to transmit the token in each request.", Note: "The MUST binds the client; the server's part is §3.1's SHOULD, hence the level. authspec breaks the MUST on purpose, with the same valid token both ways, and only where credentials.query_token allows it."},
		{Section: "3.1", Text: "When a request fails, the resource server responds using the appropriate HTTP status code (typically, 400, 401, 403, or 405) and includes one of the following error codes in the response:", Note: "A refusal that names invalid_request with another status than 400 passes this rule: rfc6750/bearer-error-code judges the status of an error code."},
	},
	"rfc6750/query-token-private": {
		{Section: "2.3", Text: "Server success (2XX status) responses to these requests SHOULD contain a Cache-Control header with the \"private\" option.", Note: "\"These requests\" carry the token in the access_token query parameter. no-store passes too: it keeps every cache, the shared ones that private excludes among them, from storing the response (RFC 9111 §5.2.2.5, §5.2.2.7). The qualified private=\"field\" does not: it keeps only the named fields out of shared caches."},
		{Section: "2.3", Text: "Because of the security weaknesses associated with the URI method (see Section 5), including the high likelihood that the URL containing the access token will be logged, it SHOULD NOT be used unless it is impossible to transport the access token in the \"Authorization\" request header field or the HTTP request entity-body. Resource servers MAY support this method.", Note: "A server may refuse a token in the query: only a 2xx is judged. authspec sends one only where credentials.query_token allows it."},
	},
	"rfc6750/bearer-error-expected": {
		{Section: "3", Text: "If the protected resource request included an access token and failed authentication, the resource server SHOULD include the \"error\" attribute to provide the client with the reason why the access request was declined."},
	},

	// RFC 7616: Digest.
	"rfc7616/digest-quoted-params": {
		{Section: "3.3", Text: "For historical reasons, a sender MUST only generate the quoted string syntax values for the following parameters: realm, domain, nonce, opaque, and qop."},
	},
	"rfc7616/digest-unquoted-params": {
		{Section: "3.3", Text: "For historical reasons, a sender MUST NOT generate the quoted string syntax values for the following parameters: stale and algorithm."},
	},
	"rfc7616/digest-nonce-required": {
		{Section: "3.3", Text: "nonce: A server-specified string which should be uniquely generated each time a 401 response is made.", Note: "No keyword on its presence, but §3.4.1 computes every response over the nonce, and RFC 2617's grammar required it: without one no client can answer. A definition-only constraint, hence SHOULD (README)."},
	},
	"rfc7616/digest-nonce-unique": {
		{Section: "3.3", Text: "nonce: A server-specified string which should be uniquely generated each time a 401 response is made.", Note: "\"should\" in lower case, no BCP 14 keyword: the rule informs and never fails a run."},
		{Section: "5.5", Text: "Proper nonce generation and checking provides some protection against replay of previously used valid credentials, but see Section 5.8.", Note: "Why a repeated nonce matters: every request captured under it can be replayed while the server issues it, unless nc is checked (§3.4)."},
	},
	"rfc7616/digest-realm-required": {
		{Section: "3.3", Text: "realm: A string to be displayed to users so they know which username and password to use.", Note: "No keyword; the client's A1 (§3.4.2) is computed over the realm, and RFC 2617's grammar required it. Hence SHOULD."},
	},
	"rfc7616/digest-qop-required": {
		{Section: "3.3", Text: "qop: This parameter MUST be used by all implementations. It is a quoted string of one or more tokens indicating the \"quality of protection\" values supported by the server."},
	},
	"rfc7616/digest-qop-values": {
		{Section: "3.3", Text: "The value \"auth\" indicates authentication; the value \"auth-int\" indicates authentication with integrity protection ... Unrecognized options MUST be ignored."},
	},
	"rfc7616/digest-algorithm-value": {
		{Section: "3.3", Text: "If the algorithm is not understood, the challenge SHOULD be ignored (and a different one used, if there is more than one)."},
	},
	"rfc7616/digest-md5-only": {
		{Section: "3.2", Text: "is still supported but NOT RECOMMENDED", Note: "Said of MD5, kept for backward compatibility with RFC 2617. NOT RECOMMENDED is SHOULD NOT (BCP 14), hence SHOULD."},
		{Section: "3.7", Text: "If the server responds with multiple challenges, then each one of these challenges MUST use a different digest algorithm. The server MUST add these challenges to the response in order of preference, starting with the most preferred algorithm, followed by the less preferred algorithm.", Note: "So MD5 can stay, after a stronger algorithm, for old clients; only MD5 alone warns."},
	},
	"rfc7616/digest-stale-value": {
		{Section: "3.3", Text: "stale: A case-insensitive flag indicating that the previous request from the client was rejected because the nonce value was stale. ... If stale is false, or anything other than true, or the stale parameter is not present, the username and/or password are invalid, and new values MUST be obtained.", Note: "The MUST binds the client; the flag's values are a definition, so anything but true or false only informs."},
	},
	"rfc7616/digest-userhash-value": {
		{Section: "3.3", Text: "userhash: This is an OPTIONAL parameter that is used by the server to indicate that it supports username hashing. Valid values are: \"true\" or \"false\".", Note: "A definition without a keyword: SHOULD, by the README's rule for definition-only constraints."},
	},
	"rfc7616/digest-charset-value": {
		{Section: "3.3", Text: "charset: This is an OPTIONAL parameter that is used by the server to indicate the encoding scheme it supports. The only allowed value is \"UTF-8\".", Note: "A definition without a keyword: SHOULD, by the README's rule for definition-only constraints."},
	},
	"rfc7616/digest-stale-unprompted": {
		{Section: "3.3", Text: "The server SHOULD only set stale to true if it receives a request for which the nonce is invalid.", Note: "A request without Digest credentials carried no nonce to be invalid; stale=true tells the client its password was right."},
	},
	"rfc7616/digest-userhash-offered": {
		{Section: "3.4.4", Text: "To protect the transport of the username from the client to the server, the server SHOULD set the userhash parameter with the value of \"true\" in the WWW-Authentication header field."},
	},
	"rfc7616/digest-authentication-info": {
		{Section: "3.5", Text: "The cnonce value and nc value MUST be the ones for the client request to which this message is the response. The rspauth, cnonce, and nc parameters MUST be present if \"qop=auth\" or \"qop=auth-int\" is specified.", Note: "\"Specified\" may mean in the request or in the Authentication-Info; every RFC 7616 request carries qop, so the rule takes the lenient reading: the Authentication-Info's own qop=auth or qop=auth-int."},
		{Section: "3.5", Text: "For historical reasons, a sender MUST only generate the quoted string syntax for the following parameters: nextnonce, rspauth, and cnonce."},
		{Section: "3.5", Text: "For historical reasons, a sender MUST NOT generate the quoted string syntax for the following parameters: qop and nc."},
		{Section: "3.5", Text: "For historical reasons, the nc value MUST be exactly 8 hexadecimal digits."},
	},
	"rfc7616/digest-authinfo-qop-echo": {
		{Section: "3.5", Text: "The server SHOULD use the same value for the qop parameter in the response as was sent by the client in the corresponding request."},
	},
	"rfc7616/digest-rspauth": {
		{Section: "3.5", Text: "The optional response digest in the rspauth parameter supports mutual authentication -- the server proves that it knows the user's secret, and with qop=auth-int also provides limited integrity protection of the response. The rspauth value is calculated as for the response in the Authorization header field, except that if qop is set to \"auth\" or is not specified in the Authorization header field for the request, A2 is", Note: "A2 = \":\" request-uri. No keyword defines the value: a definition-only constraint, hence SHOULD."},
	},
	"rfc7616/digest-distinct-algorithms": {
		{Section: "3.7", Text: "If the server responds with multiple challenges, then each one of these challenges MUST use a different digest algorithm."},
	},

	// RFC 7486: HOBA.
	"rfc7486/hoba-challenge-required": {
		{Section: "3", Text: "The \"challenge\" attribute MUST be included."},
	},
	"rfc7486/hoba-max-age-required": {
		{Section: "3", Text: "A \"max-age\" attribute MUST be included."},
	},
	"rfc7486/hoba-challenge-base64url": {
		{Section: "2", Text: "challenge: MUST be a base64url-encoded challenge value that the server chose to send to the client.", Note: "The keyword the rule's level rests on (audit D14)."},
		{Section: "2", Text: "challenge = 1*base64urlchars", Note: "Figure 1: base64urlchars are letters, digits, \"-\", \"_\" and \"=\"."},
		{Section: "3", Text: "The challenge is the string made up of the base64url-encoded octets that the server wants the client to sign in its response."},
	},
	"rfc7486/hoba-challenge-unique": {
		{Section: "3", Text: "The challenge MUST be unique for every 401 HTTP response in order to prevent replay attacks from passive observers."},
	},
	"rfc7486/hoba-challenge-length": {
		{Section: "2", Text: "The challenge MUST be chosen so that it is infeasible to guess and SHOULD be indistinguishable from (the base64url encoding of) a random string that is at least 128 bits long.", Note: "A black box cannot tell random from guessable; it can count the bits: fewer than 128 decoded bits break the SHOULD."},
	},

	// RFC 8120: Mutual.
	"rfc8120/mutual-init-params": {
		{Section: "4.1", Text: "The challenge SHALL contain all of the parameters marked \"mandatory\" below"},
	},
	"rfc8120/mutual-exclusive-params": {
		{Section: "4", Text: "For responses, the parameters \"reason\", any \"ks#\" ..., and \"vks\" are mutually exclusive; any challenges MUST NOT contain two or more parameters among them. They MUST NOT contain any \"kc#\" or \"vkc\" parameters."},
	},
	"rfc8120/mutual-version": {
		{Section: "4", Text: "Implementations of the protocol described in this specification MUST always send a token \"1\" to represent the version number."},
	},
	"rfc8120/mutual-authentication-info-not-in-trailer": {
		{Section: "4.5", Text: "Every 200-VFY-S message SHALL be a valid HTTP message that does not have a 401 (Unauthorized) status code and SHALL contain an Authentication-Info header with a \"vks\" parameter.", Note: "Only Mutual defines vks: an Authentication-Info that carries it is Mutual's."},
		{Section: "4.5", Text: "The header MUST be sent before the content body; it MUST NOT be sent in the trailer of a chunked-encoded response."},
		{RFC: "RFC 9110", Section: "11.6.3", Text: "Authentication-Info can be sent as a trailer field (Section 6.5) when the authentication scheme explicitly allows this.", Note: "Mutual explicitly forbids it; Digest allows it (RFC 7616 §3.5), so only Mutual's field is judged."},
	},

	// RFC 7804: SCRAM.
	"rfc7804/scram-sha-1-data-base64": {
		{Section: "7", Text: "base64-char = ALPHA / DIGIT / \"/\" / \"+\" base64-4 = 4base64-char base64-3 = 3base64-char \"=\" base64-2 = 2base64-char \"==\" base64 = *base64-4 [base64-3 / base64-2]", Note: "The grammar of the data attribute; RFC 9110 §2.2's \"A sender MUST NOT generate protocol elements that do not match the grammar\" makes it a MUST."},
		{Section: "7", Text: "data = \"data=\" base64 ;; The \"data\" attribute value is base64-encoded ;; SCRAM challenge or response defined in ;; RFC 5802."},
		{Section: "5", Text: "the server sends the WWW-Authenticate header field containing a unique session identifier (the \"sid\" attribute) plus the \"data\" attribute containing the base64-encoded \"server-first-message\" [RFC5802]."},
	},
	"rfc7804/scram-sha-256-data-base64": {
		{Section: "7", Text: "base64-char = ALPHA / DIGIT / \"/\" / \"+\" base64-4 = 4base64-char base64-3 = 3base64-char \"=\" base64-2 = 2base64-char \"==\" base64 = *base64-4 [base64-3 / base64-2]", Note: "The grammar of the data attribute; RFC 9110 §2.2's \"A sender MUST NOT generate protocol elements that do not match the grammar\" makes it a MUST."},
		{Section: "7", Text: "data = \"data=\" base64 ;; The \"data\" attribute value is base64-encoded ;; SCRAM challenge or response defined in ;; RFC 5802."},
		{Section: "5", Text: "the server sends the WWW-Authenticate header field containing a unique session identifier (the \"sid\" attribute) plus the \"data\" attribute containing the base64-encoded \"server-first-message\" [RFC5802]."},
	},

	// RFC 4559: Negotiate.
	"rfc4559/negotiate-gssapi-data": {
		{Section: "4.1", Text: "challenge = \"Negotiate\" auth-data", Note: "where gssapi-data, the only auth-data, is the base64 encoding of a GSS-API token: a Negotiate challenge is bare or carries one token, never auth-params."},
	},
	"rfc4559/negotiate-initial-bare": {
		{Section: "4.1", Text: "The initial WWW-Authenticate header will not carry any gssapi-data."},
	},

	// RFC 5849: OAuth 1.0.
	"rfc5849/oauth-cleartext": {
		{Section: "3.4.4", Text: "The \"PLAINTEXT\" method does not employ a signature algorithm. It MUST be used with a transport-layer mechanism such as TLS or SSL (or sent over a secure channel with equivalent protections)."},
	},

	// RFC 8292: VAPID.
	"rfc8292/vapid-not-proxy": {
		{Section: "3", Text: "This authentication scheme is for origin-server authentication only. Therefore, this authentication scheme MUST NOT be used with the Proxy-Authenticate or Proxy-Authorization header fields."},
	},
	"rfc8292/vapid-bare-challenge": {
		{Section: "3", Text: "The challenge for the \"vapid\" authentication scheme contains only the \"auth-scheme\" production. No parameters are currently defined."},
	},

	// RFC 9449: DPoP.
	"rfc9449/dpop-not-proxy": {
		{Section: "7.1", Text: "this authentication scheme MUST NOT be used with the Proxy-Authenticate or Proxy-Authorization header fields."},
	},
	"rfc9449/dpop-algs-recommended": {
		{Section: "7.1", Text: "An algs parameter SHOULD be included to signal to the client the JWS algorithms that are acceptable for the DPoP proof JWT."},
	},
	"rfc9449/dpop-algs-asymmetric": {
		{Section: "11.6", Text: "Implementers MUST ensure that only asymmetric digital signature algorithms (such as ES256) that are deemed secure can be used for signing DPoP proofs. In particular, the algorithm none MUST NOT be allowed."},
	},
	"rfc9449/dpop-error-expected": {
		{Section: "7.1", Text: "An error parameter ... SHOULD be included to indicate the reason why the request was declined, if the request included an access token but failed authentication."},
	},
	"rfc9449/dpop-no-error-without-token": {
		{Section: "7.2", Text: "If no authentication information has been included with the request, then the challenges SHOULD NOT include an error code or other error information, as per Section 3.1 of [RFC6750] (Figure 17).", Note: "One of the rules §7.2 RECOMMENDS for a resource answering with both Bearer and DPoP challenges; §7.1 asks for an error only \"if the request included an access token but failed authentication\", so authspec applies it to every DPoP challenge."},
		{RFC: "RFC 6750", Section: "3.1", Text: "If the request lacks any authentication information (e.g., the client was unaware that authentication is necessary or attempted using an unsupported authentication method), the resource server SHOULD NOT include an error code or other error information."},
	},
	"rfc9449/dpop-proof-single-field": {
		{Section: "4.3", Text: "To validate a DPoP proof, the receiving server MUST ensure the following: 1. There is not more than one DPoP HTTP request header field."},
	},
	"rfc9449/dpop-proof-asymmetric-alg": {
		{Section: "4.3", Text: "To validate a DPoP proof, the receiving server MUST ensure the following: ... 5. The alg JOSE Header Parameter indicates a registered asymmetric digital signature algorithm [IANA.JOSE.ALGS], is not none, is supported by the application, and is acceptable per local policy."},
	},
	"rfc9449/dpop-proof-htm-checked": {
		{Section: "4.3", Text: "To validate a DPoP proof, the receiving server MUST ensure the following: ... 8. The htm claim matches the HTTP method of the current request."},
	},
	"rfc9449/dpop-proof-htu-checked": {
		{Section: "4.3", Text: "To validate a DPoP proof, the receiving server MUST ensure the following: ... 9. The htu claim matches the HTTP URI value for the HTTP request in which the JWT was received, ignoring any query and fragment parts."},
	},
	"rfc9449/dpop-bound-not-bearer": {
		{Section: "7.2", Text: "Protected resources simultaneously supporting both the DPoP and Bearer schemes need to update how the evaluation process is performed for bearer tokens to prevent downgraded usage of a DPoP-bound access token. Specifically, such a protected resource MUST reject a DPoP-bound access token received as a bearer token per [RFC6750].", Note: "A resource that supports DPoP only does not accept Bearer at all, so the bound token sent as Bearer must be refused there too."},
	},
	"rfc9449/dpop-param-charset": {
		{Section: "7.1", Text: "as defined in [RFC6750], Section 3", Note: "DPoP's scope and error parameters take RFC 6750 §3's definitions, and so its character sets."},
		{RFC: "RFC 6750", Section: "3", Text: "Values for the \"error\" and \"error_description\" attributes (specified in Appendixes A.7 and A.8 of [RFC6749]) MUST NOT include characters outside the set %x20-21 / %x23-5B / %x5D-7E."},
	},

	// RFC 9457: problem details.
	"rfc9457/problem-object": {
		{Section: "3", Text: "The canonical model for problem details is a JSON [JSON] object."},
	},
	"rfc9457/problem-status-matches": {
		{Section: "3.1.2", Text: "The \"status\" member, if present, is only advisory; it conveys the HTTP status code used for the convenience of the consumer. Generators MUST use the same status code in the actual HTTP response, to assure that generic HTTP software that does not understand this format still behaves correctly."},
	},
	"rfc9457/problem-member-types": {
		{Section: "3.1", Text: "If a member's value type does not match the specified type, the member MUST be ignored -- i.e., processing will continue as if the member had not been present.", Note: "The keyword binds consumers; for the server, a member of the wrong type is a member lost, hence SHOULD."},
	},

	// RFC 9577: Privacy Pass.
	"rfc9577/privatetoken-challenge-required": {
		{Section: "2.1.2", Text: "This parameter is required for all challenges.", Note: "Said of the challenge parameter, the base64url-encoded TokenChallenge."},
	},
	"rfc9577/privatetoken-base64url-padded": {
		{Section: "2.1.2", Text: "This document follows the default padding behavior described in Section 3.2 of [RFC4648], so the base64url value MUST include padding."},
	},
	"rfc9577/privatetoken-challenge-structure": {
		{Section: "2.1.1", Text: "All token challenges MUST begin with a 2-octet integer that defines the token type, in network byte order."},
		{Section: "2.1.1", Text: "Challenges with redemption_context values of invalid lengths MUST be ignored."},
		{Section: "2.1.1", Text: "redemption_context is a field that is either 0 or 32 bytes, prefixed with a single octet indicating the length (either 0 or 32).", Note: "The default TokenChallenge structure (token_type, issuer_name<1..2^16-1>, redemption_context<0..32>, origin_info<0..2^16-1>) is defined in §2.1.1 itself; token types 1 and 2 use it."},
	},
	"rfc9577/privatetoken-origin-info": {
		{Section: "2.1.1", Text: "If this field is not empty, the Origin MUST include its own name as one of the names in the list.", Note: "Said of origin_info, a comma-separated list of server names (§2.1.1.1: a hostname and optional port, 443 when missing)."},
	},
	"rfc9577/privatetoken-max-age": {
		{Section: "2.1.2", Text: "max-age, which is an optional parameter that consists of the number of seconds for which the challenge will be accepted by the Origin."},
	},

	// RFC 9635: GNAP.
	"rfc9635/gnap-as-uri": {
		{Section: "9.1", Text: "as_uri: The URI of the grant endpoint of the GNAP AS. Used by the client instance to call the AS to request an access token.", Note: "Listed among the OPTIONAL parameters the RS MAY return, so the rule only informs."},
	},

	// RFC 9729: Concealed.
	"rfc9729/concealed-no-challenge": {
		{Section: "1", Text: "it is possible for clients to send such information unprompted", Note: "Concealed defines credential parameters only (§4) and no challenge; its point is a resource that cannot be probed (§6.4), which a challenge naming the scheme defeats."},
	},
}
