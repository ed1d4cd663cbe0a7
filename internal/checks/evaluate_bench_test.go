package checks

import (
	"net/http"
	"testing"
)

// BenchmarkEvaluate judges one typical 401, two challenges and a problem
// details body, against the whole catalogue: the work the suite does for
// every response it receives.
func BenchmarkEvaluate(b *testing.B) {
	ex := &Exchange{
		Method: "GET",
		Status: http.StatusUnauthorized,
		Header: http.Header{
			"Www-Authenticate": {`Basic realm="api", charset="UTF-8"`, `Bearer realm="api", scope="read write"`},
			"Content-Type":     {"application/problem+json"},
		},
		Body:              []byte(`{"type":"about:blank","title":"Unauthorized","status":401,"detail":"Send credentials."}`),
		DeclaredLength:    86,
		SentAuthorization: "Basic dXNlcjpwYXNz",
		Secrets:           []string{"dXNlcjpwYXNz", "pass"},
	}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(ex)
	}
}
