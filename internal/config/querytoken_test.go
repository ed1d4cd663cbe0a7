package config

import "testing"

// credentials.query_token: a switch that lets the query-token probe put
// the declared token in the URI query (RFC 6750 §2.3). Off unless set.
func TestParseQueryToken(t *testing.T) {
	cfg, warnings := mustParse(t, baseTarget+"    credentials:\n      token: ${T}\n      query_token: true\n", map[string]string{"T": "tok"})
	if len(warnings) != 0 {
		t.Errorf("warnings = %v, want none", warnings)
	}
	if c := cfg.Targets[0].Credentials; c == nil || !c.QueryToken {
		t.Errorf("QueryToken is off after query_token: true: %+v", c)
	}
	cfg, _ = mustParse(t, baseTarget+"    credentials:\n      token: ${T}\n", map[string]string{"T": "tok"})
	if cfg.Targets[0].Credentials.QueryToken {
		t.Error("QueryToken is on without query_token: the token must never go in a URL unless the user says so")
	}
	cfg, _ = mustParse(t, baseTarget+"    credentials: {token: \"${T}\", query_token: false}\n", map[string]string{"T": "tok"})
	if cfg.Targets[0].Credentials.QueryToken {
		t.Error("QueryToken is on after query_token: false")
	}
}

func TestParseRejectsBadQueryToken(t *testing.T) {
	creds := func(body string) string { return baseTarget + "    credentials:\n" + body }
	runRejections(t, []rejection{
		{name: "query token without token", src: creds("      username: u\n      password: ${P}\n      query_token: true\n"),
			env: map[string]string{"P": "p"}, line: 8, field: "targets[0].credentials.token", msg: "missing while query_token is true", hint: "set token too"},
		{name: "query token as text", src: creds("      token: ${T}\n      query_token: yes\n"), env: map[string]string{"T": "x"},
			line: 7, field: "targets[0].credentials.query_token", msg: "true or false"},
		{name: "query token as a token", src: creds("      token: ${T}\n      query_token: ${T}\n"), env: map[string]string{"T": "x"},
			line: 7, field: "targets[0].credentials.query_token", msg: "expanded only in url, through, headers and the credential values (username, password, token, limited_token)"},
		{name: "query token alone", src: creds("      query_token: true\n"),
			line: 6, field: "targets[0].credentials.token", msg: "missing while query_token is true"},
	})
}

// A builtin:reference target may give query_token alone: the reference's
// own credentials go with it. Any other target needs its token.
func TestParseQueryTokenAloneOnReference(t *testing.T) {
	src := "targets:\n  - name: ref\n    url: builtin:reference\n    resources: [/bearer/]\n    credentials: {query_token: true}\n"
	cfg, _ := mustParse(t, src, nil)
	c := cfg.Targets[0].Credentials
	if c == nil || !c.QueryToken || c.Token != "" {
		t.Errorf("credentials %+v, want query_token alone", c)
	}
	runRejections(t, []rejection{
		{name: "query token alone elsewhere", src: baseTarget + "    credentials: {query_token: true}\n",
			line: 5, field: "targets[0].credentials.token", msg: "missing while query_token is true", hint: "only a builtin:reference target"},
	})
}
