package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/probe"
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
// probes of one resource is one result, with occurrenceCount), worst
// first (see sortFindings); its level is error for a failure, warning for
// a warning, note for an info. Each result points at the targets file
// (Run.TargetsFile as given, relative paths staying relative) at the
// resource's line, or the target's when the resource's is unknown, with
// the columns of the resource's path when the file is at hand, and at a
// logical location "<target> <METHOD> <path>", so GET and HEAD of one
// line are two results.
//
// Code scanning tells alerts apart by partialFingerprints'
// primaryLocationLineHash, and computes one from the file's text only
// when a result has none: authspec writes its own, a hash of the rule,
// target, method and resource, so an alert stays the same alert when the
// targets file is edited around it, and results that differ only by
// method stay two alerts.
//
// tool.driver names authspec and its version and describes every rule
// the run names: its requirement, the RFC text it rests on, its level
// and severity (security-severity and a "security" tag, which code
// scanning reads), and its RFC section as helpUri. A target that could
// not be tested gets a result of rule NotTestedRule; the findings carried
// forward onto it (CarryForward) are results with their own fingerprints;
// and while its earlier findings are unknown the invocation says
// executionSuccessful=false, as does an interrupted run (see untested.go).
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
	// ColumnKind is required by GitHub whenever regions are present;
	// columns count Unicode code points.
	ColumnKind string `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version"`
	SemanticVersion string      `json:"semanticVersion"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
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
	Tags []string `json:"tags"`
	// SecuritySeverity is what code scanning files a security alert's
	// severity under; absent for an informative rule.
	SecuritySeverity string `json:"security-severity,omitempty"`
	Severity         string `json:"severity"`
	RFC              string `json:"rfc,omitempty"`
	Section          string `json:"section,omitempty"`
	Level            string `json:"level,omitempty"`
	Basis            string `json:"basis,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	OccurrenceCount     int               `json:"occurrenceCount"`
	// BaselineState is new, unchanged or absent when the run had a
	// baseline (see baselineSARIF); empty otherwise.
	BaselineState string             `json:"baselineState,omitempty"`
	Properties    sarifResultDetails `json:"properties"`
}

