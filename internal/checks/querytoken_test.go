package checks

import (
	"net/http"
	"strings"
	"testing"
)

// bothWays is the answer to the declared token sent both in
// Authorization: Bearer and as access_token in the query.
func bothWays(status int, challenges ...string) *Exchange {
	return schWith(schResponse(challenges...), schStatus(status), schSent("Bearer tok.valid"), func(e *Exchange) { e.QueryToken = true })
}

// RFC 6750 §3.1: a request using more than one method is invalid_request,
// answered with 400. Served fails; a 400 with invalid_request passes; a
// refusal with invalid_request under another status passes here (the
// status is rfc6750/bearer-error-code's); any other refusal fails.
func TestCheckOneTokenMethod(t *testing.T) {
	for _, tc := range []struct {
		name string
		ex   *Exchange
		fail string // a word of the finding, "" for a pass
	}{
		{"400 invalid_request", bothWays(400, `Bearer realm="api", error="invalid_request"`), ""},
		{"400 invalid_request, token68 case", bothWays(400, `bearer realm="api", ERROR="invalid_request"`), ""},
		{"401 invalid_request", bothWays(401, `Bearer realm="api", error="invalid_request"`), ""},
		{"served", bothWays(200), "got 200 OK"},
		{"served with a challenge", bothWays(204, `Bearer realm="api"`), "got 204"},
		{"400 without a challenge", bothWays(400), "400 Bad Request without a Bearer challenge"},
		{"400 with a bare Basic challenge", bothWays(400, `Basic realm="api"`), "without a Bearer challenge"},
		{"400 invalid_token", bothWays(400, `Bearer realm="api", error="invalid_token"`), `error="invalid_token"`},
		{"401 without error", bothWays(401, `Bearer realm="api"`), "401 Unauthorized whose Bearer challenge names no error"},
		{"403 insufficient_scope", bothWays(403, `Bearer error="insufficient_scope"`), `error="insufficient_scope"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := CheckOneTokenMethod(tc.ex)
			switch {
			case tc.fail == "" && len(fs) > 0:
				t.Errorf("finding on a correct answer: %v", fs)
			case tc.fail != "" && len(fs) != 1:
				t.Errorf("%d findings, want 1: %v", len(fs), fs)
			case tc.fail != "" && !strings.Contains(fs[0].Message, tc.fail):
				t.Errorf("finding %q does not say %q", fs[0].Message, tc.fail)
			case tc.fail != "" && fs[0].Rule != OneTokenMethod:
				t.Errorf("finding of %s", fs[0].Rule.ID)
			}
		})
	}
}

// Only a 2xx or a 4xx tells something: a redirect left alone or a 5xx is
// neither the resource served nor the request refused.
func TestOneTokenMethodJudged(t *testing.T) {
	for status, want := range map[int]bool{200: true, 204: true, 400: true, 401: true, 403: true, 302: false, 500: false, 503: false} {
		if got := OneTokenMethodJudged(&Exchange{Status: status}); got != want {
			t.Errorf("status %d judged %v, want %v", status, got, want)
		}
	}
}

// RFC 6750 §2.3: a 2xx to a token in the query SHOULD carry
// Cache-Control: private. no-store is at least as strict; the qualified
// private="field" is not; a refusal is not judged.
func TestCheckQueryTokenPrivate(t *testing.T) {
	served := func(status int, cacheControl ...string) *Exchange {
		h := http.Header{}
		for _, v := range cacheControl {
			h.Add("Cache-Control", v)
		}
		return &Exchange{Method: "GET", Status: status, Header: h, QueryToken: true, DeclaredLength: -1}
	}
	for _, tc := range []struct {
		name string
		ex   *Exchange
		fail bool
	}{
		{"private", served(200, "private"), false},
		{"private in capitals among others", served(200, "max-age=60, PRIVATE"), false},
		{"private on a second line", served(200, "max-age=60", "private"), false},
		{"no-store", served(200, "no-store"), false},
		{"private, no-store", served(200, "private, no-store"), false},
		{"206 private", served(206, "private, max-age=0"), false},
		{"no Cache-Control", served(200), true},
		{"public", served(200, "public, max-age=3600"), true},
		{"no-cache only", served(200, "no-cache"), true},
		{"qualified private", served(200, `private="Set-Cookie"`), true},
		{"private as a quoted value of another directive", served(200, `community="private, no-store"`), true},
		{"refused with no Cache-Control", served(401), false},
		{"redirect", served(302), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := CheckQueryTokenPrivate(tc.ex)
			if got := len(fs) > 0; got != tc.fail {
				t.Fatalf("findings %v, want a finding: %v", fs, tc.fail)
			}
			if tc.fail && (fs[0].Rule != QueryTokenPrivate || !strings.Contains(fs[0].Message, "Cache-Control: private")) {
				t.Errorf("finding %s: %q", fs[0].Rule.ID, fs[0].Message)
			}
		})
	}
}

// A token in the query is authentication information: the rules for a
// request without any (RFC 6750 §3.1's SHOULD NOT on error codes) must not
// fire on a refusal of it.
func TestQueryTokenIsAuthenticationInformation(t *testing.T) {
	refused := schWith(schResponse(`Bearer realm="api", error="invalid_token"`), func(e *Exchange) { e.QueryToken = true })
	if res := Judge(Lookup("rfc6750/bearer-no-error-without-token"), NewContext(refused)); res.Status == Violated {
		t.Errorf("a refusal of a token in the query was judged as one to a request without credentials: %v", res.Findings)
	}
	refused.QueryToken = false
	if res := Judge(Lookup("rfc6750/bearer-no-error-without-token"), NewContext(refused)); res.Status != Violated {
		t.Errorf("the control: the same answer to a request without credentials is not flagged (%v)", res.Status)
	}
}
