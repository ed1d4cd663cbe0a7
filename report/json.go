package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
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
// The passes of a rule on one method of one resource are written as one
// result with a count. The text of a rule (RFC, section, level,
// requirement) is written once, under "rules", not with every result.
//
//	{
//	  "version": 2,
//	  "shard": "2/4",                    // this machine's shard of a split run; omitted for a whole run
//	  "plan": "sha256:1f2e…",            // fingerprint of the targets, resources and methods planned
//	  "interrupted": true,               // omitted unless Ctrl-C or SIGTERM ended the run early
//	  "unfinished": ["staging-api"],     // then: the targets whose probes did not all finish
//	  "rules": {                         // every rule a result below names
//	    "rfc9110/challenge-present": {
//	      "rfc": "RFC 9110",
//	      "section": "11.6.1",           // may list several: "11.6.1, 15.5.2"
//	      "level": "MUST",               // "MUST", "SHOULD", "MAY", "security" or "info"
//	      "requirement": "A 401 response must carry a WWW-Authenticate challenge."
//	    }
//	  },
//	  "targets": [
//	    {
//	      "name": "reference",             // target name from targets.yaml
//	      "url": "http://127.0.0.1:8080",  // base URL; any password in it is shown as "xxxxx"
//	      "kind": "origin",                // "origin" (401, WWW-Authenticate) or "proxy" (407, Proxy-Authenticate)
//	      "verdict": "fail",               // see below
//	      "requests": 57,                  // HTTP requests sent to the target
//	      "protocol": "HTTP/1.1",          // protocol of the responses; omitted when unknown
//	      "units": [                       // the methods and resources planned (this shard's)
//	        {"method": "GET", "resource": "/admin", "order": 0}  // order: place in the whole plan
//	      ],
//	      "results": [
//	        {
//	          "check": "rfc9110/challenge-present",  // rule ID: stable, usable in waivers; its text is under "rules"
//	          "outcome": "fail",                     // see below
//	          "resource": "/admin",                  // path of the resource probed
//	          "method": "GET",
//	          "probe": "unauthenticated",            // which probe sent the request; omitted on a pass summary
//	          "variant": "basic",                    // which of the probe's requests; omitted when the probe has one
//	          "message": "401 response has no WWW-Authenticate field",
//	          "evidence": {                          // omitted when there is none
//	            "request": "GET /admin HTTP/1.1\n...",     // as sent (one field a line, sorted), credentials redacted
//	            "response": "HTTP/1.1 401 Unauthorized\n...", // as received (one field a line, sorted), body cut at 2 KiB
//	            "curl": "curl -i http://127.0.0.1:8080/admin" // reproduces the request; secrets as ${VAR}
//	          },
//	          "basis": "mission",                    // "mission" or "declared": why it fails whatever the level; omitted otherwise
//	          "count": 6                             // on a pass only: the judgments it sums up
//	        }
//	      ]
//	    }
//	  ]
//	}
//
// "targets", "units" and "results" are always arrays, never null.
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
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// The evidence is full of < and >; \u003c helps no reader of this file.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(jsonView(run)); err != nil {
		return fmt.Errorf("report: writing results.json: %w", err)
	}
	return nil
}

// jsonRule is a rule's text, written once per file.
type jsonRule struct {
	RFC         string `json:"rfc"`
	Section     string `json:"section"`
	Level       string `json:"level"`
	Requirement string `json:"requirement,omitempty"`
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
	Evidence *Evidence `json:"evidence,omitempty"`
	Basis    string    `json:"basis,omitempty"`
	Count    int       `json:"count,omitempty"`
}

type jsonTarget struct {
	Name     string       `json:"name"`
	URL      string       `json:"url"`
	Kind     string       `json:"kind"`
	Verdict  string       `json:"verdict"`
	Requests int          `json:"requests"`
	Protocol string       `json:"protocol,omitempty"`
	Units    []Unit       `json:"units"`
	Results  []jsonResult `json:"results"`
}