type sarifResultDetails struct {
	Target   string   `json:"target"`
	Method   string   `json:"method,omitempty"`
	Resource string   `json:"resource,omitempty"`
	Outcome  Outcome  `json:"outcome"`
	Severity string   `json:"severity"`
	Probes   []string `json:"probes"`
	// Carried marks a finding of the previous run on a resource this run
	// could not test.
	Carried bool `json:"carriedForward,omitempty"`
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
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
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
	src := readTargetsFile(run)
	out := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "authspec", Version: probe.Version, SemanticVersion: probe.Version,
			InformationURI: "https://github.com/authspec/authspec", Rules: rules,
		}},
		Results:    []sarifResult{},
		ColumnKind: "unicodeCodePoints",
	}
	inv := sarifInvocation{ExecutionSuccessful: !run.Interrupted, Notifications: []sarifNotification{}}
	left := 0
	add := func(r sarifResult) {
		if len(out.Results) == sarifMaxResults {
			left++
			return
		}
		out.Results = append(out.Results, r)
	}
	// The targets that could not be tested come first: until they are
	// back, nothing else about them is news.
	for i := range run.Targets {
		t := &run.Targets[i]
		if text, ok := notTested(t); ok {
			add(sarifNotTested(t, text, uri, src, index[NotTestedRule]))
		}
		if earlierUnknown(t) {
			inv.ExecutionSuccessful = false
		}
	}
	for _, f := range runFindings(run) {
		res := sarifResultOf(&f, uri, src, index[f.first().Check])
		if run.Baseline != nil {
			res.BaselineState = "new"
		}
		add(res)
	}
	for i := range run.Targets {
		inv.Notifications = append(inv.Notifications, sarifErrors(&run.Targets[i], uri, src)...)
	}
	for _, r := range baselineSARIF(run, uri, src, index) {
		add(r)
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

// sarifRules describes every rule the run names (and NotTestedRule when a
// target could not be tested), sorted by ID, and maps each ID to its
// index.
func sarifRules(run *Run) ([]sarifRule, map[string]int) {
	first := map[string]*Result{}
	note := func(rs []Result) {
		for j := range rs {
			if _, seen := first[rs[j].Check]; !seen {
				first[rs[j].Check] = &rs[j]
			}
		}
	}
	untested := false
	for i := range run.Targets {
		note(run.Targets[i].Results)
		note(run.Targets[i].Carried)
		if _, ok := notTested(&run.Targets[i]); ok {
			untested = true
		}
	}
	ids := make([]string, 0, len(first)+1)
	for id := range first {
		ids = append(ids, id)
	}
	if untested {
		ids = append(ids, NotTestedRule)
	}
	sort.Strings(ids)
	rules := make([]sarifRule, len(ids))
	index := make(map[string]int, len(ids))
	for i, id := range ids {
		if id == NotTestedRule && first[id] == nil {
			rules[i] = sarifNotTestedRule()
		} else {
			rules[i] = sarifRuleOf(first[id])
		}
		index[id] = i
	}
	return rules, index
}

// sarifNotTestedRule describes the "could not be tested" entries.
func sarifNotTestedRule() sarifRule {
	text := "Every target can be tested: it answers each request with a complete HTTP response in time. " +
		"A target that could not be tested has findings nobody knows: they are not fixed."
	return sarifRule{
		ID: NotTestedRule, ShortDescription: sarifText{Text: "The target could be tested."}, FullDescription: sarifText{Text: text},
		Help:                 sarifMultiText{Text: text, Markdown: mdText(text)},
		DefaultConfiguration: sarifRuleConfig{Level: "error"},
		Properties:           sarifRuleDetails{Tags: []string{"authspec", "reachability"}, Severity: string(checks.High)},
	}
}

func sarifRuleOf(r *Result) sarifRule {
	requirement := r.Requirement
	if requirement == "" {
		requirement = r.Check
	}
	requirement = terminalSafe(requirement)
	sev := r.SeverityOf()
	help, md := sarifHelp(r, requirement)
	return sarifRule{
		ID:               terminalSafe(r.Check),
		ShortDescription: sarifText{Text: requirement},
		FullDescription:  sarifText{Text: requirement},
		HelpURI:          rfcURL(r.RFC, r.Section),
		Help:             sarifMultiText{Text: help, Markdown: md},
		DefaultConfiguration: sarifRuleConfig{
			Level: defaultSARIFLevel(r),
		},
		Properties: sarifRuleDetails{
			Tags: sarifTags(r), SecuritySeverity: securitySeverity(sev), Severity: string(sev),
			RFC: r.RFC, Section: r.Section, Level: r.Level, Basis: r.Basis,
		},
	}
}

// sarifHelp is a rule's help, in text and Markdown: what `authspec
// explain` says without running anything: the requirement, its citation,
// level and severity, what breaking it does to a run, and the RFC's own
// words.
func sarifHelp(r *Result, requirement string) (string, string) {
	var text, md strings.Builder
	text.WriteString(requirement)
	md.WriteString(mdText(requirement))
	ref, link := terminalSafe(r.Ref()), rfcURL(r.RFC, r.Section)
	if ref != "" {
		text.WriteString("\n\n" + ref)
		md.WriteString("\n\n" + mdRFCLink(r))
		if link != "" {
			text.WriteString(": " + link)
		}
	}
	sev := string(r.SeverityOf())
	if lt := terminalSafe(r.LevelText()); lt != "" {
		text.WriteString(" (" + lt + "; severity " + sev + ")")
		md.WriteString(" (" + mdText(r.LevelText()) + "; severity " + sev + ")")
	}
	if c := consequenceOf(r); c != "" {
		text.WriteString("\n\n" + c)
		md.WriteString("\n\n" + mdText(c))
	}
	if rule := checks.Lookup(r.Check); rule != nil {
		for _, q := range checks.QuotesOf(rule.ID) {
			from := q.RFC
			if from == "" {
				from = rule.RFC
			}
			where := from + " §" + q.Section
			text.WriteString("\n\n" + where + ": \u201c" + q.Text + "\u201d")
			md.WriteString("\n\n> " + mdText(q.Text) + "\n>\n> \u2014 " + mdText(where))
			if q.Note != "" {
				text.WriteString("\n" + q.Note)
				md.WriteString("\n\n" + mdText(q.Note))
			}
		}
		text.WriteString("\n\nauthspec explain " + rule.ID + " shows how the suite probes it, with a broken and a correct example.")
		md.WriteString("\n\n`authspec explain " + rule.ID + "` shows how the suite probes it, with a broken and a correct example.")
	}
	return multilineSafe(text.String()), multilineSafe(md.String())
}

// consequenceOf says what breaking the rule does to a run, as `authspec
// explain` does.
func consequenceOf(r *Result) string {
	switch {
	case r.Check == checks.ResponseReceived.ID:
		return "When it breaks, the target is reported as could not be tested, never as a failure."
	case r.Basis == "mission":
		return "Breaking it fails the run whatever the level: it is one of the two assertions authspec exists for."
	case r.Basis == "declared":
		return "Breaking it fails the run whatever the level: targets.yaml declares the resource protected."
	case r.Level == string(checks.Must):
		return "Breaking it fails the run."
	case r.Level == string(checks.Info):
		return "It only informs: it never fails a run."
	case r.Level != "":
		return "Breaking it warns; with strict: true it fails the run."
	}
	return ""
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

// sarifTags are the rule's RFC ("rfc9110"), level ("must"), basis, and,
// for every rule that is not informative, "security" (code scanning shows
// security-severity only on rules tagged so) and its severity; the list
// holds each once.
func sarifTags(r *Result) []string {
	tags := []string{}
	seen := map[string]bool{}
	sev := r.SeverityOf()
	security := ""
	if securitySeverity(sev) != "" {
		security = "security"
	}
	for _, t := range []string{security, string(sev), strings.ToLower(strings.ReplaceAll(r.RFC, " ", "")), strings.ToLower(r.Level), r.Basis} {
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
func sarifResultOf(f *finding, uri string, src *targetsSource, ruleIndex int) sarifResult {
	r := f.first()
	probes := make([]string, 0, len(f.results))
	for _, x := range f.results {
		probes = append(probes, x.ProbeName())
	}
	fp := fingerprint(r.Check, f.target.Name, r.Method, r.Resource)
	return sarifResult{
		RuleID: terminalSafe(r.Check), RuleIndex: ruleIndex, Level: sarifLevel(f.outcome),
		Message:             sarifText{Text: findingText(f)},
		Locations:           []sarifLocation{sarifLocationOf(f.target, r.Method, r.Resource, uri, f.line, src)},
		PartialFingerprints: map[string]string{sarifLineHashKey: fp, sarifFingerprintKey: fp},
		OccurrenceCount:     len(f.results),
		Properties: sarifResultDetails{
			Target: f.target.Name, Method: r.Method, Resource: r.Resource, Outcome: f.outcome,
			Severity: string(f.severity()), Probes: probes, Carried: f.carried,
		},
	}
}

// sarifLineHashKey is the partial fingerprint code scanning matches
// alerts by; upload-sarif computes it from the file's text only when a
// result has none.
const sarifLineHashKey = "primaryLocationLineHash"

// sarifNotTested is the "could not be tested" result of t, at its line.
func sarifNotTested(t *Target, text, uri string, src *targetsSource, ruleIndex int) sarifResult {
	fp := fingerprint(NotTestedRule, t.Name, "", "")
	return sarifResult{
		RuleID: NotTestedRule, RuleIndex: ruleIndex, Level: "error",
		Message:             sarifText{Text: multilineSafe(text)},
		Locations:           []sarifLocation{sarifLocationOf(t, "", "", uri, t.Line, src)},
		PartialFingerprints: map[string]string{sarifLineHashKey: fp, sarifFingerprintKey: fp},
		OccurrenceCount:     1,
		Properties:          sarifResultDetails{Target: t.Name, Outcome: Error, Severity: string(checks.High), Probes: []string{}},
	}
}

// findingText is a finding in one paragraph: where, what was seen, the
// rule's citation, and the curl line that reproduces it. Code scanning
// shows its first sentence where room is short.
func findingText(f *finding) string {
	r := f.first()
	var b strings.Builder
	if f.carried {
		b.WriteString("Not re-tested (the target could not be tested in this run); the previous run found: ")
	}
	fmt.Fprintf(&b, "%s %s on %s: %s", r.Method, r.Resource, f.target.Name, truncateRunes(stableText(r.Message), mdMessageRunes))
	if len(f.results) > 1 {
		fmt.Fprintf(&b, " (and on %s: %s)", plural(len(f.results)-1, "more request"), truncateRunes(probeList(f.results[1:]), mdMessageRunes))
	}
	if ref := r.Ref(); ref != "" {
		fmt.Fprintf(&b, " [%s, %s; severity %s]", ref, r.LevelText(), f.severity())
	}
	if r.Evidence != nil && r.Evidence.Curl != "" {
		fmt.Fprintf(&b, "\nReproduce: %s", r.Evidence.Curl)
	}
	if chain := chainText(r.Evidence); chain != "" {
		fmt.Fprintf(&b, "\nDiscovery chain:\n%s", chain)
	}
	return multilineSafe(b.String())
}

// sarifLocationOf points at line of the targets file, with the columns of
// the resource's path (or of the target's name, for a result on no
// resource) when the line holds it, and at the logical location
// "<target> <METHOD> <path>".
func sarifLocationOf(t *Target, method, resource, uri string, line int, src *targetsSource) sarifLocation {
	where := strings.TrimSpace(method + " " + resource)
	loc := sarifLocation{
		PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri}},
		LogicalLocations: []sarifLogical{{
			Name:               nonEmptyOr(where, t.Name),
			FullyQualifiedName: strings.TrimSpace(t.Name + " " + where),
			Kind:               "resource",
		}},
	}
	if line > 0 {
		reg := &sarifRegion{StartLine: line}
		needle := resource
		if needle == "" {
			needle = t.Name
		}
		reg.StartColumn, reg.EndColumn = src.columns(line, needle)
		loc.PhysicalLocation.Region = reg
	}
	return loc
}

func nonEmptyOr(s, otherwise string) string {
	if s != "" {
		return s
	}
	return otherwise
}

// sarifErrors reports t's errors (could not test) as notifications.
func sarifErrors(t *Target, uri string, src *targetsSource) []sarifNotification {
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
			Locations: []sarifLocation{sarifLocationOf(t, r.Method, r.Resource, uri, lineOf(t, lines, r), src)},
		})
	}
	return out
}
