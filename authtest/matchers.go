package authtest

import (
	"fmt"
	"strings"

	"github.com/onsi/gomega/types"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/report"
	"github.com/authspec/authspec/internal/suite"
)

// The matchers judge one response, whatever produced it: an *http.Response,
// an *httptest.ResponseRecorder, or the raw bytes of a response ([]byte or
// string; only these carry what the rules on the wire bytes judge). Their
// failure messages are authspec's findings: the rule, its RFC section, the
// RFC's own words, the offending bytes with a caret under them, and the
// fix.

// HaveValidChallenge succeeds when the response carries a challenge field
// (WWW-Authenticate, or Proxy-Authenticate on a 407) with at least one
// challenge, and the field meets RFC 9110's grammar (§11.6.1, §11.3) as
// authspec's strict parser reads it.
func HaveValidChallenge() types.GomegaMatcher {
	return &matcher{
		what:  "carry a valid challenge (RFC 9110 §11.6.1)",
		rules: []string{"rfc9110/challenge-present", "rfc9110/proxy-challenge-present", "rfc9110/challenge-grammar"},
		extra: func(ex *checks.Exchange, c *checks.Context) []violation {
			if len(c.Challenges) > 0 || len(c.Lines) > 0 || ex.IsChallenge() {
				return nil // the rules above said all there is to say
			}
			r := checks.Lookup("rfc9110/challenge-present")
			return []violation{{rule: r, findings: []checks.Finding{{Rule: r, Line: -1, Offset: -1,
				Message: fmt.Sprintf("the %d response has no %s field, so it offers no challenge: answer 401 with e.g. %s: Bearer realm=\"api\"", ex.Status, c.Field, c.Field)}}}}
		},
	}
}

// OfferScheme succeeds when some challenge of the response is of the
// auth-scheme scheme (compared without regard to case, RFC 9110 §11.1),
// e.g. OfferScheme("Bearer").
func OfferScheme(scheme string) types.GomegaMatcher {
	return &matcher{
		what: "offer the " + scheme + " scheme",
		extra: func(ex *checks.Exchange, c *checks.Context) []violation {
			fs := checks.CheckExpectedSchemes(ex, []string{scheme})
			if len(fs) == 0 && !c.Offers(scheme) {
				// The rule is about 401s; any other answer offers nothing.
				r := checks.Lookup("rfc9110/expected-scheme-offered")
				fs = []checks.Finding{{Rule: r, Line: -1, Offset: -1,
					Message: fmt.Sprintf("the %d response offers no %s challenge: answer 401 with %s: %s ...", ex.Status, scheme, c.Field, scheme)}}
			}
			if len(fs) == 0 {
				return nil
			}
			return []violation{{rule: fs[0].Rule, findings: fs}}
		},
	}
}

// HaveDiagnosticBody succeeds when the response is a 401 (407) that
// carries content explaining it (RFC 9110 §15.5.2), as authspec's mission
// demands of every such response that is not an answer to HEAD.
func HaveDiagnosticBody() types.GomegaMatcher {
	return &matcher{
		what:       "carry a diagnostic body (RFC 9110 §15.5.2)",
		rules:      []string{"rfc9110/diagnostic-body"},
		mustApply:  true,
		notApplies: "the rule is about 401 and 407 responses that do not answer HEAD",
	}
}

// SatisfyRule succeeds when the response does not break rule id, e.g.
// SatisfyRule("rfc6750/bearer-no-error-without-token"): it met the rule,
// or the rule does not call for it (a rule about Digest on a Bearer
// challenge). Rules judged across several requests (`authspec checks`
// marks them relational) need Handler; asking for one here is an error,
// as is an ID the catalogue does not know.
func SatisfyRule(id string) types.GomegaMatcher {
	return &matcher{what: "satisfy " + id, rules: []string{id}, strictIDs: true}
}

// ConformAsUnauthenticated succeeds when the response is what a protected
// resource owes a request without credentials: a 401 (RFC 9110 §15.5.2)
// that breaks no single-response rule of the catalogue. Warnings do not
// fail it, as they do not fail a run that is not strict.
func ConformAsUnauthenticated() types.GomegaMatcher {
	return &matcher{
		what:            "conform as the answer to a request without credentials",
		all:             true,
		unauthenticated: true,
		extra: func(ex *checks.Exchange, _ *checks.Context) []violation {
			if fs := checks.CheckProtected(ex); len(fs) > 0 {
				return []violation{{rule: fs[0].Rule, findings: fs}}
			}
			return nil
		},
	}
}

