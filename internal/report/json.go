package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"
)

// FormatVersion is the version of results.json that WriteJSON writes.
// ReadJSON reads it and version 1.
const FormatVersion = 2

// WriteJSON writes run to w as results.json, authspec's stable,
// machine-readable report.
//
// # Format, version 2
//
// The document is one JSON object, indented with two spaces, UTF-8, ending
// in a newline. Keys appear in the order shown. Targets appear in the order
// of targets.yaml and results in the order the suite produced them, so the
// same behaviour gives the same bytes: the file can be diffed and committed
// as a baseline. Nothing in it is a timestamp or a duration.
//
// Every result that is not a pass is written whole, with its evidence.
// Passes are written as counts: for each method of each resource, under
// "units", how many judgments of each rule held. The text of a rule (RFC,
// section, level, requirement, basis) is written once, under "rules", not
// with every result. So the file grows with what broke, not with the
// number of requests.
//
//	{
//	  "version": 2,
//	  "shard": "2/4",                    // this machine's shard of a split run; omitted for a whole run
//	  "plan": "sha256:1f2e…",            // fingerprint of the targets, resources and methods planned, the selection and shard_by
//	  "plan_units": 120,                 // the units (methods of resources) of the whole plan, every shard's
//	  "shard_by": "target",              // a shard's: what the shards took whole, "target" or "resource"
//	  "selection": {"labels": "rfc6750", "focus": ["admin"], "skip": ["HEAD"]}, // what the run selected; omitted for everything
//	  "interrupted": true,               // omitted unless Ctrl-C or SIGTERM ended the run early
//	  "unfinished": ["staging-api"],     // then: the targets whose probes did not all finish
//	  "targets_file": "targets.yaml",    // the targets file, as given to authspec run
//	  "baseline": {                      // with run -baseline (or the baseline key) only; see docs/baselines.md
//	    "file": "authspec-baseline.yaml", "new": 2, "known": 118,   // findings (rule, target, method, resource, probe)
//	    "fixed": [{"rule": "…", "target": "…", "method": "GET", "resource": "/x", "probe": "head", "line": 12}]
//	  },
//	  "authspec_version": "0.2.0",       // the authspec that ran the probes
//	  "rule_sets": [                     // the distinct plans of units: the rules each unit's checks are about
//	    ["rfc9110/challenge-present", "rfc9110/diagnostic-body", "rfc9110/response-received"]
//	  ],
//	  "rules": {                         // every rule a result or a pass count below names
//	    "rfc9110/challenge-present": {
//	      "rfc": "RFC 9110",
//	      "section": "11.6.1",           // may list several: "11.6.1, 15.5.2"
//	      "level": "MUST",               // "MUST", "SHOULD", "MAY", "security" or "info"
//	      "requirement": "A 401 response must carry a WWW-Authenticate challenge.",
//	      "basis": "mission",            // "mission" or "declared": why it fails whatever the level; omitted otherwise
//	      "severity": "high"             // how much harm breaking it does: "critical", "high", "medium", "low" or "info"
//	    }
//	  },
//	  "targets": [
//	    {
//	      "name": "reference",             // target name from targets.yaml
//	      "url": "http://127.0.0.1:8080",  // base URL; any password in it is shown as "xxxxx"
//	      "kind": "origin",                // "origin" (401, WWW-Authenticate) or "proxy" (407, Proxy-Authenticate)
//	      "line": 12,                      // the target's line in the targets file
//	      "verdict": "fail",               // see below
//	      "requests": 57,                  // HTTP requests sent to the target
//	      "protocol": "HTTP/1.1",          // protocol of the responses; omitted when unknown
//	      "checks": {"total": 37, "pass": 30, "fail": 2, "warn": 1, "error": 0, "skip": 4, "info": 0},
//	                                       // the target's checks by outcome, as the terminal and JUnit count them (see below); derived, ignored on reading
//	      "timing": {"elapsed_ms": 12503,  // the target's wall time; omitted when unknown
//	        "slowest": [{"method": "GET", "resource": "/admin", "elapsed_ms": 1200}], // its 5 slowest resources
//	        "slowest_requests": [{"method": "GET", "resource": "/admin", "probe": "unauthenticated", "elapsed_ms": 900}]},
//	      "units": [                       // the methods and resources planned (this shard's)
//	        {
//	          "method": "GET",
//	          "resource": "/admin",
//	          "order": 0,                                   // place in the whole plan
//	          "line": 14,                                   // the resource's line in the targets file
//	          "rule_set": 0,                                // its plan: an index into "rule_sets"; omitted when nothing was planned (filtered out)
//	          "head_rule_set": 1,                           // a GET's: the plan of the HEAD request sent beside it, checks of HEAD on the resource
//	          "passes": {"rfc9110/diagnostic-body": 6},     // judgments that held, per rule; omitted when none
//	          "variant_passes": {                           // the rules a probe exists for, per variant of its request
//	            "rfc9110/valid-credentials-accepted": {"basic": 1, "digest-sha-256": 1}
//	          },
//	          "head_passes": {"rfc9110/head-no-content": 1} // a GET's: those of the HEAD request sent beside it
//	        }
//	      ],
//	      "carried_forward": [ ... ],      // with -previous: that run's findings on the resources this run could not test,
//	                                       // shaped like "results"; omitted when no previous results were given for the target
//	      "results": [                     // everything that is not a pass
//	        {
//	          "check": "rfc9110/challenge-present",  // rule ID: stable, usable in waivers; its text is under "rules"
//	          "outcome": "fail",                     // see below
//	          "resource": "/admin",                  // path of the resource probed
//	          "method": "GET",
//	          "probe": "unauthenticated",            // which probe sent the request
//	          "variant": "basic",                    // which of the probe's requests; omitted when the probe has one
//	          "message": "401 response has no WWW-Authenticate field",
//	          "baseline": "new",                     // with a baseline: "new", or "known" (its outcome is then skip)
//	          "evidence": {                          // omitted when there is none
//	            "request": "GET /admin HTTP/1.1\n...",     // as sent (one field a line, sorted), credentials redacted
//	            "response": "HTTP/1.1 401 Unauthorized\n...", // as received (one field a line, sorted), body cut at 2 KiB
//	            "curl": "curl -i http://127.0.0.1:8080/admin" // reproduces the request; secrets as ${VAR}
//	          }
//	        }
//	      ]
//	    }
//	  ]
//	}
//
// "targets", "units" and "results" are always arrays, never null. In
// memory (ReadJSON), a unit's pass counts become one pass Result per rule
// with Count set, after the unit's other results.
//
// A check is one rule on one method of one resource: a JUnit test case,
// and what the terminal's and "checks" counts count. (A result's "check"
// key, older than the word's use for the whole, names the check's rule.)
// Its outcome is the worst of its results', fail before error, warn, info,
// pass and skip. The checks of a unit
// are the rules of its plan (its "rule_set"), each of which may also have
// results; a rule with results on a unit but not in its plan (a scheme the
// configuration did not list, offered by the server all the same) is a
// check too. A planned rule with no result was not judged: it is a skipped
// check. The plans are written once each, so a run of thousands of
// resources adds a few bytes per unit. Files written before rule_sets
// existed read back with no plans: their checks are the rules they have
// results for.
//
// outcome is one of:
//
//	pass   the check held
//	fail   the check was broken and the break fails the run
//	warn   the check was broken; the break is reported but does not fail the run
//	info   worth knowing; never fails the run
//	skip   not applicable or waived; message says which
//	error  the target could not be tested (unreachable, timeout, TLS failure, not HTTP)
//
// verdict sums up a target: "error" if any result is an error, else
// "interrupted" if the run was cut short before its probes finished, else
// "fail" if any result failed, else "pass"; "not-run" for a target the
// label filter, focus or shard left out. authspec exits 1 when any
// target's verdict is error, interrupted or fail.
//
// Strings are JSON strings: bytes the server sent that are not valid UTF-8
// appear as U+FFFD, control characters as \u escapes. A reader must ignore
// keys it does not know: later revisions of version 2 may add keys, never
// remove or rename one. A change that breaks readers gets a new version.
//
// Version 1 (authspec before the concurrent engine) wrote every result
// whole, passes included, with the rule's text on each; ReadJSON still
// reads it, so `authspec merge` accepts old files.
//
// WriteJSON does not modify run. A target's verdict is written as the worse
// of its recorded Verdict and the one its results imply.
func WriteJSON(w io.Writer, run *Run) error {
	if run == nil {
		return errors.New("report: WriteJSON: nil run")
	}
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	// The evidence is full of < and >; \u003c helps no reader of this file.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(jsonView(run)); err != nil {
		return fmt.Errorf("report: writing results.json: %w", err)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	indentJSON(bw, bytes.TrimSuffix(compact.Bytes(), []byte("\n")), "units")
	bw.WriteByte('\n')
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: writing results.json: %w", err)
	}
	return nil
}

