package suite

import (
	"fmt"
	"strings"

	"github.com/onsi/gomega/types"

	"github.com/authspec/authspec/internal/report"
)

// The suite's assertions are Gomega matchers over a spec's results, which
// checks/ produced. Their failure message is the finding itself, with the
// rule, its section, what was seen and the curl that reproduces it.

// resultsMatcher fails when any result selected by pick has an outcome in
// bad. It never fails on warnings unless the run is strict (then Apply has
// already turned them into fails).
type resultsMatcher struct {
	what string
	pick func(report.Result) bool
	bad  map[report.Outcome]bool
	hits []report.Result
}

func (m *resultsMatcher) Match(actual any) (bool, error) {
	rs, ok := actual.([]report.Result)
	if !ok {
		return false, fmt.Errorf("%s expects []report.Result, got %T", m.what, actual)
	}
	m.hits = nil
	for _, r := range rs {
		if m.pick(r) && m.bad[r.Outcome] {
			m.hits = append(m.hits, r)
		}
	}
	return len(m.hits) == 0, nil
}

func (m *resultsMatcher) FailureMessage(any) string {
	var b strings.Builder
	fmt.Fprintf(&b, "expected the responses to %s, but:\n", m.what)
	for _, r := range m.hits {
		fmt.Fprintf(&b, "\n%s %s (%s) on %s %s [%s]\n  %s\n", strings.ToUpper(string(r.Outcome)), r.Check, r.Ref(), r.Method, r.Resource, r.ProbeName(), r.Message)
		if r.Evidence != nil && r.Evidence.Curl != "" {
			fmt.Fprintf(&b, "  reproduce: %s\n", r.Evidence.Curl)
		}
	}
	return b.String()
}

func (m *resultsMatcher) NegatedFailureMessage(any) string {
	return fmt.Sprintf("expected the responses not to %s", m.what)
}

func isCheck(ids ...string) func(report.Result) bool {
	return func(r report.Result) bool {
		for _, id := range ids {
			if r.Check == id {
				return true
			}
		}
		return false
	}
}

var failing = map[report.Outcome]bool{report.Fail: true}

// BeTestable fails when an exchange could not be tested at all (error).
func BeTestable() types.GomegaMatcher {
	return &resultsMatcher{
		what: "be testable (a complete HTTP response to every request)",
		pick: func(report.Result) bool { return true },
		bad:  map[report.Outcome]bool{report.Error: true},
	}
}

// CarryValidChallenge is the first assertion of the mission: every 401
// (407) carries a challenge field with at least one challenge that parses.
func CarryValidChallenge() types.GomegaMatcher {
	return &resultsMatcher{
		what: "carry a valid challenge",
		pick: isCheck("rfc9110/challenge-present", "rfc9110/proxy-challenge-present", "rfc9110/challenge-grammar"),
		bad:  failing,
	}
}

// CarryDiagnosticBody is the second assertion of the mission: every 401
// (407) that is not an answer to HEAD carries content that explains it.
func CarryDiagnosticBody() types.GomegaMatcher {
	return &resultsMatcher{
		what: "carry a diagnostic body",
		pick: isCheck("rfc9110/diagnostic-body"),
		bad:  failing,
	}
}

// MeetEveryRule fails on any failed rule.
func MeetEveryRule() types.GomegaMatcher {
	return &resultsMatcher{
		what: "meet every rule",
		pick: func(report.Result) bool { return true },
		bad:  failing,
	}
}
