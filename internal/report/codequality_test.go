package report

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"testing"
)

func codeQualityFor(t *testing.T, run *Run) []map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCodeQuality(&buf, run); err != nil {
		t.Fatal(err)
	}
	var issues []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &issues); err != nil {
		t.Fatalf("codequality.json is not a JSON array of objects: %v\n%s", err, buf.String())
	}
	return issues
}

// The shape GitLab's Code Quality report reads: an array of issues, each
// with exactly these keys, a description, a check_name, a fingerprint, one
// of GitLab's five severities and location.path and location.lines.begin.
func TestCodeQualityShape(t *testing.T) {
	issues := codeQualityFor(t, ciRun())
	if len(issues) != 6 {
		t.Fatalf("%d issues, want 6 (one per rule, method and resource that failed, warned or informed, one for the target that could not be tested)", len(issues))
	}
	severities := map[string]bool{"blocker": true, "critical": true, "major": true, "minor": true, "info": true}
	for _, is := range issues {
		var keys []string
		for k := range is {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if got := strings.Join(keys, ","); got != "check_name,description,fingerprint,location,severity,type" {
			t.Errorf("keys %s", got)
		}
		for _, k := range []string{"check_name", "description", "fingerprint", "severity", "type"} {
			if s, ok := is[k].(string); !ok || s == "" {
				t.Errorf("%s is %#v, want a non-empty string", k, is[k])
			}
		}
		if !severities[is["severity"].(string)] {
			t.Errorf("severity %q is not one of GitLab's", is["severity"])
		}
		loc, _ := is["location"].(map[string]any)
		lines, _ := loc["lines"].(map[string]any)
		if loc["path"] != "ci/targets.yaml" {
			t.Errorf("location.path %#v, want ci/targets.yaml (relative, no ./)", loc["path"])
		}
		if begin, ok := lines["begin"].(float64); !ok || begin < 1 {
			t.Errorf("location.lines.begin %#v", lines["begin"])
		}
	}
	// Worst first: the target that could not be tested, then by the
	// rule's severity, failures before warnings before infos.
	want := []string{
		"authspec/could-not-be-tested critical 12 broken.example could not be tested (1 request sent): connection refused. " +
			"Its findings there are unknown to this run, not fixed: pass the previous results.json with -previous to keep them listed",
		"rfc9110/challenge-present critical 9 reference GET /other: fail message for rfc9110/challenge-present [RFC 9110 §11.6.1, MUST, mission; severity high]",
		"rfc7617/basic-realm-required major 7 reference GET /admin: fail message for rfc7617/basic-realm-required [RFC 9110 §11.6.1, MUST; severity medium] (and 1 more request)",
		"rfc9110/head-challenge major 9 reference HEAD /other: fail message for rfc9110/head-challenge [RFC 9110 §11.6.1, MUST; severity medium]",
		"rfc9110/repeat-challenge minor 7 reference GET /admin: warn message for rfc9110/repeat-challenge [RFC 9110 §15.5.2, §11.6.1, SHOULD; severity low]",
		"rfc9110/diagnostic-body info 7 reference GET /admin: info message for rfc9110/diagnostic-body [RFC 9110 §11.6.1, MUST; severity info]",
	}
	for i, is := range issues {
		begin := is["location"].(map[string]any)["lines"].(map[string]any)["begin"].(float64)
		got := is["check_name"].(string) + " " + is["severity"].(string) + " " + itoaF(begin) + " " + is["description"].(string)
		if got != want[i] {
			t.Errorf("issue %d:\n got %s\nwant %s", i, got, want[i])
		}
	}
}

func itoaF(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// Fingerprints are what GitLab compares between the target branch and the
// merge request: the same finding keeps its fingerprint when the message,
// evidence or line changes, and no two issues share one.
func TestCodeQualityFingerprintsStableAcrossRuns(t *testing.T) {
	a := codeQualityFor(t, ciRun())
	changed := ciRun()
	for i := range changed.Targets[0].Results {
		changed.Targets[0].Results[i].Message += " (reworded)"
		changed.Targets[0].Results[i].Evidence = nil
	}
	changed.Targets[0].Units[0].Line = 70
	b := codeQualityFor(t, changed)
	seen := map[any]bool{}
	for i := range a {
		if a[i]["fingerprint"] != b[i]["fingerprint"] {
			t.Errorf("issue %d: fingerprint changed with the wording: %v, %v", i, a[i]["fingerprint"], b[i]["fingerprint"])
		}
		if seen[a[i]["fingerprint"]] {
			t.Errorf("two issues share fingerprint %v", a[i]["fingerprint"])
		}
		seen[a[i]["fingerprint"]] = true
	}
}

func TestCodeQualityEmptyAndHostile(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCodeQuality(&buf, &Run{}); err != nil || buf.String() != "[]\n" {
		t.Errorf("no findings: %q, %v; want [] (GitLab reads an array)", buf.String(), err)
	}
	for _, is := range codeQualityFor(t, hostileRun()) {
		d := is["description"].(string)
		if strings.ContainsAny(d, "\n\r\x00\x1b\u202e") {
			t.Errorf("description holds a raw line break, control or bidi character: %q", d)
		}
	}
	if err := WriteCodeQuality(&buf, nil); err == nil {
		t.Error("WriteCodeQuality(nil) gave no error")
	}
}
