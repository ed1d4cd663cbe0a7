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

// BenchmarkParseChallengesHostile parses 1 MiB of stray commas, the worst
// case for findings: the cost per byte should match the clean case's order
// of magnitude (the work is linear and the findings are capped).
func BenchmarkParseChallengesHostile(b *testing.B) {
	lines := []string{strings.Repeat(", ", 1<<19)}
	b.ReportAllocs()
	b.SetBytes(int64(len(lines[0])))
	for b.Loop() {
		ParseChallenges(lines)
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
