package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/junitread"
)

// What `authspec run` prints for a failing run: each broken rule once,
// one line per target whose counts are those of junit.xml, no Ginkgo
// output (its spec counts and its copy of every failure), no colour under
// NO_COLOR, and, off a terminal, one plain progress line per target.
func TestQuietTerminal(t *testing.T) {
	f, url := startFixture(t, "no-challenge")
	o := runSuite(t, targetsFor(f, url, ""))
	if o.Code != 1 {
		t.Fatalf("exit %d, want 1\n%s", o.Code, o.Stdout)
	}
	for _, noise := range []string{"Ran ", "Specs", "Summarizing", "[FAILED]", "specs", "tree.go"} {
		if strings.Contains(o.Stdout+o.Stderr, noise) {
			t.Errorf("output holds Ginkgo's %q:\n%s\n%s", noise, o.Stdout, o.Stderr)
		}
	}
	if strings.Contains(o.Stdout+o.Stderr, "\x1b") {
		t.Errorf("an escape sequence under NO_COLOR:\n%q", o.Stdout+o.Stderr)
	}
	header := regexp.MustCompile(`(?m)^FAIL  (?:[A-Z]+  )?` + regexp.QuoteMeta(f.Name) + `  (\S+)  `)
	seen := map[string]int{}
	for _, m := range header.FindAllStringSubmatch(o.Stdout, -1) {
		if strings.Contains(m[1], "/") {
			seen[m[1]]++
		}
	}
	if seen["rfc9110/challenge-present"] != 1 {
		t.Errorf("rfc9110/challenge-present printed %d times, want once:\n%s", seen["rfc9110/challenge-present"], o.Stdout)
	}
	for rule, n := range seen {
		if n != 1 {
			t.Errorf("%s printed %d times", rule, n)
		}
	}
	if n := strings.Count(o.Stdout, "reproduce: curl "); n < 1 {
		t.Errorf("no curl line:\n%s", o.Stdout)
	}
	// The target's line counts what junit.xml holds, in the same unit.
	cases, err := junitread.GitLab(o.JUnit)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, c := range cases {
		count[c.Status]++
	}
	want := fmt.Sprintf("%d checks: %d pass, %d fail, ", len(cases), count["success"], count["failed"])
	if !strings.Contains(o.Stdout, want) {
		t.Errorf("the target line does not count junit.xml's %d test cases (%v), want %q in:\n%s", len(cases), count, want, o.Stdout)
	}
	m := regexp.MustCompile(`(\d+) checks: (\d+) pass, (\d+) fail, (\d+) warn, (\d+) error, (\d+) skip`).FindStringSubmatch(o.Stdout)
	if m == nil {
		t.Fatalf("no counts on the target line:\n%s", o.Stdout)
	}
	var n [6]int
	for i := range n {
		fmt.Sscan(m[i+1], &n[i])
	}
	if n[1]+n[2]+n[3]+n[4]+n[5] != n[0] || n[3]+n[5] != count["skipped"] || n[4] != count["error"] {
		t.Errorf("counts %q do not add up, or disagree with junit.xml's %v (warnings and skips are its skipped)", m[0], count)
	}
	if want := regexp.MustCompile(`(?m)^authspec: ` + f.Name + ` done: \d+ requests, .* into the run \(1 of 1 targets\)$`); !want.MatchString(o.Stderr) {
		t.Errorf("no plain progress line %q on stderr:\n%s", want, o.Stderr)
	}
}