// indentJSON writes the compact JSON src to w indented by two spaces, one
// member or element per line, except that each element of an array under
// the key inline (each unit of a target) is written on one line of its
// own: a run of thousands of units is a file of thousands of lines, which
// grep and diff handle well, and a third smaller than with every pass
// count on a line of its own. It relies on src being compact, as
// encoding/json writes it: no space outside strings, no raw line break
// inside one.
func indentJSON(w *bufio.Writer, src []byte, inline string) {
	depth := 0
	flat := 0 // > 0: inside an element of an inline array, at that depth
	newline := func(d int) {
		w.WriteByte('\n')
		for range d {
			w.WriteString("  ")
		}
	}
	inlineArray := -1        // depth of the open array under inline, -1 when none
	keyStart, keyEnd := 0, 0 // the last string, a key when a colon follows
	start := 0               // src[start:i] is still to be written
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '"':
			keyStart = i + 1
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
			keyEnd = i
		case '{', '[':
			depth++
			if flat > 0 {
				continue
			}
			if depth-1 == inlineArray {
				flat = depth // an element of the inline array: one line
				continue
			}
			if c == '[' && i > 0 && src[i-1] == ':' && string(src[keyStart:keyEnd]) == inline {
				inlineArray = depth
			}
			w.Write(src[start : i+1])
			start = i + 1
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				continue // empty: {} or []
			}
			newline(depth)
		case '}', ']':
			depth--
			if flat > 0 {
				if depth+1 == flat {
					flat = 0
				}
				continue
			}
			if depth+1 == inlineArray {
				inlineArray = -1
			}
			if src[i-1] == '{' || src[i-1] == '[' {
				continue
			}
			w.Write(src[start:i])
			start = i
			newline(depth)
		case ',', ':':
			if flat > 0 {
				continue
			}
			w.Write(src[start : i+1])
			start = i + 1
			if c == ',' {
				newline(depth)
			} else {
				w.WriteByte(' ')
			}
		}
	}
	w.Write(src[start:])
}

