package checks

import (
	"net/http"
	"testing"
)

func TestBearerRules(t *testing.T) {
	const (
		params   = "rfc6750/bearer-params-required"
		charset  = "rfc6750/bearer-param-charset"
		code     = "rfc6750/bearer-error-code"
		known    = "rfc6750/bearer-error-registered"
		noError  = "rfc6750/bearer-no-error-without-token"
		expected = "rfc6750/bearer-error-expected"
	)
	token := schSent("Bearer mF_9.B5f-4.1JqM")
	expired := `Bearer realm="example", error="invalid_token", error_description="The access token expired"`
	schRunCases(t, []schCase{
		{"RFC 6750 §3 example, no credentials", schResponse(`Bearer realm="example"`), nil},
		{"RFC 6750 §3 example, expired token", schWith(schResponse(expired), token), nil},
		{"RFC 6750 §3 scope example 1", schResponse(`Bearer scope="openid profile email"`), nil},
		{"RFC 6750 §3 scope example 2", schResponse(`Bearer scope="urn:example:channel=HBO&urn:example:rating=G,PG-13"`), nil},
		{"insufficient_scope on 403", schWith(schResponse(`Bearer error="insufficient_scope", scope="admin"`), token, schStatus(http.StatusForbidden)), nil},
		{"invalid_request on 400", schWith(schResponse(`Bearer error="invalid_request"`), token, schStatus(http.StatusBadRequest)), nil},
		{"error_uri", schWith(schResponse(`Bearer error="invalid_token", error_uri="https://example.com/e?x=1"`), token), nil},
		{"Basic credentials, Basic offered too", schWith(schResponse(`Basic realm="x"`, `Bearer realm="x"`), schSent("Basic dTpw")), nil},
		{"lower-case sent scheme", schWith(schResponse(`Bearer error="invalid_token"`), schSent("bearer abc")), nil},
		{"bare Bearer", schResponse(`Bearer`), []string{params}},
		{"Bearer with a token68", schResponse(`Bearer abc=`), []string{params}},
		{"error twice", schWith(schResponse(`Bearer error="invalid_token", error="invalid_request"`), token), []string{code}},
		{"quote in error_description", schWith(schResponse(`Bearer error="invalid_token", error_description="bad \"token\""`), token), []string{charset}},
		{"non-ASCII in error_description", schWith(schResponse("Bearer error=\"invalid_token\", error_description=\"caf\u00e9\""), token), []string{charset}},
		{"space in error_uri", schWith(schResponse(`Bearer error="invalid_token", error_uri="https://e.com/a b"`), token), []string{charset}},
		{"backslash in scope", schResponse(`Bearer scope="a\\b"`), []string{charset}},
		{"invalid_token on 400", schWith(schResponse(`Bearer error="invalid_token"`), token, schStatus(http.StatusBadRequest)), []string{code}},
		{"insufficient_scope on 401", schWith(schResponse(`Bearer error="insufficient_scope"`), token), []string{code}},
		{"unknown error code", schWith(schResponse(`Bearer error="token_expired"`), token), []string{known}},
		{"extension error code", schWith(schResponse(`Bearer error="insufficient_user_authentication"`), token), nil},
		{"error without credentials", schResponse(`Bearer realm="x", error="invalid_token", error_description="no token"`), []string{noError}},
		{"error after unsupported scheme", schWith(schResponse(`Bearer error="invalid_request"`), schSent("Basic dTpw")), []string{noError, code}},
		{"refused token, no error", schWith(schResponse(`Bearer realm="example"`), token), []string{expected}},
		{"no Bearer offered", schResponse(`Basic realm="x"`), nil},
	}, "Bearer")
}

func TestBearerProxyIsNotJudgedOnStatus(t *testing.T) {
	e := schWith(schResponse(`Bearer error="invalid_token"`), schSent("Bearer abc"), schAsProxy)
	if got := Judge(BearerErrorStatus, NewContext(e)).Status; got != NotApplicable {
		t.Errorf("bearer-error-code on a proxy: %s, want n/a", got)
	}
	if got := Judge(BearerErrorExpected, NewContext(e)).Status; got != NotApplicable {
		t.Errorf("bearer-error-expected on a proxy: %s, want n/a", got)
	}
}

func TestBearerRFCExamplesClean(t *testing.T) {
	schAssertClean(t, schResponse(`Bearer realm="example"`))
	schAssertClean(t, schWith(schResponse(`Bearer realm="example", error="invalid_token", error_description="The access token expired"`), schSent("Bearer mF_9.B5f-4.1JqM")))
}
