package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// Under GitHub Actions, the worst failures and warnings become workflow
// commands, at most ten of each kind (GitHub drops the rest of a step's
// silently), with a line counting what was left out.
func TestAnnotationsWithinGitHubsLimits(t *testing.T) {
	run := billingDown()
	api := &run.Targets[0]
	for i := range 12 {
		r := result(fmt.Sprintf("rfc9110/made-up-%02d", i), Fail, "unauthenticated", "")
		r.Resource = fmt.Sprintf("/r%d", i)
		api.Results = append(api.Results, r)
	}
	for i := range 3 {
		w := result("rfc9110/content-type", Warn, "unauthenticated", "")
		w.Level, w.Resource = "SHOULD", fmt.Sprintf("/w%d", i)
		api.Results = append(api.Results, w)
	}
	var out bytes.Buffer
	AnnotateGitHub(&out, run)
	if out.Len() != 0 {
		t.Fatalf("annotations outside GitHub Actions:\n%s", out.String())
	}
	t.Setenv("GITHUB_ACTIONS", "true")
	AnnotateGitHub(&out, run)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	count := map[string]int{}
	for _, l := range lines {
		kind, _, _ := strings.Cut(l, " ")
		count[kind]++
	}
	if count["::error"] != 10 || count["::warning"] != 1 {
		t.Errorf("%d errors and %d warnings, want 10 and 1 (three warnings of one rule and target are one):\n%s", count["::error"], count["::warning"], out.String())
	}
	// Worst first: the target that could not be tested, then the critical
	// (a declared resource served to anyone), then high.
	for i, want := range []string{
		"::error file=ci/targets.yaml,line=10,title=authspec%3A billing could not be tested::billing could not be tested on 2 of 2 resources (0 requests sent)",
		"::error file=ci/targets.yaml,line=5,title=authspec%3A rfc9110/protected-resource-401 (critical) on api::FAIL on GET /open: ",
		"::error file=ci/targets.yaml,line=4,title=authspec%3A rfc9110/challenge-present (high) on api::FAIL on GET /admin and 1 more check: ",
	} {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("annotation %d:\n got %s\nwant %s…", i, lines[i], want)
		}
	}
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "authspec: 5 more annotations left out (GitHub shows 10 errors and 10 warnings a step)") {
		t.Errorf("last line %q: want how many were left out", last)
	}
}

func TestAnnotationEscaping(t *testing.T) {
	a := annotation{kind: "error", file: "a,b:c.yaml", line: 3, title: "t: 1, 2", message: "50% done\nnext\r"}
	if got := a.command(); got != `::error file=a%2Cb%3Ac.yaml,line=3,title=t%3A 1%2C 2::50%25 done\x0anext\x0d` &&
		got != "::error file=a%2Cb%3Ac.yaml,line=3,title=t%3A 1%2C 2::50%25 done%0Anext%0D" {
		t.Errorf("command %q", got)
	}
}