// jsonRule is a rule's text, written once per file.
type jsonRule struct {
	RFC         string `json:"rfc"`
	Section     string `json:"section"`
	Level       string `json:"level"`
	Requirement string `json:"requirement,omitempty"`
	Basis       string `json:"basis,omitempty"`
	// Severity is how much harm breaking the rule does: critical, high,
	// medium, low or info.
	Severity string `json:"severity,omitempty"`
}

// jsonResult is a result as version 2 writes it: without its rule's text.
type jsonResult struct {
	Check    string    `json:"check"`
	Outcome  Outcome   `json:"outcome"`
	Resource string    `json:"resource"`
	Method   string    `json:"method"`
	Probe    string    `json:"probe,omitempty"`
	Variant  string    `json:"variant,omitempty"`
	Message  string    `json:"message"`
	Baseline string    `json:"baseline,omitempty"`
	Evidence *Evidence `json:"evidence,omitempty"`
}

// jsonUnit is a unit with the passes of each rule on it.
type jsonUnit struct {
	Method   string         `json:"method"`
	Resource string         `json:"resource"`
	Order    int            `json:"order"`
	Line     int            `json:"line,omitempty"`
	RuleSet  *int           `json:"rule_set,omitempty"`
	HeadSet  *int           `json:"head_rule_set,omitempty"`
	Passes   map[string]int `json:"passes,omitempty"`
	// VariantPasses counts the passes of the rules a probe exists for by
	// the variant of its request: the control check passing for Basic
	// and for Digest SHA-256 are two facts.
	VariantPasses map[string]map[string]int `json:"variant_passes,omitempty"`
	// HeadPasses are the passes of the HEAD request sent beside a GET.
	HeadPasses map[string]int `json:"head_passes,omitempty"`
}

