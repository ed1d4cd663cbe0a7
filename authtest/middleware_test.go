package authtest_test

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/authspec/authspec/authtest"
)

// Handlers written the way popular Go middleware writes them, probed as
// `authspec run` would probe the servers they end up in.

const (
	mwUser, mwPass, mwToken = "alice", "s3cret-pw", "tok-123"
)

func resource(w http.ResponseWriter, r *http.Request) { w.Write([]byte("the resource\n")) }

// basicAuthStdlib is the pattern of net/http's documentation and most
// tutorials: r.BasicAuth, a constant-time compare, a challenge with
// charset (RFC 7617 §2.1), and http.Error for the body.
func basicAuthStdlib(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if ok && subtle.ConstantTimeCompare([]byte(user), []byte(mwUser)) == 1 &&
			subtle.ConstantTimeCompare([]byte(pass), []byte(mwPass)) == 1 {
			next(w, r)
			return
		}
		w.Header().Set("WWW-Authenticate", `Basic realm="restricted", charset="UTF-8"`)
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
	})
}

// jwtStyle is the pattern of many JWT middlewares: the token cut after a
// case-sensitive "Bearer " prefix, and a JSON error without a challenge.
func jwtStyle(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if found && token == mwToken {
			next(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		json.NewEncoder(w).Encode(map[string]string{"error": "unauthorized"})
	})
}

// bearerRFC6750 is a Bearer middleware that follows RFC 6750: the scheme
// matched without regard to case, error="invalid_token" when a token was
// refused, 400 invalid_request for a malformed Authorization field.
func bearerRFC6750(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth, sent := r.Header["Authorization"]
		if !sent {
			w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
			http.Error(w, "a bearer token is required", http.StatusUnauthorized)
			return
		}
		scheme, token, _ := strings.Cut(auth[0], " ")
		switch {
		case !strings.EqualFold(scheme, "Bearer"):
			w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
			http.Error(w, "only bearer tokens are accepted", http.StatusUnauthorized)
		case token == "" || strings.ContainsAny(token, " ,\"") || len(token) > 4096:
			w.Header().Set("WWW-Authenticate", `Bearer realm="api", error="invalid_request"`)
			http.Error(w, "the Authorization field is malformed", http.StatusBadRequest)
		case token != mwToken:
			w.Header().Set("WWW-Authenticate", `Bearer realm="api", error="invalid_token", error_description="the token is not valid"`)
			http.Error(w, "the token is not valid", http.StatusUnauthorized)
		default:
			next(w, r)
		}
	})
}

func TestMiddlewareAsWritten(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		handler  http.Handler
		opts     []authtest.Option
		wantFail []string
	}{
		{"basic-stdlib", basicAuthStdlib(resource),
			[]authtest.Option{authtest.Username(mwUser), authtest.Password(mwPass), authtest.ExpectSchemes("Basic")}, nil},
		{"bearer-rfc6750", bearerRFC6750(resource),
			[]authtest.Option{authtest.Token(mwToken), authtest.ExpectSchemes("Bearer")}, nil},
		{"jwt-style", jwtStyle(resource),
			[]authtest.Option{authtest.Token(mwToken)},
			[]string{"rfc9110/challenge-present", "rfc9110/scheme-case-insensitive"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			opts := append([]authtest.Option{authtest.Resources("/api/v1/me", "POST /api/v1/orders")}, c.opts...)
			report := authtest.Handler(t, c.handler, opts...)
			got := rulesWith(report, authtest.Fail)
			if !slices.Equal(got, c.wantFail) {
				t.Errorf("failed %v, want %v\n%s", got, c.wantFail, report)
			}
			if report.Passed() != (len(c.wantFail) == 0) {
				t.Errorf("Passed() = %v", report.Passed())
			}
		})
	}
}
