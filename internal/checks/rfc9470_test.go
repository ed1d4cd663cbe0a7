package checks

import (
	"net/http"
	"testing"
)

// Each RFC 9470 rule meets its right and wrong challenges, on Bearer and
// on DPoP (§3 extends both).
func TestStepUpRules(t *testing.T) {
	token := schSent("Bearer mF_9.B5f-4.1JqM")
	cases := []struct {
		name   string
		ex     *Exchange
		broken []string
	}{
		{"RFC 9470 Figure 2, acr_values", schWith(schResponse(`Bearer error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="myACR"`), token), nil},
		{"RFC 9470 Figure 3, quoted max_age", schWith(schResponse(`Bearer error="insufficient_user_authentication", error_description="More recent authentication is required", max_age="5"`), token), nil},
		{"token max_age and two acr values", schWith(schResponse(`Bearer error="insufficient_user_authentication", max_age=0, acr_values="urn:a mfa"`), token), nil},
		{"DPoP with both", schWith(schResponse(`DPoP algs="ES256", error="insufficient_user_authentication", max_age=300, acr_values="mfa"`), schSent("DPoP x")), nil},
		{"negative max_age", schWith(schResponse(`Bearer error="insufficient_user_authentication", max_age="-5"`), token), []string{"rfc9470/max-age-integer"}},
		{"max_age with a unit", schResponse(`Bearer realm="api", max_age="5m"`), []string{"rfc9470/max-age-integer"}},
		{"fractional max_age on DPoP", schResponse(`DPoP algs="ES256", max_age=1.5`), []string{"rfc9470/max-age-integer"}},
		{"empty acr_values", schResponse(`Bearer realm="api", acr_values=""`), []string{"rfc9470/acr-values-list"}},
		{"two spaces in acr_values", schResponse(`Bearer realm="api", acr_values="a  b"`), []string{"rfc9470/acr-values-list"}},
		{"tab in acr_values", schResponse("Bearer realm=\"api\", acr_values=\"a\tb\""), []string{"rfc9470/acr-values-list"}},
		{"step-up on a 403", schWith(schResponse(`Bearer error="insufficient_user_authentication"`), token, schStatus(http.StatusForbidden)), []string{"rfc9470/step-up-status"}},
		{"insufficient_scope on a 403 is not step-up's", schWith(schResponse(`Bearer error="insufficient_scope"`), token, schStatus(http.StatusForbidden)), nil},
	}
	rules := []*Rule{StepUpMaxAge, StepUpACRValues, StepUpStatus}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := schViolations(t, tc.ex, rules)
			if len(got) != len(tc.broken) || (len(got) > 0 && got[0] != tc.broken[0]) {
				t.Errorf("violated %v, want %v", got, tc.broken)
			}
		})
	}
}

// insufficient_user_authentication is a known code whose status is
// judged by rfc9470/step-up-status, not by the RFC 6750 rule.
func TestBearerErrorCodeKnowsStepUp(t *testing.T) {
	e := schWith(schResponse(`Bearer error="insufficient_user_authentication"`), schSent("Bearer x"), schStatus(http.StatusForbidden))
	c := NewContext(e)
	if got := Judge(BearerErrorKnown, c).Status; got != Pass {
		t.Errorf("bearer-error-registered on insufficient_user_authentication: %s, want pass", got)
	}
	if got := Judge(BearerErrorStatus, c).Status; got != Pass {
		t.Errorf("bearer-error-code on insufficient_user_authentication: %s, want pass (its status is rfc9470/step-up-status's)", got)
	}
	if bearerExtensionErrors["insufficient_user_authentication"] != http.StatusUnauthorized {
		t.Error("insufficient_user_authentication does not belong with 401")
	}
	if StepUpStatus.Level != Info || StepUpMaxAge.Level != Should || StepUpACRValues.Level != Should {
		t.Error("RFC 9470 has no keyword here: the status informs, the definitions are SHOULD")
	}
}

// The limited token: a 2xx breaks the declared rule, a refusal of the
// wrong form the SHOULD.
func TestLimitedTokenRules(t *testing.T) {
	token := schSent("Bearer limited")
	cases := []struct {
		name             string
		ex               *Exchange
		refused, formWrg bool
	}{
		{"403 insufficient_scope", schWith(schResponse(`Bearer error="insufficient_scope", scope="files:write"`), token, schStatus(http.StatusForbidden)), false, false},
		{"401 step-up", schWith(schResponse(`Bearer error="insufficient_user_authentication", acr_values="mfa"`), token), false, false},
		{"200 served", schWith(&Exchange{Header: http.Header{}}, token, schStatus(http.StatusOK)), true, false},
		{"204 served", schWith(&Exchange{Header: http.Header{}}, token, schStatus(http.StatusNoContent)), true, false},
		{"401 invalid_token", schWith(schResponse(`Bearer error="invalid_token"`), token), false, true},
		{"403 without a challenge", schWith(&Exchange{Header: http.Header{}}, token, schStatus(http.StatusForbidden)), false, true},
		{"404", schWith(&Exchange{Header: http.Header{}}, token, schStatus(http.StatusNotFound)), false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := len(CheckLimitedTokenRefused(tc.ex)) > 0; got != tc.refused {
				t.Errorf("limited-token-refused violated = %v, want %v", got, tc.refused)
			}
			if got := len(CheckInsufficientScopeRefusal(tc.ex)) > 0; got != tc.formWrg {
				t.Errorf("insufficient-scope-refusal violated = %v, want %v", got, tc.formWrg)
			}
		})
	}
	if !LimitedTokenRefused.Fails() || InsufficientScopeRefusal.Fails() {
		t.Error("a served limited token fails the run; the form of a refusal only warns")
	}
}