type jsonTarget struct {
	Name     string     `json:"name"`
	URL      string     `json:"url"`
	Kind     string     `json:"kind"`
	Line     int        `json:"line,omitempty"`
	Verdict  string     `json:"verdict"`
	Requests int        `json:"requests"`
	Protocol string     `json:"protocol,omitempty"`
	Checks   *jsonTally `json:"checks,omitempty"`
	// Timing is where the target's time went (timing.go); the one member
	// that differs between two runs of the same behaviour.
	Timing  *jsonTiming  `json:"timing,omitempty"`
	Units   []*jsonUnit  `json:"units"`
	Results []jsonResult `json:"results"`
	// Carried are the findings of a previous run carried forward onto the
	// resources this run could not test; absent when no previous results
	// were given for the target, [] when they had nothing there.
	Carried *[]jsonResult `json:"carried_forward,omitempty"`
}

// jsonTally is a target's checks counted by outcome.
type jsonTally struct {
	Total int `json:"total"`
	Pass  int `json:"pass"`
	Fail  int `json:"fail"`
	Warn  int `json:"warn"`
	Error int `json:"error"`
	Skip  int `json:"skip"`
	Info  int `json:"info"`
}

type jsonRun struct {
	Version     int                  `json:"version"`
	Shard       string               `json:"shard,omitempty"`
	Plan        string               `json:"plan,omitempty"`
	PlanUnits   int                  `json:"plan_units,omitempty"`
	ShardBy     string               `json:"shard_by,omitempty"`
	Selection   *Selection           `json:"selection,omitempty"`
	Interrupted bool                 `json:"interrupted,omitempty"`
	Unfinished  []string             `json:"unfinished,omitempty"`
	TargetsFile string               `json:"targets_file,omitempty"`
	JUnitCases  string               `json:"junit_cases,omitempty"`
	Baseline    *BaselineStatus      `json:"baseline,omitempty"`
	Authspec    string               `json:"authspec_version,omitempty"`
	RuleSets    [][]string           `json:"rule_sets,omitempty"`
	Rules       map[string]*jsonRule `json:"rules"`
	Targets     []jsonTarget         `json:"targets"`
}

// jsonView returns what WriteJSON encodes: version set, verdicts settled,
// URLs redacted, rule texts gathered, passes counted on their units, nil
// slices turned into empty ones.
func jsonView(run *Run) *jsonRun {
	out := &jsonRun{
		Version: FormatVersion, Shard: run.Shard, Plan: run.Plan, PlanUnits: run.PlanUnits, ShardBy: run.ShardBy, Selection: run.Selection,
		Interrupted: run.Interrupted, Unfinished: run.Unfinished, TargetsFile: run.TargetsFile,
		JUnitCases: run.JUnitCases, Baseline: run.Baseline, Authspec: run.AuthspecVersion,
		Rules: map[string]*jsonRule{}, Targets: make([]jsonTarget, len(run.Targets)),
	}
	sets := ruleSets{index: map[string]int{}}
	for i := range run.Targets {
		out.Targets[i] = jsonTargetOf(&run.Targets[i], out.Rules, &sets)
	}
	out.RuleSets = sets.list
	return out
}

