// Package report holds authspec's result model and the writers that render
// it: JUnit XML, results.json and the terminal summary.
package report

import (
	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/probe"
	"strings"
	"time"
)

// Outcome is what became of one check on one exchange. The categories are
// kept distinct: error means the target could not be tested, fail means it
// broke a rule.
type Outcome string

const (
	Pass  Outcome = "pass"
	Fail  Outcome = "fail"
	Warn  Outcome = "warn"
	Skip  Outcome = "skip"  // waived or not applicable; Message says which
	Error Outcome = "error" // unreachable, timeout, TLS failure, not HTTP
	Info  Outcome = "info"
)

// Evidence lets a reader see and reproduce what happened. It is the probe
// layer's type: probes record it, the writers here render it.
type Evidence = probe.Evidence

// Result is one check's outcome on one probe of one resource.
type Result struct {
	Check    string    `json:"check"`   // rule ID
	RFC      string    `json:"rfc"`     // "RFC 9110"
	Section  string    `json:"section"` // "11.6.1"
	Level    string    `json:"level"`   // MUST, SHOULD, MAY, security, info
	Outcome  Outcome   `json:"outcome"`
	Resource string    `json:"resource"` // path
	Method   string    `json:"method"`
	Probe    string    `json:"probe"`
	Variant  string    `json:"variant,omitempty"` // e.g. "basic", "same-connection"
	Message  string    `json:"message"`
	Evidence *Evidence `json:"evidence,omitempty"`
	// Requirement is the rule's one-line requirement, so a report reader
	// sees what was demanded next to what was seen.
	Requirement string `json:"requirement,omitempty"`
	// Basis says why a broken rule fails the run whatever its level:
	// "mission" (a valid challenge, a diagnostic body) or "declared" (the
	// target declares the resource protected). Empty otherwise.
	Basis string `json:"basis,omitempty"`
	// Severity is how much harm breaking the rule does (checks.Severity:
	// critical, high, medium, low, info), kept beside the level, which
	// says what the RFC requires. Empty means "ask the catalogue" (see
	// SeverityOf).
	Severity string `json:"severity,omitempty"`
	// Count is, on a pass, how many judgments of the rule on the resource
	// and method it sums up: passes are not written one by one. Results
	// that are not passes each stand for one judgment, with their
	// evidence, and leave it 0.
	Count int `json:"count,omitempty"`
	// Baseline is, when the run was given a baseline, BaselineNew for a
	// finding it does not list and BaselineKnown for one it does (whose
	// Outcome is then skip, its message saying what it was). Empty
	// without a baseline.
	Baseline string `json:"baseline,omitempty"`
	// Elapsed is the time the check's exchange took; it feeds the JUnit
	// time attribute. It stays out of results.json so that file is the same
	// byte for byte when the target behaves the same.
	Elapsed time.Duration `json:"-"`
}

// Target is one target's results.
type Target struct {
	Name     string   `json:"name"`
	URL      string   `json:"url"`
	Kind     string   `json:"kind"`
	Verdict  string   `json:"verdict"` // pass, fail or error
	Requests int      `json:"requests"`
	Protocol string   `json:"protocol,omitempty"` // e.g. HTTP/1.1, HTTP/2.0
	Results  []Result `json:"results"`
	// Units are the methods and resources of the target this run (or
	// shard) planned, each with its place in the whole plan, so merged
	// shards keep the configuration's order.
	Units []Unit `json:"units"`
	// Line is the line of the target's entry in the targets file (0:
	// unknown).
	Line int `json:"line,omitempty"`
	// Started and Elapsed time the target's run for the JUnit timestamp and
	// time attributes. Like Result.Elapsed they stay out of results.json.
	Started time.Time     `json:"-"`
	Elapsed time.Duration `json:"-"`
	// Carried are findings of the previous run (see CarryForward) on the
	// resources this run could not test: shown in SARIF and Code Quality,
	// and in the summary, so that an unreachable target does not read as
	// fixed; never counted as this run's checks. Nil when no previous
	// results were given for the target.
	Carried []Result `json:"-"`
	// timing is the timing read from results.json, written back as it was
	// (the units and results that gave it hold no times there).
	timing *jsonTiming
	// caseBudget is what the JUnit times of the target's test cases add
	// up to at most (see settleCaseTimes); 0 leaves the units' times as
	// they are.
	caseBudget time.Duration
	// checks holds Checks while Run.HoldChecks has them computed.
	checks []Check
}

// Unit is one method on one resource of a target.
type Unit struct {
	Method   string `json:"method"`
	Resource string `json:"resource"`
	// Order is the unit's place in the whole plan.
	Order int `json:"order"`
	// Line is the line of the resource in the targets file (0: unknown).
	Line int `json:"line,omitempty"`
	// Rules are the IDs of the rules planned on the unit: its checks, one
	// JUnit test case each, whatever the server answered. A rule planned
	// but not judged is a skipped check. Units with the same plan may share
	// the slice: never modify it. results.json writes each distinct plan
	// once (see WriteJSON).
	Rules []string `json:"-"`
	// HeadRules are the rules planned on the HEAD request sent beside a
	// GET (the head probe): checks of method HEAD on the same resource.
	HeadRules []string `json:"-"`
	// Elapsed is the time the unit's probes took, one request after the
	// other; shared among its checks, it makes JUnit's case times add up to
	// the suite's. Not in results.json, like every duration.
	Elapsed time.Duration `json:"-"`
}

