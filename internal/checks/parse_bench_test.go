package checks

import (
	"strings"
	"testing"
)

// threeChallenges is a realistic busy field line: the RFC 9110 §11.6.1
// example plus a Digest challenge in the RFC 7616 style.
var threeChallenges = []string{`Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple", ` +
	`Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"`}

// BenchmarkParseChallenges parses the three-challenge line; it must stay
// well under 10 µs/op.
func BenchmarkParseChallenges(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		chs, fs := ParseChallenges(threeChallenges)
		if len(chs) != 3 || len(fs) != 0 {
			b.Fatalf("%d challenges, %d findings", len(chs), len(fs))
		}
	}
}

// BenchmarkParseChallengesHostile parses about 1 MiB of each hostile shape.
// Throughput (MB/s) should be of one order of magnitude across shapes: the
// work is linear and the findings are capped. A shape far slower than the
// others points at a super-linear path (many escaped quoted-strings on one
// line once cost seconds here).
func BenchmarkParseChallengesHostile(b *testing.B) {
	const n = 1 << 20
	shapes := []struct {
		name  string
		lines []string
	}{
		{"stray-commas", []string{strings.Repeat(", ", n/2)}},
		{"escaped-quoted-strings", []string{"Foo " + strings.Repeat(`a=""", `, n/8)}},
		{"challenges-past-the-cap", []string{strings.Repeat("A, ", n/3)}},
		{"params-past-the-cap", []string{"Foo " + strings.Repeat("a=b, ", n/5)}},
		{"grammar-errors", []string{strings.Repeat(`"x" y, `, n/7)}},
		{"bws", []string{"Foo " + strings.Repeat("a = b, ", n/7)}},
		{"control-chars", []string{strings.Repeat("\x01", n/4)}},
		{"one-long-token", []string{"Foo " + strings.Repeat("a", n)}},
		{"unterminated-quote", []string{`Foo a="` + strings.Repeat(`\x`, n/3)}},
		{"many-lines", strings.Split(strings.Repeat("Basic realm=\"x\"\n", n/16), "\n")},
	}
	for _, sh := range shapes {
		size := 0
		for _, l := range sh.lines {
			size += len(l)
		}
		b.Run(sh.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size))
			for b.Loop() {
				ParseChallenges(sh.lines)
			}
		})
	}
}

// BenchmarkSerialise writes the three challenges back out.
func BenchmarkSerialise(b *testing.B) {
	chs, _ := ParseChallenges(threeChallenges)
	b.ReportAllocs()
	for b.Loop() {
		_ = Serialise(chs)
	}
}