// ruleSets numbers the distinct plans of units as they are first seen.
type ruleSets struct {
	index map[string]int
	list  [][]string
}

// of returns the number of plan ids, nil for an empty one.
func (s *ruleSets) of(ids []string) *int {
	if len(ids) == 0 {
		return nil
	}
	key := strings.Join(ids, "\n")
	i, ok := s.index[key]
	if !ok {
		i = len(s.list)
		s.index[key] = i
		s.list = append(s.list, ids)
	}
	return &i
}

// jsonTargetOf writes one target: its results that are not passes, and
// its passes as counts on the units they are about.
func jsonTargetOf(t *Target, rules map[string]*jsonRule, sets *ruleSets) jsonTarget {
	jt := jsonTarget{
		Name: t.Name, URL: redactURL(t.URL), Kind: t.Kind, Line: t.Line, Verdict: t.effectiveVerdict(),
		Requests: t.Requests, Protocol: t.Protocol, Units: []*jsonUnit{}, Results: []jsonResult{}, Timing: timingOf(t),
	}
	if c := TallyChecks(t.Checks()); c.Checks > 0 {
		jt.Checks = &jsonTally{Total: c.Checks, Pass: c.Pass, Fail: c.Fail, Warn: c.Warn, Error: c.Error, Skip: c.Skip, Info: c.Info}
	}
	byKey := map[string]*jsonUnit{}
	for _, u := range t.Units {
		ju := &jsonUnit{Method: u.Method, Resource: u.Resource, Order: u.Order, Line: u.Line, RuleSet: sets.of(u.Rules), HeadSet: sets.of(u.HeadRules)}
		jt.Units = append(jt.Units, ju)
		byKey[u.Method+" "+u.Resource] = ju
	}
	if t.Carried != nil {
		carried := make([]jsonResult, 0, len(t.Carried))
		for _, r := range t.Carried {
			noteRule(rules, &r)
			carried = append(carried, jsonResultOf(&r))
		}
		jt.Carried = &carried
	}
	for _, r := range t.Results {
		noteRule(rules, &r)
		if r.Outcome != Pass {
			jt.Results = append(jt.Results, jsonResultOf(&r))
			continue
		}
		ju := byKey[r.Method+" "+r.Resource]
		if ju == nil && r.Method == "HEAD" && byKey["GET "+r.Resource] != nil {
			ju = byKey["GET "+r.Resource] // the HEAD request sent beside a GET
			if ju.HeadPasses == nil {
				ju.HeadPasses = map[string]int{}
			}
			ju.HeadPasses[r.Check] += max(r.Count, 1)
			continue
		}
		if ju == nil { // a pass on no planned unit (a version 1 file): plan it
			ju = &jsonUnit{Method: r.Method, Resource: r.Resource, Order: len(jt.Units)}
			jt.Units = append(jt.Units, ju)
			byKey[r.Method+" "+r.Resource] = ju
		}
		ju.addPass(r)
	}
	return jt
}

// noteRule writes the text of r's rule under "rules" the first time.
func noteRule(rules map[string]*jsonRule, r *Result) {
	if _, seen := rules[r.Check]; !seen {
		rules[r.Check] = &jsonRule{RFC: r.RFC, Section: r.Section, Level: r.Level, Requirement: r.Requirement, Basis: r.Basis,
			Severity: string(r.SeverityOf())}
	}
}

func jsonResultOf(r *Result) jsonResult {
	return jsonResult{
		Check: r.Check, Outcome: r.Outcome, Resource: r.Resource, Method: r.Method, Probe: r.Probe,
		Variant: r.Variant, Message: r.Message, Baseline: r.Baseline, Evidence: r.Evidence,
	}
}

