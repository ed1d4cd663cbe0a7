package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.
const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// sarifMaxResults is the most results GitHub code scanning accepts in
	// one run; past it, the file says how many were left out.
	sarifMaxResults = 25000
	// sarifFingerprintKey names authspec's fingerprint among a result's
	// partial fingerprints.
	sarifFingerprintKey = "authspecFinding/v1"
)

// WriteSARIF writes authspec.sarif: the run's findings as a SARIF 2.1.0
// log, so code scanning shows them on the lines of the targets file, in
// pull requests.
//
// One result per rule, method and resource (a rule broken by several
// probes of one resource is one result, with occurrenceCount); its level
// is error for a failure, warning for a warning, note for an info. Each
// result points at the targets file (Run.TargetsFile as given, relative
// paths staying relative) at the resource's line, or the target's when the
// resource's is unknown. tool.driver.rules describes every rule the run
// judged, with its requirement as help text and its RFC section as
// helpUri. Targets that could not be tested are not results (they broke
// no rule) but tool execution notifications, as is an interrupted run.
// Passes and skips are not written.
func WriteSARIF(w io.Writer, run *Run) error {
	if run == nil {
		return errors.New("report: WriteSARIF: nil run")
	}
	if err := json.NewEncoder(w).Encode(sarifOf(run)); err != nil {
		return fmt.Errorf("report: writing %s: %w", SARIFFile, err)
	}
	return nil
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	// ColumnKind is required by GitHub whenever regions are present; the
	// regions here name lines only, so either kind is true.
	ColumnKind string `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMultiText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string           `json:"id"`
	ShortDescription     sarifText        `json:"shortDescription"`
	FullDescription      sarifText        `json:"fullDescription"`
	HelpURI              string           `json:"helpUri,omitempty"`
	Help                 sarifMultiText   `json:"help"`
	DefaultConfiguration sarifRuleConfig  `json:"defaultConfiguration"`
	Properties           sarifRuleDetails `json:"properties"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifRuleDetails struct {
	Tags    []string `json:"tags"`
	RFC     string   `json:"rfc,omitempty"`
	Section string   `json:"section,omitempty"`
	Level   string   `json:"level,omitempty"`
	Basis   string   `json:"basis,omitempty"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	OccurrenceCount     int                `json:"occurrenceCount"`
	Properties          sarifResultDetails `json:"properties"`
}

type sarifResultDetails struct {
	Target   string   `json:"target"`
	Method   string   `json:"method"`
	Resource string   `json:"resource"`
	Outcome  Outcome  `json:"outcome"`
	Probes   []string `json:"probes"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

// sarifOf builds the SARIF log of run.
func sarifOf(run *Run) *sarifLog {
	rules, index := sarifRules(run)
	uri := targetsURI(run)
	out := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "authspec", InformationURI: "https://github.com/authspec/authspec", Rules: rules,
		}},
		Results:    []sarifResult{},
		ColumnKind: "unicodeCodePoints",
	}
	inv := sarifInvocation{ExecutionSuccessful: !run.Interrupted, Notifications: []sarifNotification{}}
	left := 0
	for i := range run.Targets {
		t := &run.Targets[i]
		for _, f := range findingsOf(t) {
			if len(out.Results) == sarifMaxResults {
				left++
				continue
			}
			out.Results = append(out.Results, sarifResultOf(&f, uri, index[f.first().Check]))
		}
		inv.Notifications = append(inv.Notifications, sarifErrors(t, uri)...)
	}
	if left > 0 {
		inv.Notifications = append(inv.Notifications, sarifNotification{Level: "warning", Message: sarifText{Text: fmt.Sprintf(
			"%d more findings are left out: code scanning takes at most %d results a run. results.json has them all.", left, sarifMaxResults)}})
	}
	if run.Interrupted {
		text := "the run was interrupted before its probes finished"
		if len(run.Unfinished) > 0 {
			text += "; unfinished targets: " + strings.Join(run.Unfinished, ", ")
		}
		inv.Notifications = append(inv.Notifications, sarifNotification{Level: "error", Message: sarifText{Text: multilineSafe(text)}})
	}
	out.Invocations = []sarifInvocation{inv}
	return &sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{out}}
}