// violation is one broken rule and what broke it.
type violation struct {
	rule     *checks.Rule
	findings []checks.Finding
}

// matcher judges rules (or every single-response rule, all) on one
// response, plus what extra finds.
type matcher struct {
	what  string
	rules []string
	all   bool
	// strictIDs makes an unknown or relational rule an error.
	strictIDs bool
	// mustApply fails when none of rules applies; notApplies says why.
	mustApply  bool
	notApplies string
	// unauthenticated judges the response as an answer to a request
	// without credentials, whatever the request carried.
	unauthenticated bool
	extra           func(*checks.Exchange, *checks.Context) []violation

	// set by Match, for the messages
	ex        *checks.Exchange
	ctx       *checks.Context
	broken    []violation
	held      []string
	notCalled []string
}

func (m *matcher) Match(actual any) (bool, error) {
	ex, err := exchangeOf(actual)
	if err != nil {
		return false, err
	}
	if m.unauthenticated {
		ex.SentAuthorization, ex.SentAuthorizationField, ex.Secrets = "", false, nil
	}
	m.ex, m.ctx, m.broken, m.held, m.notCalled = ex, checks.NewContext(ex), nil, nil, nil
	rules, err := m.selected()
	if err != nil {
		return false, err
	}
	for _, r := range rules {
		res := checks.Judge(r, m.ctx)
		switch {
		case res.Status == checks.NotApplicable:
			m.notCalled = append(m.notCalled, r.ID)
		case res.Status == checks.Pass:
			m.held = append(m.held, r.ID)
		case m.all && outcomeOf(r, res) != report.Fail:
			// a warning or an information: not a failure of the matcher
		default:
			m.broken = append(m.broken, violation{rule: r, findings: res.Findings})
		}
	}
	if m.extra != nil {
		m.broken = append(m.broken, m.extra(ex, m.ctx)...)
	}
	if m.mustApply && len(m.held) == 0 && len(m.broken) == 0 {
		return false, nil
	}
	return len(m.broken) == 0, nil
}

// selected returns the rules the matcher judges.
func (m *matcher) selected() ([]*checks.Rule, error) {
	if m.all {
		var out []*checks.Rule
		for _, r := range checks.All() {
			if r.Check != nil {
				out = append(out, r)
			}
		}
		return out, nil
	}
	var out []*checks.Rule
	for _, id := range m.rules {
		r := checks.Lookup(id)
		switch {
		case r == nil && m.strictIDs:
			return nil, fmt.Errorf("authtest: no rule %q in the catalogue (`authspec checks` lists them)", id)
		case r == nil:
			continue
		case r.Check == nil && m.strictIDs:
			return nil, fmt.Errorf("authtest: %s is judged across several requests, not on one response: probe the handler with authtest.Handler to judge it", id)
		}
		out = append(out, r)
	}
	return out, nil
}

// outcomeOf is the outcome a run gives rule r's result, as `authspec run`
// without strict and waivers would.
func outcomeOf(r *checks.Rule, res checks.Result) report.Outcome {
	return suite.ResultOf(suite.Judging{}, r, res.Status, res.Findings, suite.Where{}).Outcome
}

func (m *matcher) FailureMessage(actual any) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Expected the %s to %s, but it does not:\n", m.described(), m.what)
	if len(m.broken) == 0 && m.mustApply {
		fmt.Fprintf(&b, "\n  %s (%s)\n", m.rules[0], m.notApplies)
	}
	for _, v := range m.broken {
		b.WriteString("\n")
		writeViolation(&b, m.ex, m.ctx, v)
	}
	return b.String()
}

func (m *matcher) NegatedFailureMessage(actual any) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Expected the %s not to %s, but it does", m.described(), m.what)
	switch {
	case len(m.held) > 0:
		fmt.Fprintf(&b, ": it meets %s", strings.Join(m.held, ", "))
	case len(m.notCalled) > 0:
		fmt.Fprintf(&b, ": %s %s not called for by this response, so it cannot break them", strings.Join(m.notCalled, ", "), plural(len(m.notCalled), "is", "are"))
	}
	b.WriteString(".\n")
	writeResponse(&b, m.ex)
	return b.String()
}

// described names the response: "401 response to GET /api".
func (m *matcher) described() string {
	s := fmt.Sprintf("%d response", m.ex.Status)
	if m.ex.Path != "" {
		s += " to " + m.ex.Method + " " + m.ex.Path
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
