package checks

import (
	"strings"
	"testing"
)

// A default-structure TokenChallenge: type 2, issuer "issuer.example.org",
// empty redemption context, empty origin_info.
const ptChallenge = "AAIAEmlzc3Vlci5leGFtcGxlLm9yZwAAAA=="

func TestPrivateTokenRules(t *testing.T) {
	const (
		required  = "rfc9577/privatetoken-challenge-required"
		base64url = "rfc9577/privatetoken-base64url-padded"
		structure = "rfc9577/privatetoken-challenge-structure"
		maxAge    = "rfc9577/privatetoken-max-age"
	)
	withCtx := "AAIAEmlzc3Vlci5leGFtcGxlLm9yZyAAAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHwALZXhhbXBsZS5jb20="
	schRunCases(t, []schCase{
		{"challenge and token-key", schResponse(`PrivateToken challenge="` + ptChallenge + `", token-key="AAkBAgM="`), nil},
		{"32-byte context and origin_info", schResponse(`PrivateToken challenge="` + withCtx + `", max-age=300`), nil},
		{"two challenges", schResponse(`PrivateToken challenge="` + ptChallenge + `", PrivateToken challenge="` + withCtx + `"`), nil},
		{"unknown token type is not parsed further", schResponse(`PrivateToken challenge="AAkBAgM="`), nil},
		{"no challenge", schResponse(`PrivateToken token-key="AAkBAgM="`), []string{required}},
		{"unpadded", schResponse(`PrivateToken challenge="AAIAEmlzc3Vlci5leGFtcGxlLm9yZwAAAA"`), []string{base64url}},
		{"standard base64 alphabet", schResponse(`PrivateToken challenge="` + ptChallenge + `", token-key="ab+/"`), []string{base64url}},
		{"too short for a token type", schResponse(`PrivateToken challenge="Bw=="`), []string{structure}},
		{"bad redemption context length", schResponse(`PrivateToken challenge="AAIAEmlzc3Vlci5leGFtcGxlLm9yZwVhYmNkZQAA"`), []string{structure}},
		{"max-age not a number", schResponse(`PrivateToken challenge="` + ptChallenge + `", max-age=soon`), []string{maxAge}},
		{"no PrivateToken offered", schResponse(`Basic realm="x"`), nil},
	}, "PrivateToken")
}

func TestPrivateTokenStructureProblems(t *testing.T) {
	issuer := []byte{0, 2, 0, 3, 'a', '.', 'b'}
	cases := []struct {
		name string
		b    []byte
		want string // substring of the problem; "" for none
	}{
		{"well-formed", append(append([]byte{}, issuer...), 0, 0, 0), ""},
		{"empty issuer", []byte{0, 1, 0, 0, 0, 0, 0}, "issuer_name"},
		{"truncated issuer", []byte{0, 1, 0, 9, 'a'}, "issuer_name"},
		{"no context length", append([]byte{}, issuer...), "redemption_context"},
		{"truncated context", append(append([]byte{}, issuer...), 32, 1, 2), "redemption_context"},
		{"no origin_info", append(append([]byte{}, issuer...), 0), "origin_info"},
		{"trailing bytes", append(append([]byte{}, issuer...), 0, 0, 0, 9), "unexpected"},
		{"one byte", []byte{7}, "too short"},
		{"other token type", []byte{0x12, 0x34}, ""},
	}
	for _, tc := range cases {
		got := privateTokenStructureProblem(tc.b)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: problem = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestPrivateTokenExampleClean(t *testing.T) {
	schAssertClean(t, schResponse(`PrivateToken challenge="`+ptChallenge+`", token-key="AAkBAgM="`))
}
