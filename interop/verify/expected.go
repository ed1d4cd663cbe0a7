package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
)

// Expected is interop/expected.json: for every stock server location, the
// verdict the RFCs call for and exactly which rules fail or warn on it,
// each with the reason. It is written from the RFC text and the bytes the
// server sends, never copied from what the suite happens to report.
type Expected struct {
	// Controls are checks that must pass on every target (at least one
	// pass, no fail, warn or error), unless a target lists its own.
	Controls []Control `json:"controls"`
	Targets  []Target  `json:"targets"`
}

// Control is a check that must pass. Variant, when set, must prefix the
// variant of a passing result, e.g. "digest" for a Digest control.
type Control struct {
	Check   string `json:"check"`
	Variant string `json:"variant,omitempty"`
}

// Target is the expectation for one target of the generated targets file.
type Target struct {
	Name     string `json:"name"`     // target name in targets.yaml
	Server   string `json:"server"`   // e.g. "Apache httpd"
	Package  string `json:"package"`  // Debian package, for its version
	Location string `json:"location"` // path and module, e.g. "/digest/ mod_auth_digest"
	Verdict  string `json:"verdict"`  // pass or fail
	// Fail and Warn map each rule ID that fails (warns) on this target to
	// a one-line reason.
	Fail map[string]string `json:"fail"`
	Warn map[string]string `json:"warn"`
	// Controls are added to the file-wide controls for this target.
	Controls []Control `json:"controls,omitempty"`
}

// LoadExpected reads and validates an expectations file.
func LoadExpected(path string) (*Expected, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var e Expected
	if err := dec.Decode(&e); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := e.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &e, nil
}

// validate rejects an expectation that could not be checked or explained:
// a missing name, an unknown verdict, a rule without a reason, a verdict
// that contradicts its own failure list.
func (e *Expected) validate() error {
	if len(e.Targets) == 0 {
		return fmt.Errorf("no targets")
	}
	seen := map[string]bool{}
	for _, t := range e.Targets {
		switch {
		case t.Name == "":
			return fmt.Errorf("a target has no name")
		case seen[t.Name]:
			return fmt.Errorf("target %q listed twice", t.Name)
		case t.Server == "" || t.Package == "" || t.Location == "":
			return fmt.Errorf("target %q: server, package and location are required", t.Name)
		case t.Verdict != "pass" && t.Verdict != "fail":
			return fmt.Errorf("target %q: verdict %q is neither pass nor fail", t.Name, t.Verdict)
		case t.Verdict == "fail" && len(t.Fail) == 0:
			return fmt.Errorf("target %q: verdict fail needs at least one failing rule", t.Name)
		case t.Verdict == "pass" && len(t.Fail) != 0:
			return fmt.Errorf("target %q: verdict pass with failing rules", t.Name)
		}
		seen[t.Name] = true
		for _, m := range []map[string]string{t.Fail, t.Warn} {
			for id, reason := range m {
				if reason == "" {
					return fmt.Errorf("target %q: rule %s has no reason", t.Name, id)
				}
			}
		}
		for id := range t.Fail {
			if _, both := t.Warn[id]; both {
				return fmt.Errorf("target %q: rule %s both fails and warns", t.Name, id)
			}
		}
	}
	for _, c := range e.Controls {
		if c.Check == "" {
			return fmt.Errorf("a control has no check")
		}
	}
	return nil
}

// controlsOf returns the controls that apply to t.
func (e *Expected) controlsOf(t *Target) []Control {
	return append(append([]Control(nil), e.Controls...), t.Controls...)
}

// sortedKeys returns the keys of m in order.
func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
