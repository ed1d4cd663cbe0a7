// Package suite wires authspec together: targets.yaml becomes a Ginkgo spec
// tree, specs run probes (probe/) and judge what came back (checks/), and
// the results leave through report entries that ReportAfterSuite turns
// into junit.xml, results.json and the terminal summary (report/).
//
// The non-test files hold the glue that the specs share; the specs
// themselves live in the _test.go files, one file per probe.
package suite

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/report"
)

// Judging carries what turns a rule's verdict into an outcome: whether
// warnings fail the run, and which rules the user waived.
type Judging struct {
	Strict  bool
	Waivers []config.Waiver
	Now     time.Time
}

// JudgingFor returns the judging policy of a target.
func JudgingFor(t *config.Target, now time.Time) Judging {
	return Judging{Strict: t.Strict, Waivers: t.Waivers, Now: now}
}

// outcome maps a rule's status to a report outcome. A broken rule fails when
// the rule says it does (MUST, mission, declared) or the run is strict;
// info-level findings only inform; everything else warns.
func (j Judging) outcome(r *checks.Rule, st checks.Status) report.Outcome {
	switch {
	case st == checks.Pass:
		return report.Pass
	case st == checks.NotApplicable:
		return report.Skip
	case r.Fails():
		return report.Fail
	case r.Level == checks.Info:
		return report.Info
	case j.Strict:
		return report.Fail
	default:
		return report.Warn
	}
}

// waiver returns the waiver that applies to rule id now, and a note about
// one that has expired (which no longer applies, but the report says so).
func (j Judging) waiver(id string) (active *config.Waiver, expired string) {
	for i := range j.Waivers {
		w := &j.Waivers[i]
		if w.Check != id {
			continue
		}
		if w.Active(j.Now) {
			return w, ""
		}
		expired = "waiver expired on " + w.Until.Format("2006-01-02") + " and no longer applies (" + w.Reason + ")"
	}
	return nil, expired
}

// Apply finishes a result: it sets the outcome from the rule and the status,
// then applies a waiver. A waived result is skipped with the waiver's
// reason, never passed, so a waiver cannot hide that the rule still breaks.
func (j Judging) Apply(res *report.Result, r *checks.Rule, st checks.Status) {
	res.Outcome = j.outcome(r, st)
	if res.Outcome == report.Pass || res.Outcome == report.Skip {
		return
	}
	w, expired := j.waiver(r.ID)
	switch {
	case w != nil:
		until := ""
		if w.Until != nil {
			until = " until " + w.Until.Format("2006-01-02")
		}
		res.Message = "waived" + until + ": " + w.Reason + " (was " + string(res.Outcome) + ": " + res.Message + ")"
		res.Outcome = report.Skip
	case expired != "":
		res.Message += " [" + expired + "]"
	}
}

// newResult starts a result for rule r on one exchange, filling everything
// the rule and the exchange know; Apply completes it.
func newResult(r *checks.Rule, where Where) report.Result {
	return report.Result{
		Check:       r.ID,
		RFC:         r.RFC,
		Section:     r.Section,
		Level:       string(r.Level),
		Requirement: r.Requirement,
		Resource:    where.Path,
		Method:      where.Method,
		Probe:       where.Probe,
		Variant:     where.Variant,
		Elapsed:     where.Elapsed,
		Basis:       basisOf(r),
		Severity:    string(r.Severity),
	}
}

// Where names the probe request a result is about, and how long it took.
type Where struct {
	Method, Path, Probe, Variant string
	Elapsed                      time.Duration
}

// messageOf joins findings into one message a developer can act on.
func messageOf(fs []checks.Finding) string {
	parts := make([]string, 0, min(len(fs), maxFindingsShown+1))
	for i, f := range fs {
		if i == maxFindingsShown {
			parts = append(parts, fmt.Sprintf("and %d more like these on this response", len(fs)-i))
			break
		}
		s := f.Message
		if f.Evidence != "" {
			s += " — seen: " + strconv.Quote(f.Evidence)
		}
		if f.Offset >= 0 {
			s += " (field line " + strconv.Itoa(f.Line+1) + ", byte " + strconv.Itoa(f.Offset) + ")"
		}
		parts = append(parts, s)
	}
	return clipMessage(strings.Join(parts, "; "))
}

// One response yields one bounded message per rule, whatever it holds: a
// 401 with 2,000 challenges breaks a rule 2,000 times, and a message
// listing each, on each of a resource's requests, grew the reports as the
// square of that number. The first findings say what is wrong; the count
// says how often.
const (
	maxFindingsShown = 5
	maxMessageBytes  = 1 << 10
)

// clipMessage cuts a message at maxMessageBytes, on a character boundary.
func clipMessage(s string) string {
	if len(s) <= maxMessageBytes {
		return s
	}
	cut := maxMessageBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… [%d bytes in all]", len(s))
}

// basisOf names why a rule fails the run whatever its level, if it does.
func basisOf(r *checks.Rule) string {
	switch {
	case r.Mission:
		return "mission"
	case r.Declared:
		return "declared"
	}
	return ""
}