// sarifRules describes every rule the run names, sorted by ID, and maps
// each ID to its index.
func sarifRules(run *Run) ([]sarifRule, map[string]int) {
	first := map[string]*Result{}
	for i := range run.Targets {
		for j := range run.Targets[i].Results {
			r := &run.Targets[i].Results[j]
			if _, seen := first[r.Check]; !seen {
				first[r.Check] = r
			}
		}
	}
	ids := make([]string, 0, len(first))
	for id := range first {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	rules := make([]sarifRule, len(ids))
	index := make(map[string]int, len(ids))
	for i, id := range ids {
		rules[i] = sarifRuleOf(first[id])
		index[id] = i
	}
	return rules, index
}

func sarifRuleOf(r *Result) sarifRule {
	requirement := r.Requirement
	if requirement == "" {
		requirement = r.Check
	}
	requirement = terminalSafe(requirement)
	ref := terminalSafe(r.Ref())
	link := rfcURL(r.RFC, r.Section)
	help := requirement
	md := mdText(requirement)
	if ref != "" {
		help += "\n\n" + ref
		md += "\n\n" + mdRFCLink(r)
		if link != "" {
			help += ": " + link
		}
	}
	if lt := terminalSafe(r.LevelText()); lt != "" {
		help += " (" + lt + ")"
		md += " (" + mdText(r.LevelText()) + ")"
	}
	return sarifRule{
		ID:               terminalSafe(r.Check),
		ShortDescription: sarifText{Text: requirement},
		FullDescription:  sarifText{Text: requirement},
		HelpURI:          link,
		Help:             sarifMultiText{Text: help, Markdown: md},
		DefaultConfiguration: sarifRuleConfig{
			Level: defaultSARIFLevel(r),
		},
		Properties: sarifRuleDetails{
			Tags: sarifTags(r), RFC: r.RFC, Section: r.Section, Level: r.Level, Basis: r.Basis,
		},
	}
}

// defaultSARIFLevel is how a break of the rule is reported when the run is
// not strict: MUST-level, mission and declared rules fail, info informs,
// the rest warn.
func defaultSARIFLevel(r *Result) string {
	switch {
	case r.Basis != "" || r.Level == "MUST":
		return "error"
	case r.Level == "info":
		return "note"
	}
	return "warning"
}

// sarifTags are the rule's RFC ("rfc9110") and level ("must"), for
// filtering in code scanning; the list holds each once.
func sarifTags(r *Result) []string {
	tags := []string{}
	seen := map[string]bool{}
	for _, t := range []string{strings.ToLower(strings.ReplaceAll(r.RFC, " ", "")), strings.ToLower(r.Level), r.Basis} {
		if t != "" && !seen[t] {
			seen[t] = true
			tags = append(tags, t)
		}
	}
	return tags
}

func sarifLevel(o Outcome) string {
	switch o {
	case Fail:
		return "error"
	case Warn:
		return "warning"
	}
	return "note"
}

// sarifResultOf is one finding as a SARIF result.
func sarifResultOf(f *finding, uri string, ruleIndex int) sarifResult {
	r := f.first()
	probes := make([]string, 0, len(f.results))
	for _, x := range f.results {
		probes = append(probes, x.ProbeName())
	}
	return sarifResult{
		RuleID: terminalSafe(r.Check), RuleIndex: ruleIndex, Level: sarifLevel(f.outcome),
		Message:             sarifText{Text: findingText(f)},
		Locations:           []sarifLocation{sarifLocationOf(f.target, r, uri, f.line)},
		PartialFingerprints: map[string]string{sarifFingerprintKey: fingerprint(r.Check, f.target.Name, r.Method, r.Resource)},
		OccurrenceCount:     len(f.results),
		Properties: sarifResultDetails{
			Target: f.target.Name, Method: r.Method, Resource: r.Resource, Outcome: f.outcome, Probes: probes,
		},
	}
}

// findingText is a finding in one paragraph: where, what was seen, the
// rule's citation, and the curl line that reproduces it. Code scanning
// shows its first sentence where room is short.
func findingText(f *finding) string {
	r := f.first()
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s on %s: %s", r.Method, r.Resource, f.target.Name, truncateRunes(r.Message, mdMessageRunes))
	if len(f.results) > 1 {
		fmt.Fprintf(&b, " (and on %s: %s)", plural(len(f.results)-1, "more request"), truncateRunes(probeList(f.results[1:]), mdMessageRunes))
	}
	if ref := r.Ref(); ref != "" {
		fmt.Fprintf(&b, " [%s, %s]", ref, r.LevelText())
	}
	if r.Evidence != nil && r.Evidence.Curl != "" {
		fmt.Fprintf(&b, "\nReproduce: %s", r.Evidence.Curl)
	}
	return multilineSafe(b.String())
}

func sarifLocationOf(t *Target, r *Result, uri string, line int) sarifLocation {
	loc := sarifLocation{
		PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri}},
		LogicalLocations: []sarifLogical{{
			Name:               strings.TrimSpace(r.Method + " " + r.Resource),
			FullyQualifiedName: t.Name + " " + strings.TrimSpace(r.Method+" "+r.Resource),
			Kind:               "resource",
		}},
	}
	if line > 0 {
		loc.PhysicalLocation.Region = &sarifRegion{StartLine: line}
	}
	return loc
}

// sarifErrors reports t's errors (could not test) as notifications.
func sarifErrors(t *Target, uri string) []sarifNotification {
	lines := unitLines(t)
	var out []sarifNotification
	for _, g := range errorsOf(t) {
		r := g[0]
		text := fmt.Sprintf("%s %s on %s could not be tested: %s", r.Method, r.Resource, t.Name, truncateRunes(r.Message, mdMessageRunes))
		if len(g) > 1 {
			text += fmt.Sprintf(" (and %s)", plural(len(g)-1, "more request"))
		}
		out = append(out, sarifNotification{
			Level: "error", Message: sarifText{Text: multilineSafe(text)},
			Locations: []sarifLocation{sarifLocationOf(t, r, uri, lineOf(t, lines, r))},
		})
	}
	return out
}