type jsonRun struct {
	Version     int                  `json:"version"`
	Shard       string               `json:"shard,omitempty"`
	Plan        string               `json:"plan,omitempty"`
	Interrupted bool                 `json:"interrupted,omitempty"`
	Unfinished  []string             `json:"unfinished,omitempty"`
	Rules       map[string]*jsonRule `json:"rules"`
	Targets     []jsonTarget         `json:"targets"`
}

// jsonView returns what WriteJSON encodes: version set, verdicts settled,
// URLs redacted, rule texts gathered, nil slices turned into empty ones.
func jsonView(run *Run) *jsonRun {
	out := &jsonRun{
		Version: FormatVersion, Shard: run.Shard, Plan: run.Plan,
		Interrupted: run.Interrupted, Unfinished: run.Unfinished,
		Rules: map[string]*jsonRule{}, Targets: make([]jsonTarget, len(run.Targets)),
	}
	for i, t := range run.Targets {
		jt := jsonTarget{
			Name: t.Name, URL: redactURL(t.URL), Kind: t.Kind, Verdict: t.effectiveVerdict(),
			Requests: t.Requests, Protocol: t.Protocol, Units: t.Units, Results: make([]jsonResult, len(t.Results)),
		}
		if jt.Units == nil {
			jt.Units = []Unit{}
		}
		for j, r := range t.Results {
			if _, seen := out.Rules[r.Check]; !seen {
				out.Rules[r.Check] = &jsonRule{RFC: r.RFC, Section: r.Section, Level: r.Level, Requirement: r.Requirement}
			}
			jt.Results[j] = jsonResult{
				Check: r.Check, Outcome: r.Outcome, Resource: r.Resource, Method: r.Method, Probe: r.Probe,
				Variant: r.Variant, Message: r.Message, Evidence: r.Evidence, Basis: r.Basis, Count: r.Count,
			}
		}
		out.Targets[i] = jt
	}
	return out
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
	var run *Run
	switch probe.Version {
	case 1:
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

// readV2 reads version 2 and puts each rule's text back on its results.
func readV2(data []byte) (*Run, error) {
	var jr jsonRun
	if err := decodeStrict(data, &jr); err != nil {
		return nil, err
	}
	run := &Run{Version: 2, Shard: jr.Shard, Plan: jr.Plan, Interrupted: jr.Interrupted, Unfinished: jr.Unfinished}
	for i, jt := range jr.Targets {
		t := Target{Name: jt.Name, URL: jt.URL, Kind: jt.Kind, Verdict: jt.Verdict, Requests: jt.Requests,
			Protocol: jt.Protocol, Units: jt.Units, Results: make([]Result, len(jt.Results))}
		for j, r := range jt.Results {
			rule := jr.Rules[r.Check]
			if rule == nil {
				return nil, fmt.Errorf("target %d (%q), result %d: rule %q is not described under \"rules\"", i, jt.Name, j, r.Check)
			}
			t.Results[j] = Result{
				Check: r.Check, RFC: rule.RFC, Section: rule.Section, Level: rule.Level, Requirement: rule.Requirement,
				Outcome: r.Outcome, Resource: r.Resource, Method: r.Method, Probe: r.Probe, Variant: r.Variant,
				Message: r.Message, Evidence: r.Evidence, Basis: r.Basis, Count: r.Count,
			}
		}
		run.Targets = append(run.Targets, t)
	}
	return run, nil
}

func validateRun(run *Run) error {
	for i, t := range run.Targets {
		switch t.Verdict {
		case VerdictPass, VerdictFail, VerdictError, VerdictNotRun, VerdictInterrupted:
		default:
			return fmt.Errorf("target %d (%q): unknown verdict %q", i, t.Name, t.Verdict)
		}
		for j, r := range t.Results {
			if !r.Outcome.known() {
				return fmt.Errorf("target %d (%q), result %d: unknown outcome %q", i, t.Name, j, r.Outcome)
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
