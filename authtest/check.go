package authtest

import (
	"strings"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/report"
	"github.com/authspec/authspec/internal/suite"
)

// Check judges one response (an *http.Response, an
// *httptest.ResponseRecorder, or its raw bytes as []byte or string) by
// every single-response rule of the catalogue, as `authspec run` judges
// every response a probe receives, and returns one Finding per rule that
// applied: pass, fail, warn or info, with the outcome a run without strict
// gives. Rules the response does not call for are left out. A response
// that cannot be read is one Finding with Outcome Error.
//
// It is the matchers' judge for those who test with testify or plain
// testing: see Assert.
func Check(resp any) []Finding {
	ex, err := exchangeOf(resp)
	if err != nil {
		return []Finding{{Rule: checks.ResponseReceived.ID, Outcome: Error, Ref: checks.ResponseReceived.Ref(), Message: err.Error()}}
	}
	where := suite.Where{Method: ex.Method, Path: ex.Path}
	var out []Finding
	checks.EvaluateEach(ex, func(res checks.Result) {
		if res.Status == checks.NotApplicable {
			return
		}
		r := suite.ResultOf(suite.Judging{}, res.Rule, res.Status, res.Findings, where)
		out = append(out, findingOf(&r))
	})
	return out
}

// Assert reports every rule the response fails (see Check) as an error
// of t, each in the matchers' words: rule, RFC section and text, the
// offending bytes with a caret, the fix. It returns whether none failed,
// like testify's assertions; warnings do not fail.
func Assert(t TestingT, resp any) bool {
	t.Helper()
	ex, err := exchangeOf(resp)
	if err != nil {
		t.Errorf("%v", err)
		return false
	}
	c := checks.NewContext(ex)
	var b strings.Builder
	checks.EvaluateEach(ex, func(res checks.Result) {
		if res.Status == checks.Violated && outcomeOf(res.Rule, res) == report.Fail {
			b.WriteString("\n")
			writeViolation(&b, ex, c, violation{rule: res.Rule, findings: res.Findings})
		}
	})
	if b.Len() == 0 {
		return true
	}
	m := &matcher{ex: ex}
	t.Errorf("authspec: the %s breaks rules:\n%s", m.described(), b.String())
	return false
}