// Run is the whole of results.json.
type Run struct {
	Version int `json:"version"`
	// Shard is "K/N" for one shard of a run split across machines, empty
	// for a whole run (and for shards merged back into one).
	Shard string `json:"shard,omitempty"`
	// Plan fingerprints the targets, resources and methods planned, the
	// selection and how the run was sharded, so that only shards of the
	// same run are merged.
	Plan string `json:"plan,omitempty"`
	// PlanUnits counts the units of the whole plan (every shard's), so
	// that merge can check that the shards cover it exactly. 0: unknown
	// (a file written before it was recorded).
	PlanUnits int `json:"plan_units,omitempty"`
	// ShardBy is what the shards took whole, "target" or "resource"; empty
	// for a whole run.
	ShardBy string `json:"shard_by,omitempty"`
	// Selection is the label filter, focus and skip the run was asked for;
	// nil when it selected everything.
	Selection *Selection `json:"selection,omitempty"`
	// Interrupted is set when Ctrl-C or SIGTERM ended the run early;
	// Unfinished then names the targets whose probes did not all finish.
	Interrupted bool     `json:"interrupted,omitempty"`
	Unfinished  []string `json:"unfinished,omitempty"`
	// TargetsFile is the targets file the run read, as given on the
	// command line (relative paths stay relative, so reports point at the
	// file in the repository), for the reports that point at its lines.
	TargetsFile string `json:"targets_file,omitempty"`
	// JUnitCases is the grain of junit.xml's test cases the run asked for
	// (JUnitAuto, JUnitCheck, JUnitRule; empty is JUnitAuto), kept so that
	// merged shards get the test cases a single run would have had.
	JUnitCases string `json:"junit_cases,omitempty"`
	// Baseline is what the run's baseline (run -baseline) found: the
	// counts of new and known findings and the entries fixed. Nil
	// without a baseline.
	Baseline *BaselineStatus `json:"baseline,omitempty"`
	// AuthspecVersion is the version of authspec that ran the probes
	// (probe.Version then); merged and rebuilt reports keep it.
	AuthspecVersion string   `json:"authspec_version,omitempty"`
	Targets         []Target `json:"targets"`
	// checksHeld is set while HoldChecks has every target's checks.
	checksHeld bool
}

// Selection is what a run was asked to select of the plan.
type Selection struct {
	Labels string   `json:"labels,omitempty"` // Ginkgo label filter
	Focus  []string `json:"focus,omitempty"`  // regular expressions on spec text
	Skip   []string `json:"skip,omitempty"`
}

// String says the selection in words: "labels 'rfc6750', focus 'admin'".
func (s *Selection) String() string {
	if s == nil {
		return "everything"
	}
	var parts []string
	if s.Labels != "" {
		parts = append(parts, "labels "+quoteSel(s.Labels))
	}
	for _, f := range s.Focus {
		parts = append(parts, "focus "+quoteSel(f))
	}
	for _, k := range s.Skip {
		parts = append(parts, "skip "+quoteSel(k))
	}
	if len(parts) == 0 {
		return "everything"
	}
	return strings.Join(parts, ", ")
}

func quoteSel(v string) string { return "'" + v + "'" }

// Equal reports whether two selections select the same.
func (s *Selection) Equal(o *Selection) bool { return s.String() == o.String() }

// ProbeName names the probe request a result is about: "<probe>" or
// "<probe>/<variant>", e.g. "bad-credentials/basic".
func (r *Result) ProbeName() string {
	if r.Variant == "" {
		return r.Probe
	}
	return r.Probe + "/" + r.Variant
}

// Ref cites the result's rule like checks.Rule.Ref does: "RFC 9110
// §11.6.1", each of several sections with its own sign.
func (r *Result) Ref() string {
	if r.Section == "" {
		return r.RFC
	}
	sections := "§" + strings.ReplaceAll(r.Section, ", ", ", §")
	if r.RFC == "" {
		return sections
	}
	return r.RFC + " " + sections
}

// LevelText is the level as shown to people: "SHOULD, declared" when a
// basis makes the rule fail the run whatever the RFC's keyword.
func (r *Result) LevelText() string {
	if r.Basis == "" {
		return r.Level
	}
	return r.Level + ", " + r.Basis
}

// SeverityOf is the severity of r's rule: the one r carries, else the
// catalogue's, else the one the catalogue would derive from r's level and
// basis (a rule another version of authspec wrote). Every report orders
// and labels findings by it.
func (r *Result) SeverityOf() checks.Severity {
	if s := checks.Severity(r.Severity); s.Rank() < len(checks.Severities) {
		return s
	}
	if rule := checks.Lookup(r.Check); rule != nil {
		return rule.Severity
	}
	switch {
	case r.Basis == "declared":
		return checks.Critical
	case r.Basis == "mission":
		return checks.High
	case r.Level == string(checks.Must):
		return checks.Medium
	case r.Level == string(checks.Should), r.Level == string(checks.Security):
		return checks.Low
	}
	return checks.Informative
}
