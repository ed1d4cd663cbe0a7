package checks

import (
	"strings"
	"testing"
)

func problem(body string) *Exchange { return typed("application/problem+json", body) }

func TestProblemObject(t *testing.T) {
	runFwCases(t, []fwCase{
		{"object", ProblemObject, problem(`{"title":"Unauthorized","status":401}`), Pass, ""},
		{"object without status", ProblemObject, problem(`{"type":"https://example.com/probs/auth","title":"Log in"}`), Pass, ""},
		{"empty object", ProblemObject, problem(`{}`), Pass, ""},
		{"with BOM and charset", ProblemObject, typed("application/problem+json; charset=utf-8", "\xef\xbb\xbf {\"title\":\"x\"}\n"), Pass, ""},
		{"array", ProblemObject, problem(`[{"title":"x"}]`), Violated, "is a JSON array, not an object"},
		{"string", ProblemObject, problem(`"Unauthorized"`), Violated, "JSON string"},
		{"null", ProblemObject, problem(`null`), Violated, "JSON null"},
		{"not json", ProblemObject, problem(`Unauthorized`), Violated, "is not valid JSON"},
		{"cut short", ProblemObject, problem(`{"title":`), Violated, "not valid JSON"},
		{"gzip object", ProblemObject, typed("application/problem+json", gzipped(`{"title":"x"}`), "Content-Encoding", "gzip"), Pass, ""},
		{"plain json array is not judged", ProblemObject, typed("application/json", `[1]`), NotApplicable, ""},
		{"problem+xml is not judged", ProblemObject, typed("application/problem+xml", `<problem/>`), NotApplicable, ""},
		{"truncated is not judged", ProblemObject, truncated(problem(`{"title":`)), NotApplicable, ""},
		{"empty is not judged", ProblemObject, problem(""), NotApplicable, ""},
		{"brotli is not judged", ProblemObject, typed("application/problem+json", "\x1b", "Content-Encoding", "br"), NotApplicable, ""},
		{"200 is not judged", ProblemObject, withBody(fwExchange(200, "GET", "Content-Type", "application/problem+json"), "[]"), NotApplicable, ""},
	})
}

func TestProblemStatusMatches(t *testing.T) {
	proxy := asProxy(withBody(fwExchange(407, "GET", "Content-Type", "application/problem+json"), `{"status":407}`))
	runFwCases(t, []fwCase{
		{"same", ProblemStatusMatches, problem(`{"status":401}`), Pass, ""},
		{"same, as a float", ProblemStatusMatches, problem(`{"status":401.0}`), Pass, ""},
		{"same, exponent", ProblemStatusMatches, problem(`{"status":4.01e2}`), Pass, ""},
		{"407 from a proxy", ProblemStatusMatches, proxy, Pass, ""},
		{"different", ProblemStatusMatches, problem(`{"title":"Forbidden","status":403}`), Violated, `"status": 403 but the response is 401 Unauthorized`},
		{"fraction", ProblemStatusMatches, problem(`{"status":401.5}`), Violated, "401.5"},
		{"absent", ProblemStatusMatches, problem(`{"title":"x"}`), NotApplicable, ""},
		{"a string is ignored here", ProblemStatusMatches, problem(`{"status":"403"}`), NotApplicable, ""},
		{"not an object", ProblemStatusMatches, problem(`[{"status":403}]`), NotApplicable, ""},
		{"plain json is not judged", ProblemStatusMatches, typed("application/json", `{"status":500}`), NotApplicable, ""},
	})
}

func TestProblemMemberTypes(t *testing.T) {
	runFwCases(t, []fwCase{
		{"all members right", ProblemMemberTypes,
			problem(`{"type":"about:blank","title":"Unauthorized","status":401,"detail":"Send a token","instance":"/err/1"}`), Pass, ""},
		{"extensions of any type", ProblemMemberTypes, problem(`{"title":"x","errors":[1,2],"retry":null,"n":5}`), Pass, ""},
		{"status as a string", ProblemMemberTypes, problem(`{"status":"401"}`), Violated, `"status" is a JSON string, not a number`},
		{"title as a number", ProblemMemberTypes, problem(`{"title":401}`), Violated, `"title" is a JSON number`},
		{"type null", ProblemMemberTypes, problem(`{"type":null}`), Violated, "JSON null"},
		{"detail object", ProblemMemberTypes, problem(`{"detail":{"msg":"x"}}`), Violated, "JSON object"},
		{"instance boolean", ProblemMemberTypes, problem(`{"instance":true}`), Violated, "JSON boolean"},
		{"not an object", ProblemMemberTypes, problem(`[]`), NotApplicable, ""},
	})
	res := Judge(ProblemMemberTypes, NewContext(problem(`{"title":1,"detail":[],"status":401}`)))
	if len(res.Findings) != 2 {
		t.Fatalf("want a finding per wrong member, got %v", res.Findings)
	}
	e := problem(`{"detail":["hunter22-secret"]}`)
	e.Secrets = []string{"hunter22-secret"}
	for _, f := range Judge(ProblemMemberTypes, NewContext(e)).Findings {
		if strings.Contains(f.Evidence, "hunter22") {
			t.Errorf("evidence must be redacted: %q", f.Evidence)
		}
	}
}

func TestProblemJSONType(t *testing.T) {
	for raw, want := range map[string]string{"": "nothing", " 1": "number", "-1": "number", "false": "boolean", `{}`: "object"} {
		if got := problemJSONType([]byte(raw)); got != want {
			t.Errorf("problemJSONType(%q) = %q, want %q", raw, got, want)
		}
	}
}
