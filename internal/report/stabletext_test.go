package report

import (
	"bytes"
	"strings"
	"testing"
)

// What the CI views show of a message holds no nonce, and says a repeated
// part once: the text is the same from run to run while the server
// behaves the same.
func TestStableText(t *testing.T) {
	for in, want := range map[string]string{
		`HEAD got Digest realm="api", nonce="a1b2c3", opaque=xyz, qop="auth"`:                       `HEAD got Digest realm="api", nonce="…", opaque="…", qop="auth"`,
		`stale=true sent unprompted; stale=true sent unprompted; stale=true sent unprompted; other`: `stale=true sent unprompted (3 times); other`,
		`no challenge`:                      `no challenge`,
		`nonce=\"abc\", opaque=\"5ccc069c…`: `nonce=\"…\", opaque=\"…\"`,
		`seen: "Digest realm=\"x\", nonce=\"dcd98b\", opaque=\"5ccc\""`: `seen: "Digest realm=\"x\", nonce=\"…\", opaque=\"…\""`,
	} {
		if got := stableText(in); got != want {
			t.Errorf("stableText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCIReportsTextIsTheSameAcrossNonces(t *testing.T) {
	texts := func(nonce string) string {
		run := twoTargets()
		run.Targets[0].Results[0].Message = `the challenges differ: Digest realm="api", nonce="` + nonce + `", qop="auth"`
		var sarif, cq bytes.Buffer
		if err := WriteSARIF(&sarif, run); err != nil {
			t.Fatal(err)
		}
		if err := WriteCodeQuality(&cq, run); err != nil {
			t.Fatal(err)
		}
		return sarif.String() + cq.String()
	}
	a, b := texts("dcd98b7102dd2f0e8b11d0f600bfb0c093"), texts("5ccc069c403ebaf9f0171e9517f40e41")
	if a != b {
		t.Error("SARIF or Code Quality text changed with the nonce")
	}
	if strings.Contains(a, "dcd98b7102dd2f0e") {
		t.Error("the nonce is in the CI reports")
	}
}