// addPass counts a pass result on its unit: per rule, and per variant for
// the rules a probe exists for.
func (ju *jsonUnit) addPass(r Result) {
	n := max(r.Count, 1)
	if r.Variant == "" {
		if ju.Passes == nil {
			ju.Passes = map[string]int{}
		}
		ju.Passes[r.Check] += n
		return
	}
	if ju.VariantPasses == nil {
		ju.VariantPasses = map[string]map[string]int{}
	}
	if ju.VariantPasses[r.Check] == nil {
		ju.VariantPasses[r.Check] = map[string]int{}
	}
	ju.VariantPasses[r.Check][r.Variant] += n
}

// ReadJSON reads a results.json of version 2, or of version 1 as authspec
// wrote it before. It rejects other versions, outcomes and verdicts it does
// not know, results naming a rule the file does not describe, and trailing
// data, with an error that says which; unknown keys are ignored.
func ReadJSON(r io.Reader) (*Run, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("report: reading results.json: %w", err)
	}
	var probe struct {
		Version int `json:"version"`
	}
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&probe); err != nil {
		return nil, fmt.Errorf("report: reading results.json: %w", err)
	}
	if err := checkDuplicateKeys(data); err != nil {
		return nil, fmt.Errorf("report: reading results.json: %w", err)
	}
	var run *Run
	switch probe.Version {
	case 1:
		if key := v2Key(data); key != "" {
			return nil, fmt.Errorf("report: reading results.json: it says version 1 but has version 2's key %q: read as version 1 it would lose its passes; fix the version, or write the file again", key)
		}
		run, err = readV1(data)
	case 2:
		run, err = readV2(data)
	default:
		return nil, fmt.Errorf("report: results.json has version %d; this authspec reads versions 1 and 2", probe.Version)
	}
	if err != nil {
		return nil, fmt.Errorf("report: reading results.json: %w", err)
	}
	if err := validateRun(run); err != nil {
		return nil, fmt.Errorf("report: reading results.json: %w", err)
	}
	return run, nil
}

// decodeStrict decodes exactly one JSON document from data into v.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the document")
	}
	return nil
}

// readV1 reads version 1: every result whole, with its rule's text.
func readV1(data []byte) (*Run, error) {
	var run Run
	if err := decodeStrict(data, &run); err != nil {
		return nil, err
	}
	run.Version = 1
	return &run, nil
}

// readV2 reads version 2: it puts each rule's text back on its results,
// and turns each unit's pass counts into one pass Result per rule, after
// the unit's other results, in the order of the rule IDs.
func readV2(data []byte) (*Run, error) {
	var jr jsonRun
	if err := decodeStrict(data, &jr); err != nil {
		return nil, err
	}
	if jr.JUnitCases != "" {
		if _, err := ParseJUnitCases(jr.JUnitCases); err != nil {
			return nil, fmt.Errorf("junit_cases: %v", err)
		}
	}
	run := &Run{Version: 2, Shard: jr.Shard, Plan: jr.Plan, PlanUnits: jr.PlanUnits, ShardBy: jr.ShardBy, Selection: jr.Selection, Interrupted: jr.Interrupted, Unfinished: jr.Unfinished, TargetsFile: jr.TargetsFile, JUnitCases: jr.JUnitCases, Baseline: jr.Baseline, AuthspecVersion: jr.Authspec}
	for i, jt := range jr.Targets {
		t, err := targetOfJSON(&jt, jr.Rules, jr.RuleSets)
		if err != nil {
			return nil, fmt.Errorf("target %d (%q): %w", i, jt.Name, err)
		}
		run.Targets = append(run.Targets, t)
	}
	return run, nil
}

