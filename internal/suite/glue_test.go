package suite

import (
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"
	"golang.org/x/text/unicode/norm"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/probe"
	"github.com/authspec/authspec/internal/report"
)

// Plain unit tests of the glue the specs share; they run beside the Ginkgo
// suite in the same test binary.

// Every rule of the catalogue is judged by exactly one group of specs, and
// every group's labels are labels Ginkgo accepts.
func TestGroupsPartitionTheCatalogue(t *testing.T) {
	groups := Groups()
	for _, r := range checks.All() {
		n := 0
		for _, g := range groups {
			if g.Has(r) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("rule %s is in %d groups, want 1", r.ID, n)
		}
	}
	for _, g := range groups {
		if g.Title == "" || len(g.Labels) == 0 {
			t.Errorf("group %q has no title or no labels", g.Key)
		}
		for _, l := range g.Labels {
			if strings.ContainsAny(l, "&|!,()/{}[]") {
				t.Errorf("group %q label %q has a character Ginkgo forbids", g.Key, l)
			}
		}
	}
	if bearer := groups[3]; bearer.Key != "bearer" || !contains(bearer.Labels, "rfc6750") || !contains(bearer.Labels, "scheme:bearer") {
		t.Errorf("the Bearer group is labelled %v", bearer.Labels)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// A rule's verdict becomes an outcome by its level, the mission and
// declared marks, strictness and waivers.
func TestJudgingApply(t *testing.T) {
	must := &checks.Rule{ID: "x/must", Level: checks.Must}
	should := &checks.Rule{ID: "x/should", Level: checks.Should}
	mission := &checks.Rule{ID: "x/mission", Level: checks.Should, Mission: true}
	declared := &checks.Rule{ID: "x/declared", Level: checks.Info, Declared: true}
	info := &checks.Rule{ID: "x/info", Level: checks.Info}
	day := func(s string) *time.Time { d, _ := time.Parse("2006-01-02", s); return &d }
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	waivers := []config.Waiver{
		{Check: "x/must", Reason: "ticket 1"},
		{Check: "x/should", Reason: "ticket 2", Until: day("2026-01-31")},
	}
	tests := []struct {
		name   string
		j      Judging
		rule   *checks.Rule
		status checks.Status
		want   report.Outcome
		msg    string
	}{
		{"pass", Judging{}, must, checks.Pass, report.Pass, ""},
		{"must fails", Judging{}, must, checks.Violated, report.Fail, ""},
		{"should warns", Judging{}, should, checks.Violated, report.Warn, ""},
		{"strict should fails", Judging{Strict: true}, should, checks.Violated, report.Fail, ""},
		{"mission fails whatever the keyword", Judging{}, mission, checks.Violated, report.Fail, ""},
		{"declared fails whatever the keyword", Judging{}, declared, checks.Violated, report.Fail, ""},
		{"info informs even when strict", Judging{Strict: true}, info, checks.Violated, report.Info, ""},
		{"waived is skipped with its reason", Judging{Waivers: waivers, Now: now}, must, checks.Violated, report.Skip, "waived: ticket 1"},
		{"a waiver never turns a pass into a skip", Judging{Waivers: waivers, Now: now}, must, checks.Pass, report.Pass, ""},
		{"expired waiver no longer applies", Judging{Waivers: waivers, Now: now}, should, checks.Violated, report.Warn, "waiver expired on 2026-01-31"},
	}
	for _, tt := range tests {
		res := report.Result{Message: "seen"}
		tt.j.Apply(&res, tt.rule, tt.status)
		if res.Outcome != tt.want || !strings.Contains(res.Message, tt.msg) {
			t.Errorf("%s: outcome %s message %q, want %s containing %q", tt.name, res.Outcome, res.Message, tt.want, tt.msg)
		}
	}
}

// A spec that ended badly on its own (a panic in authspec) still reaches
// the reports, as an error of its target; a plain failed spec does not add
// one, since its results already say why.
func TestSpecsThatEndedBadlyAreReported(t *testing.T) {
	cfg := &config.Config{Targets: []config.Target{{Name: "api", URL: "http://127.0.0.1:1", Kind: config.Origin}}}
	st := newRunState(cfg, Options{})
	run := &report.Run{Targets: []report.Target{{Name: "api"}}}
	spec := func(state types.SpecState, msg string) types.SpecReport {
		return types.SpecReport{
			ContainerHierarchyTexts: []string{"authspec", "api"},
			LeafNodeType:            types.NodeTypeIt,
			LeafNodeText:            "GET /x",
			State:                   state,
			Failure:                 types.Failure{Message: msg},
		}
	}
	st.addSpecErrors(run, types.Report{SpecReports: types.SpecReports{
		spec(types.SpecStatePanicked, "runtime error: index out of range"),
		spec(types.SpecStateFailed, "expected the responses to meet every rule"),
	}})
	tg := run.Targets[0]
	if len(tg.Results) != 1 || tg.Results[0].Outcome != report.Error || !strings.Contains(tg.Results[0].Message, "panicked") ||
		tg.Results[0].Method != "GET" || tg.Results[0].Resource != "/x" {
		t.Errorf("results = %+v, want one error result saying the spec panicked", tg.Results)
	}
}

// A spec's error or panic message is redacted with every secret of the
// configuration (issue 18 review): the origin_credentials' password, and a
// password outside US-ASCII in the form a server may echo (NFD), not only
// the target's credentials as configured. Runtime.Redactor, before any
// client exists, redacts the same.
func TestSpecErrorsAreRedactedOfEverySecret(t *testing.T) {
	const originPass, utf8Pass = "origin-secret-7616", "pässwörd-été"
	nfd := norm.NFD.String(utf8Pass)
	if nfd == utf8Pass {
		t.Fatal("the test password has no NFD form of its own")
	}
	target := config.Target{Name: "api", URL: "http://127.0.0.1:1", Kind: config.Proxy, Through: "http://127.0.0.1:2",
		Credentials:       &config.Credentials{Username: "josé", Password: utf8Pass},
		OriginCredentials: &config.Credentials{Username: "ou", Password: originPass}}
	cfg := &config.Config{Targets: []config.Target{target}}
	st := newRunState(cfg, Options{})
	run := &report.Run{Targets: []report.Target{{Name: "api"}}}
	st.addSpecErrors(run, types.Report{SpecReports: types.SpecReports{{
		ContainerHierarchyTexts: []string{"authspec", "api"},
		LeafNodeType:            types.NodeTypeIt,
		LeafNodeText:            "GET /x",
		State:                   types.SpecStatePanicked,
		Failure:                 types.Failure{Message: "panic: sent " + originPass + " and echoed " + nfd},
	}}})
	redactTarget(&run.Targets[0], probe.NewRedactor(configSecrets(cfg)...))
	msg := run.Targets[0].Results[0].Message
	if strings.Contains(msg, originPass) || strings.Contains(msg, nfd) || !strings.Contains(msg, "panicked") {
		t.Errorf("spec error message not redacted: %q", msg)
	}
	r := NewRuntime(target).Redactor()
	for _, secret := range []string{originPass, nfd, utf8Pass} {
		if got := r.Redact("x " + secret + " y"); strings.Contains(got, secret) {
			t.Errorf("Runtime.Redactor without a client leaves %q: %q", secret, got)
		}
	}
}

// The relational rules judge the final answer of each variant: the one
// after retries and redirects.
func TestLastOfEach(t *testing.T) {
	a1, b, a2 := &probe.Exchange{Variant: "a"}, &probe.Exchange{Variant: "b"}, &probe.Exchange{Variant: "a"}
	got := lastOfEach([]*probe.Exchange{a1, b, a2})
	if len(got) != 2 || got[0] != a2 || got[1] != b {
		t.Errorf("lastOfEach = %v, want [a2 b]", got)
	}
}

// Results say why a rule fails whatever its level, so a reader is not
// puzzled by a failed SHOULD.
func TestResultsCarryTheirBasis(t *testing.T) {
	for id, want := range map[string]string{
		"rfc9110/diagnostic-body":        "mission",
		"rfc9110/protected-resource-401": "declared",
		"rfc9110/content-type":           "",
	} {
		r := newResult(mustRule(id), Where{})
		if r.Basis != want {
			t.Errorf("%s: basis %q, want %q", id, r.Basis, want)
		}
	}
}

// A waiver that waived nothing is reported as info, so it can be removed
// before it hides a regression; a waiver that did its job is not.
func TestUnusedWaiversAreNoted(t *testing.T) {
	tg := &report.Target{Results: []report.Result{
		{Check: "rfc9110/content-type", Outcome: report.Skip, Message: "waived: ticket 1 (was warn: ...)"},
		{Check: "rfc9110/diagnostic-body", Outcome: report.Pass},
	}}
	noteUnusedWaivers(tg, []config.Waiver{
		{Check: "rfc9110/content-type", Reason: "ticket 1"},
		{Check: "rfc9110/diagnostic-body", Reason: "ticket 2"},
	})
	if len(tg.Results) != 3 {
		t.Fatalf("%d results, want one note added", len(tg.Results))
	}
	note := tg.Results[2]
	if note.Check != "rfc9110/diagnostic-body" || note.Outcome != report.Info || !strings.Contains(note.Message, "ticket 2") {
		t.Errorf("note = %+v", note)
	}
}

// An expired waiver waived nothing because it expired: no "waived nothing"
// note contradicts the failures that say it expired.
func TestExpiredWaiverIsNotNotedAsUnused(t *testing.T) {
	past := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	tg := &report.Target{Results: []report.Result{
		{Check: "rfc9110/content-type", Outcome: report.Warn, Message: "no Content-Type [waiver expired on 2020-01-01 and no longer applies (ticket 1)]"},
	}}
	noteUnusedWaivers(tg, []config.Waiver{{Check: "rfc9110/content-type", Reason: "ticket 1", Until: &past}})
	if len(tg.Results) != 1 {
		t.Fatalf("expired waiver noted: %+v", tg.Results[1:])
	}
}
