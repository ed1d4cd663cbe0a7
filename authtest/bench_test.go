package authtest_test

import (
	"testing"

	"github.com/authspec/authspec/authtest"
	"github.com/authspec/authspec/internal/refserver"
)

// BenchmarkHandlerFiveResources is the cost of one `go test` of a handler
// with five resources: authtest.Handler on the reference handler's five
// protected resources (Basic, Digest, Bearer, both on separate lines and on
// one), every probe, about 80 requests. The target is under 50 ms.
func BenchmarkHandlerFiveResources(b *testing.B) {
	opts := refOptions()
	for b.Loop() {
		report := authtest.Handler(b, refserver.Handler(), opts...)
		if !report.Passed() {
			b.Fatalf("the reference handler did not pass:\n%s", report)
		}
	}
}
