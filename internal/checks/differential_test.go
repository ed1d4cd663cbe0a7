package checks

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/docker/distribution/registry/client/auth/challenge"
)

// The differential test compares our parser with a lenient one that real
// clients run: the docker/distribution registry client's challenge package
// (test-only dependency). Where both accept a field line, both must read the
// same scheme and the same parameters.
//
// "Both accept" is narrowed to what that parser can express. Its known gaps,
// each excluded from the comparison (and the first pinned below):
//
//   - One challenge per field line: on `Basic realm="a", Digest realm="b"` it
//     returns Basic alone, reading "Digest realm" as a parameter name that
//     has no "=". Lines where we find more than one challenge are skipped.
//   - No token68: `Negotiate abc==` gives scheme negotiate and no
//     parameters. Challenges with a token68 are skipped.
//   - It stops reading at an empty value (realm=""), keeping what came
//     before: lines with an empty value are skipped.
//   - Parameters go into a map, so a repeated name keeps its last value;
//     it takes no BWS around "="; it reads CR and LF as whitespace; it
//     accepts trailing garbage. Lines on which we have any finding are
//     skipped, so all of these are.
//   - It does not skip leading whitespace (net/http trims it from field
//     values before any parser sees them): such lines are skipped.
//   - It lower-cases schemes and names: compared case-insensitively.
func TestDifferentialDockerChallenge(t *testing.T) {
	var lines []string
	for _, tc := range append(append([]parseCase{}, rfcExamples...), grammarCorners...) {
		lines = append(lines, tc.lines...)
	}
	rng := rand.New(rand.NewPCG(9110, 7235))
	for range 3000 {
		lines = append(lines, randomChallengeLine(rng))
	}

	compared := 0
	for _, line := range lines {
		ours, fs := ParseChallenges([]string{line})
		if len(fs) > 0 || len(ours) != 1 || ours[0].HasToken68 || hasEmptyValue(ours[0]) || ours[0].Offset > 0 {
			continue
		}
		theirs := dockerChallenges(line)
		compared++
		if len(theirs) != 1 {
			t.Errorf("%q: docker read %d challenges, we read %s", line, len(theirs), describeChallenges(ours))
			continue
		}
		if diff := compareWithDocker(ours[0], theirs[0]); diff != "" {
			t.Errorf("%q: %s", line, diff)
		}
	}
	// The comparison must have had something to compare.
	t.Logf("%d of %d lines compared", compared, len(lines))
	if compared < 2000 {
		t.Errorf("only %d lines compared", compared)
	}
}

// TestDifferentialKnownGap pins the first gap above: the RFC's own
// multi-challenge example, which a comma-splitting reader gets wrong.
func TestDifferentialKnownGap(t *testing.T) {
	line := `Basic realm="simple", Newauth realm="apps", type=1, title="Login to \"apps\""`
	ours, _ := ParseChallenges([]string{line})
	theirs := dockerChallenges(line)
	if len(ours) != 2 || len(theirs) != 1 || theirs[0].Scheme != "basic" || theirs[0].Parameters["realm"] != "simple" {
		t.Errorf("ours %s; docker %+v", describeChallenges(ours), theirs)
	}
}

func dockerChallenges(line string) []challenge.Challenge {
	resp := &http.Response{StatusCode: http.StatusUnauthorized, Header: http.Header{"Www-Authenticate": {line}}}
	return challenge.ResponseChallenges(resp)
}

func compareWithDocker(ours Challenge, theirs challenge.Challenge) string {
	if !strings.EqualFold(ours.Scheme, theirs.Scheme) {
		return fmt.Sprintf("scheme %q vs docker %q", ours.Scheme, theirs.Scheme)
	}
	if len(ours.Params) != len(theirs.Parameters) {
		return fmt.Sprintf("params %s vs docker %v", describeChallenges([]Challenge{ours}), theirs.Parameters)
	}
	for _, p := range ours.Params {
		v, ok := theirs.Parameters[strings.ToLower(p.Name)]
		if !ok || v != p.Value {
			return fmt.Sprintf("param %s=%q vs docker %q (present %v)", p.Name, p.Value, v, ok)
		}
	}
	return ""
}

func hasEmptyValue(c Challenge) bool {
	for _, p := range c.Params {
		if p.Value == "" {
			return true
		}
	}
	return false
}

// randomChallengeLine builds one challenge from the grammar's pieces:
// schemes and names of every tchar, values as tokens or as quoted-strings
// holding commas, "=", spaces, escaped quotes and backslashes. A few are
// deliberately off (BWS, a repeated name, an empty value) so the skip rules
// above are exercised too.
func randomChallengeLine(rng *rand.Rand) string {
	const tchars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~"
	token := func(n int) string {
		b := make([]byte, 1+rng.IntN(n))
		for i := range b {
			b[i] = tchars[rng.IntN(len(tchars))]
		}
		return string(b)
	}
	quoted := func() string {
		pieces := []string{"a", "b c", ",", "=", `\"`, `\\`, " ", "realm=\\\"x\\\"", "Basic", ", Digest x=y", "\t"}
		var b strings.Builder
		b.WriteByte('"')
		for range rng.IntN(6) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		b.WriteByte('"')
		return b.String()
	}
	var b strings.Builder
	b.WriteString(token(8))
	n := rng.IntN(5)
	for i := range n {
		if i == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteString([]string{", ", ",", " , ", ",\t"}[rng.IntN(4)])
		}
		name := fmt.Sprintf("%s%d", token(6), i) // distinct names
		if rng.IntN(40) == 0 {
			name = "dup" // sometimes repeated
		}
		b.WriteString(name)
		if rng.IntN(40) == 0 {
			b.WriteString(" = ") // BWS
		} else {
			b.WriteByte('=')
		}
		switch rng.IntN(3) {
		case 0:
			b.WriteString(token(10))
		default:
			b.WriteString(quoted())
		}
	}
	return b.String()
}