// targetOfJSON reads one target of a version 2 file.
func targetOfJSON(jt *jsonTarget, rules map[string]*jsonRule, sets [][]string) (Target, error) {
	t := Target{Name: jt.Name, URL: jt.URL, Kind: jt.Kind, Line: jt.Line, Verdict: jt.Verdict, Requests: jt.Requests, Protocol: jt.Protocol, Results: []Result{}}
	if jt.Timing != nil {
		t.Elapsed, t.timing = time.Duration(jt.Timing.ElapsedMS)*time.Millisecond, jt.Timing
	}
	others := map[string][]Result{} // by unit
	var loose []Result              // results on no unit: notes about the configuration
	for j, r := range jt.Results {
		rule := rules[r.Check]
		if rule == nil {
			return t, fmt.Errorf("result %d: rule %q is not described under \"rules\"", j, r.Check)
		}
		res := rule.result(r.Check)
		res.Outcome, res.Resource, res.Method, res.Probe, res.Variant = r.Outcome, r.Resource, r.Method, r.Probe, r.Variant
		res.Message, res.Evidence, res.Baseline = r.Message, r.Evidence, r.Baseline
		key := r.Method + " " + r.Resource
		if unitNamed(jt.Units, key) {
			others[key] = append(others[key], res)
		} else {
			loose = append(loose, res)
		}
	}
	for _, ju := range jt.Units {
		if ju == nil {
			return t, errors.New("a unit is null")
		}
		key := ju.Method + " " + ju.Resource
		u := Unit{Method: ju.Method, Resource: ju.Resource, Order: ju.Order, Line: ju.Line}
		var err error
		if u.Rules, err = ruleSet(sets, ju.RuleSet); err != nil {
			return t, fmt.Errorf("unit %s: rule_set %v", key, err)
		}
		if u.HeadRules, err = ruleSet(sets, ju.HeadSet); err != nil {
			return t, fmt.Errorf("unit %s: head_rule_set %v", key, err)
		}
		t.Units = append(t.Units, u)
		t.Results = append(t.Results, others[key]...)
		delete(others, key) // a unit named twice gets its results once
		passes, err := passResults(ju.Passes, ju.Method, ju.Resource, "", rules)
		if err != nil {
			return t, fmt.Errorf("unit %s: %w", key, err)
		}
		for _, c := range sortedKeys(ju.VariantPasses) {
			byVariant, err := variantPassResults(ju.VariantPasses[c], c, ju.Method, ju.Resource, rules)
			if err != nil {
				return t, fmt.Errorf("unit %s: %w", key, err)
			}
			passes = append(passes, byVariant...)
		}
		head, err := passResults(ju.HeadPasses, "HEAD", ju.Resource, "", rules)
		if err != nil {
			return t, fmt.Errorf("unit %s, its HEAD request: %w", key, err)
		}
		t.Results = append(append(t.Results, passes...), head...)
	}
	t.Results = append(t.Results, loose...)
	if jt.Carried != nil {
		t.Carried = []Result{}
		for j, r := range *jt.Carried {
			rule := rules[r.Check]
			if rule == nil {
				return t, fmt.Errorf("carried_forward %d: rule %q is not described under \"rules\"", j, r.Check)
			}
			res := rule.result(r.Check)
			res.Outcome, res.Resource, res.Method, res.Probe, res.Variant = r.Outcome, r.Resource, r.Method, r.Probe, r.Variant
			res.Message, res.Evidence = r.Message, r.Evidence
			t.Carried = append(t.Carried, res)
		}
	}
	return t, nil
}

