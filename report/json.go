package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// FormatVersion is the version of results.json that WriteJSON writes and
// ReadJSON reads.
const FormatVersion = 1

// WriteJSON writes run to w as results.json, authspec's stable,
// machine-readable report.
//
// # Format, version 1
//
// The document is one JSON object, indented with two spaces, UTF-8, ending
// in a newline. Keys appear in the order shown. Targets appear in the order
// of targets.yaml and results in the order the suite produced them, so the
// same behaviour gives the same bytes: the file can be diffed and committed
// as a baseline. Nothing in it is a timestamp or a duration.
//
//	{
//	  "version": 1,
//	  "targets": [
//	    {
//	      "name": "reference",             // target name from targets.yaml
//	      "url": "http://127.0.0.1:8080",  // base URL; any password in it is shown as "xxxxx"
//	      "kind": "origin",                // "origin" (401, WWW-Authenticate) or "proxy" (407, Proxy-Authenticate)
//	      "verdict": "fail",               // "pass", "fail" or "error" (see below)
//	      "requests": 57,                  // HTTP requests sent to the target
//	      "protocol": "HTTP/1.1",          // protocol of the responses; omitted when unknown
//	      "results": [
//	        {
//	          "check": "rfc9110/challenge-present",  // rule ID: stable, usable in waivers
//	          "rfc": "RFC 9110",
//	          "section": "11.6.1",                   // may list several: "11.6.1, 15.5.2"
//	          "level": "MUST",                       // "MUST", "SHOULD", "MAY", "security" or "info"
//	          "outcome": "fail",                     // see below
//	          "resource": "/admin",                  // path of the resource probed
//	          "method": "GET",
//	          "probe": "unauthenticated",            // which probe sent the request
//	          "variant": "basic",                    // which of the probe's requests; omitted when the probe has one
//	          "message": "401 response has no WWW-Authenticate field",
//	          "evidence": {                          // omitted when there is none
//	            "request": "GET /admin HTTP/1.1\n...",     // as sent (one field a line, sorted), credentials redacted
//	            "response": "HTTP/1.1 401 Unauthorized\n...", // as received (one field a line, sorted), body cut at 2 KiB
//	            "curl": "curl -i http://127.0.0.1:8080/admin" // reproduces the request; secrets as ${VAR}
//	          },
//	          "requirement": "A 401 response must carry a WWW-Authenticate challenge.", // the rule in one line; omitted when unknown
//	          "basis": "mission"                     // "mission" or "declared": why it fails whatever the level; omitted otherwise
//	        }
//	      ]
//	    }
//	  ]
//	}
//
// "targets" and "results" are always arrays, never null; a target with no
// results has "results": [].
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
// verdict sums up a target's outcomes: "error" if any is error, else
// "fail" if any is fail, else "pass". authspec exits 1 when any target's
// verdict is not "pass".
//
// Strings are JSON strings: bytes the server sent that are not valid UTF-8
// appear as U+FFFD, control characters as \u escapes. A reader must ignore
// keys it does not know: later revisions of version 1 may add keys, never
// remove or rename one. A change that breaks readers gets a new version.
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

// jsonView returns the copy of run that WriteJSON encodes: version set,
// verdicts settled, URLs redacted, nil slices turned into empty ones.
func jsonView(run *Run) *Run {
	out := &Run{Version: FormatVersion, Targets: make([]Target, len(run.Targets))}
	for i, t := range run.Targets {
		t.URL = redactURL(t.URL)
		t.Verdict = t.effectiveVerdict()
		if t.Results == nil {
			t.Results = []Result{}
		}
		out.Targets[i] = t
	}
	return out
}

// ReadJSON reads a results.json written by WriteJSON. It rejects documents
// of another version, outcomes it does not know and trailing data, with an
// error that says which; unknown keys are ignored.
func ReadJSON(r io.Reader) (*Run, error) {
	dec := json.NewDecoder(r)
	var run Run
	if err := dec.Decode(&run); err != nil {
		return nil, fmt.Errorf("report: reading results.json: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("report: reading results.json: unexpected data after the document")
	}
	if run.Version != FormatVersion {
		return nil, fmt.Errorf("report: results.json has version %d; this authspec reads version %d", run.Version, FormatVersion)
	}
	if err := validateRun(&run); err != nil {
		return nil, fmt.Errorf("report: reading results.json: %w", err)
	}
	return &run, nil
}

func validateRun(run *Run) error {
	for i, t := range run.Targets {
		if t.Verdict != VerdictPass && t.Verdict != VerdictFail && t.Verdict != VerdictError {
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
