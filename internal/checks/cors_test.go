package checks

import (
	"net/http"
	"strings"
	"testing"
)

const corsOrigin = "https://app.example.com"

func corsResponse(status int, fields ...string) *Exchange {
	h := http.Header{}
	for i := 0; i+1 < len(fields); i += 2 {
		h.Add(fields[i], fields[i+1])
	}
	return &Exchange{Status: status, Header: h, Origin: corsOrigin}
}

func TestCheckCORSChallenge(t *testing.T) {
	www := "WWW-Authenticate"
	cases := []struct {
		name              string
		ex                *Exchange
		readable, exposed bool // violated
	}{
		{"origin echoed and exposed", corsResponse(401, "Access-Control-Allow-Origin", corsOrigin, "Access-Control-Expose-Headers", "Mcp-Session-Id, WWW-Authenticate"), false, false},
		{"star and exposed, lower case", corsResponse(401, "Access-Control-Allow-Origin", "*", "Access-Control-Expose-Headers", "www-authenticate"), false, false},
		{"expose star", corsResponse(401, "Access-Control-Allow-Origin", "*", "Access-Control-Expose-Headers", "*"), false, false},
		{"allowed, not exposed", corsResponse(401, "Access-Control-Allow-Origin", corsOrigin, www, `Bearer realm="x"`), false, true},
		{"no CORS at all", corsResponse(401, www, `Bearer realm="x"`), true, false},
		{"another origin", corsResponse(401, "Access-Control-Allow-Origin", "https://other.example.com"), true, false},
		{"two values", corsResponse(401, "Access-Control-Allow-Origin", corsOrigin, "Access-Control-Allow-Origin", corsOrigin), true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, e := CheckCORSChallenge(tc.ex)
			if (len(r) > 0) != tc.readable || (len(e) > 0) != tc.exposed {
				t.Errorf("readable %v, exposed %v; want violated %v, %v", r, e, tc.readable, tc.exposed)
			}
			if len(r) > 0 && !strings.Contains(r[0].Message, "sees no challenge") {
				t.Errorf("message %q does not say the browser sees no challenge", r[0].Message)
			}
		})
	}
	noOrigin := corsResponse(401)
	noOrigin.Origin = ""
	if r, e := CheckCORSChallenge(noOrigin); r != nil || e != nil {
		t.Error("a request without Origin was judged for CORS")
	}
}

func TestCheckCORSPreflight(t *testing.T) {
	hs := []string{"authorization", "content-type", "mcp-protocol-version"}
	cases := []struct {
		name string
		ex   *Exchange
		want string
	}{
		{"all named", corsResponse(204, "Access-Control-Allow-Origin", corsOrigin, "Access-Control-Allow-Methods", "POST, GET", "Access-Control-Allow-Headers", "Authorization, Content-Type, MCP-Protocol-Version"), ""},
		{"star plus authorization", corsResponse(200, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Headers", "authorization, *"), ""},
		{"star alone", corsResponse(200, "Access-Control-Allow-Origin", "*", "Access-Control-Allow-Headers", "*"), "does not cover Authorization"},
		{"missing protocol header", corsResponse(204, "Access-Control-Allow-Origin", corsOrigin, "Access-Control-Allow-Headers", "authorization, content-type"), "mcp-protocol-version"},
		{"401 to the preflight", corsResponse(401, "WWW-Authenticate", `Bearer realm="x"`), "401"},
		{"no origin", corsResponse(204, "Access-Control-Allow-Headers", "authorization, content-type, mcp-protocol-version"), "Access-Control-Allow-Origin"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := CheckCORSPreflight(tc.ex, "POST", hs)
			switch {
			case tc.want == "" && len(fs) > 0:
				t.Errorf("flagged: %v", fs)
			case tc.want != "" && (len(fs) != 1 || !strings.Contains(fs[0].Message, tc.want)):
				t.Errorf("findings %v, want one mentioning %q", fs, tc.want)
			}
		})
	}
	if fs := CheckCORSPreflight(corsResponse(204, "Access-Control-Allow-Origin", corsOrigin, "Access-Control-Allow-Headers", "authorization"), "DELETE", []string{"authorization"}); len(fs) != 1 || !strings.Contains(fs[0].Message, "DELETE") {
		t.Errorf("DELETE not allowed: %v", fs)
	}
}

func TestCheckCORSMetadata(t *testing.T) {
	if fs := CheckCORSMetadata(corsResponse(200, "Access-Control-Allow-Origin", "*")); len(fs) != 0 {
		t.Errorf("* flagged: %v", fs)
	}
	if fs := CheckCORSMetadata(corsResponse(200)); len(fs) != 1 || fs[0].Rule != CORSMetadataReadable {
		t.Errorf("no ACAO: %v", fs)
	}
	for _, r := range []*Rule{CORSChallengeReadable, CORSChallengeExposed, CORSPreflight, CORSMetadataReadable} {
		if r.Fails() {
			t.Errorf("%s fails a run; the Fetch standard's rules only warn", r.ID)
		}
	}
}
