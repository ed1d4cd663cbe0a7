package refserver

import (
	"net/url"
	"strings"
	"testing"
)

// RFC 6750 §2.3: the reference takes a token in the query alone and marks
// the resource private; §2 and §3.1: a token sent both in Authorization
// and in the query (or access_token twice) gets 400 invalid_request, with
// the valid token too; a wrong or malformed one in the query is refused
// like one in Authorization.
func TestQueryToken(t *testing.T) {
	s := startT(t)
	q := "?access_token=" + url.QueryEscape(Token)
	for _, path := range []string{"/bearer/", "/multi/", "/combined/"} {
		res := do(t, "GET", s.URL+path+q, nil)
		if res.status != 200 {
			t.Fatalf("%s: the token in the query got %d", path, res.status)
		}
		if cc := res.header.Get("Cache-Control"); !strings.Contains(cc, "private") || !strings.Contains(cc, "no-store") {
			t.Errorf("%s: Cache-Control %q, want private (and no-store)", path, cc)
		}
		for name, header := range map[string]map[string][]string{
			"both ways":       authz("Bearer " + Token),
			"query twice":     nil,
			"wrong in header": authz("Bearer not-the-token"),
		} {
			target := s.URL + path + q
			if name == "query twice" {
				target += "&access_token=" + url.QueryEscape(Token)
			}
			res := do(t, "GET", target, header)
			assertProblem(t, res, 400)
			if line := strings.Join(res.header.Values("WWW-Authenticate"), ", "); !strings.Contains(line, `error="invalid_request"`) {
				t.Errorf("%s %s: WWW-Authenticate %q lacks invalid_request", path, name, line)
			}
		}
		res = do(t, "GET", s.URL+path+"?access_token=not-the-token", nil)
		assertProblem(t, res, 401)
		if line := strings.Join(res.header.Values("WWW-Authenticate"), ", "); !strings.Contains(line, `error="invalid_token"`) {
			t.Errorf("%s: a wrong token in the query: WWW-Authenticate %q", path, line)
		}
		res = do(t, "GET", s.URL+path, authz("Bearer "+Token))
		if res.status != 200 || strings.Contains(res.header.Get("Cache-Control"), "private") {
			t.Errorf("%s: the token in Authorization: %d, Cache-Control %q (private is for the query)", path, res.status, res.header.Get("Cache-Control"))
		}
	}
	if res := do(t, "GET", s.URL+"/basic/"+q, nil); res.status != 401 {
		t.Errorf("/basic/ takes a Bearer token in the query: %d", res.status)
	}
}