// passResults turns pass counts into one pass Result per rule, in the
// order of the rule IDs.
func passResults(counts map[string]int, method, resource, variant string, rules map[string]*jsonRule) ([]Result, error) {
	var out []Result
	for _, c := range sortedKeys(counts) {
		res, err := passResult(c, variant, counts[c], method, resource, rules)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

// variantPassResults turns the per-variant pass counts of rule check into
// one pass Result per variant, in the order of the variants.
func variantPassResults(counts map[string]int, check, method, resource string, rules map[string]*jsonRule) ([]Result, error) {
	var out []Result
	for _, v := range sortedKeys(counts) {
		res, err := passResult(check, v, counts[v], method, resource, rules)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

// passResult is n passes of rule check on one request variant.
func passResult(check, variant string, n int, method, resource string, rules map[string]*jsonRule) (Result, error) {
	rule := rules[check]
	if rule == nil {
		return Result{}, fmt.Errorf("rule %q is not described under \"rules\"", check)
	}
	if n < 1 {
		return Result{}, fmt.Errorf("%d passes of %s: a count of passes is at least 1, never zero or negative", n, check)
	}
	res := rule.result(check)
	res.Outcome, res.Resource, res.Method, res.Variant, res.Count = Pass, resource, method, variant, n
	return res, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ruleSet returns the plan numbered i, nil for none.
func ruleSet(sets [][]string, i *int) ([]string, error) {
	if i == nil {
		return nil, nil
	}
	if *i < 0 || *i >= len(sets) {
		return nil, fmt.Errorf("%d is not one of the %d under \"rule_sets\"", *i, len(sets))
	}
	return sets[*i], nil
}

// result starts a Result of rule id with the rule's text.
func (r *jsonRule) result(id string) Result {
	return Result{Check: id, RFC: r.RFC, Section: r.Section, Level: r.Level, Requirement: r.Requirement, Basis: r.Basis, Severity: r.Severity}
}

func unitNamed(units []*jsonUnit, key string) bool {
	for _, u := range units {
		if u != nil && u.Method+" "+u.Resource == key {
			return true
		}
	}
	return false
}

func validateRun(run *Run) error {
	if run.PlanUnits < 0 {
		return fmt.Errorf("plan_units is negative (%d)", run.PlanUnits)
	}
	for i, t := range run.Targets {
		if t.Requests < 0 {
			return fmt.Errorf("target %d (%q): requests is negative (%d)", i, t.Name, t.Requests)
		}
		if t.Line < 0 {
			return fmt.Errorf("target %d (%q): line is negative (%d)", i, t.Name, t.Line)
		}
		for _, u := range t.Units {
			if u.Order < 0 || u.Line < 0 {
				return fmt.Errorf("target %d (%q), unit %s %s: order (%d) or line (%d) is negative", i, t.Name, u.Method, u.Resource, u.Order, u.Line)
			}
		}
		switch t.Verdict {
		case VerdictPass, VerdictFail, VerdictError, VerdictNotRun, VerdictInterrupted:
		default:
			return fmt.Errorf("target %d (%q): unknown verdict %q", i, t.Name, t.Verdict)
		}
		for j, r := range t.Results {
			if !r.Outcome.known() {
				return fmt.Errorf("target %d (%q), result %d: unknown outcome %q", i, t.Name, j, r.Outcome)
			}
			if r.Count < 0 {
				return fmt.Errorf("target %d (%q), result %d: count is negative (%d)", i, t.Name, j, r.Count)
			}
		}
	}
	return nil
}

// redactURL hides the password of a URL's user information. A URL that
// does not parse is returned with everything before the last "@" of its
// authority replaced, since the loader should have rejected it and a
// report must not be where a secret leaks.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return redactUnparsedURL(raw)
	}
	return u.Redacted()
}

func redactUnparsedURL(raw string) string {
	start := 0
	if i := strings.Index(raw, "://"); i >= 0 {
		start = i + 3
	}
	end := len(raw)
	for i := start; i < len(raw); i++ {
		if raw[i] == '/' || raw[i] == '?' || raw[i] == '#' {
			end = i
			break
		}
	}
	at := -1
	for i := start; i < end; i++ {
		if raw[i] == '@' {
			at = i
		}
	}
	if at < 0 {
		return raw
	}
	return raw[:start] + "xxxxx" + raw[at:]
}
