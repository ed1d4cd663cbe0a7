package report

import (
	"bytes"
	"strings"
	"testing"
)

func sarifFor(t *testing.T, run *Run) *sarifLogForTest {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, run); err != nil {
		t.Fatal(err)
	}
	return decodeSARIF(t, buf.Bytes())
}

// One result per rule, method and resource, with the level of its worst
// outcome, on the resource's line of the targets file as given.
func TestSARIFResults(t *testing.T) {
	log := sarifFor(t, ciRun())
	if log.Version != "2.1.0" || log.Schema != sarifSchema {
		t.Errorf("version %q, $schema %q", log.Version, log.Schema)
	}
	run := log.Runs[0]
	type seen struct {
		level, uri string
		line, n    int
		probes     string
	}
	got := map[string]seen{}
	for _, r := range run.Results {
		key := r.RuleID + " " + r.Properties.Method + " " + r.Properties.Resource
		if _, dup := got[key]; dup {
			t.Errorf("two results for %s", key)
		}
		got[key] = seen{r.Level, r.Locations[0].PhysicalLocation.ArtifactLocation.URI, r.line(), r.OccurrenceCount, strings.Join(r.Properties.Probes, ",")}
		rule := run.Tool.Driver.Rules[r.RuleIndex]
		if rule.ID != r.RuleID {
			t.Errorf("%s: ruleIndex %d points at %s", r.RuleID, r.RuleIndex, rule.ID)
		}
		if want := fingerprint(r.RuleID, r.Properties.Target, r.Properties.Method, r.Properties.Resource); r.PartialFingerprints[sarifFingerprintKey] != want ||
			r.PartialFingerprints[sarifLineHashKey] != want {
			t.Errorf("%s: fingerprints %v, want %q under both keys", key, r.PartialFingerprints, want)
		}
	}
	want := map[string]seen{
		"rfc7617/basic-realm-required GET /admin": {"error", "ci/targets.yaml", 7, 2, "bad-credentials/basic,repeated-challenge/first"},
		"rfc9110/repeat-challenge GET /admin":     {"warning", "ci/targets.yaml", 7, 1, "repeated-challenge/same-connection"},
		"rfc9110/diagnostic-body GET /admin":      {"note", "ci/targets.yaml", 7, 1, "unauthenticated"},
		"rfc9110/challenge-present GET /other":    {"error", "ci/targets.yaml", 9, 1, "unauthenticated"},
		"rfc9110/head-challenge HEAD /other":      {"error", "ci/targets.yaml", 9, 1, "head"},
		"authspec/could-not-be-tested  ":          {"error", "ci/targets.yaml", 12, 1, ""},
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: got %+v, want %+v", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d results, want %d (passes, skips and errors are not results; a target that could not be tested is one): %v", len(got), len(want), got)
	}
	// Worst first: the untested target, then the high-severity failure.
	if run.Results[0].RuleID != NotTestedRule || run.Results[1].RuleID != "rfc9110/challenge-present" {
		t.Errorf("results not worst first: %s, %s", run.Results[0].RuleID, run.Results[1].RuleID)
	}
	first := run.Results[2].Message.Text
	for _, part := range []string{"GET /admin on reference: fail message", "(and on 1 more request: repeated-challenge/first)",
		"[RFC 9110 §11.6.1, MUST; severity medium]", "\nReproduce: curl -i"} {
		if !strings.Contains(first, part) {
			t.Errorf("message %q lacks %q", first, part)
		}
	}
}

// Rules carry their requirement as help text and their RFC section as a
// link; every rule the run judged is described, passes and skips too.
func TestSARIFRules(t *testing.T) {
	rules := sarifFor(t, ciRun()).Runs[0].Tool.Driver.Rules
	var ids []string
	byID := map[string]sarifRule{}
	for _, r := range rules {
		ids = append(ids, r.ID)
		byID[r.ID] = r
	}
	if got := strings.Join(ids, " "); got != "authspec/could-not-be-tested authspec/reachable rfc7616/digest-qop rfc7617/basic-realm-required rfc9110/challenge-present rfc9110/diagnostic-body rfc9110/head-challenge rfc9110/repeat-challenge" {
		t.Errorf("rules: %s", got)
	}
	r := byID["rfc9110/repeat-challenge"]
	if r.HelpURI != "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2" {
		t.Errorf("helpUri %q", r.HelpURI)
	}
	if r.ShortDescription.Text != "A 401 response must carry a WWW-Authenticate challenge." ||
		!strings.HasPrefix(r.Help.Text, r.ShortDescription.Text) || !strings.Contains(r.Help.Text, "RFC 9110 §15.5.2, §11.6.1: https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2 (SHOULD; severity low)") {
		t.Errorf("help %+v", r.Help)
	}
	if !strings.Contains(r.Help.Markdown, "[RFC 9110 §15.5.2, §11.6.1](https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2)") {
		t.Errorf("help markdown %q", r.Help.Markdown)
	}
	for id, level := range map[string]string{
		"rfc9110/repeat-challenge": "warning", "rfc7617/basic-realm-required": "error", "rfc9110/challenge-present": "error",
	} {
		if got := byID[id].DefaultConfiguration.Level; got != level {
			t.Errorf("%s: default level %q, want %q", id, got, level)
		}
	}
	if tags := strings.Join(byID["rfc9110/challenge-present"].Properties.Tags, ","); tags != "security,high,rfc9110,must,mission" {
		t.Errorf("tags %q", tags)
	}
	// Severity as code scanning reads it: a "security" tag and a score.
	for id, score := range map[string]string{"rfc9110/challenge-present": "8.0", "rfc9110/repeat-challenge": "3.0", "rfc7617/basic-realm-required": "5.5"} {
		if p := byID[id].Properties; p.SecuritySeverity != score || p.Tags[0] != "security" {
			t.Errorf("%s: security-severity %q, tags %v; want %s and a security tag", id, p.SecuritySeverity, p.Tags, score)
		}
	}
	// The help carries what authspec explain knows: the RFC's words.
	if h := byID["rfc9110/challenge-present"].Help.Text; !strings.Contains(h, "RFC 9110 §11.6.1: “") || !strings.Contains(h, "authspec explain rfc9110/challenge-present") {
		t.Errorf("help lacks the RFC text or the pointer to explain:\n%s", h)
	}
	if byID["authspec/reachable"].HelpURI != "" {
		t.Error("a rule with no RFC got a help link")
	}
}

// A target that could not be tested broke no rule: it is a tool
// notification at its line, never a result.
func TestSARIFErrorsAreNotifications(t *testing.T) {
	run := ciRun()
	run.Interrupted, run.Unfinished = true, []string{"reference"}
	inv := sarifFor(t, run).Runs[0].Invocations[0]
	if inv.ExecutionSuccessful {
		t.Error("an interrupted run reports a successful execution")
	}
	var texts []string
	for _, n := range inv.Notifications {
		texts = append(texts, n.Level+": "+n.Message.Text)
	}
	joined := strings.Join(texts, "\n")
	for _, want := range []string{"error: GET / on broken.example could not be tested: connection refused",
		"error: the run was interrupted before its probes finished; unfinished targets: reference"} {
		if !strings.Contains(joined, want) {
			t.Errorf("notifications lack %q:\n%s", want, joined)
		}
	}
	if loc := inv.Notifications[0].Locations[0].PhysicalLocation; loc.Region == nil || loc.Region.StartLine != 12 {
		t.Errorf("the error is not at the target's line 12: %+v", loc)
	}
}

func TestSARIFLocations(t *testing.T) {
	run := ciRun()
	run.TargetsFile = "/srv/repo/targets.yaml"
	run.Targets[0].Units = nil   // lines unknown: the target's line
	run.Targets[1].Results = nil // no target that could not be tested: it points at its own line
	for _, r := range sarifFor(t, run).Runs[0].Results {
		loc := r.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URI != "file:///srv/repo/targets.yaml" || r.line() != 3 {
			t.Errorf("%s at %s:%d, want file:///srv/repo/targets.yaml:3", r.RuleID, loc.ArtifactLocation.URI, r.line())
		}
	}
	run.Targets[0].Line = 0 // no line at all: the file, with no region
	for _, r := range sarifFor(t, run).Runs[0].Results {
		if r.Locations[0].PhysicalLocation.Region != nil {
			t.Errorf("%s has a region with no line to point at", r.RuleID)
		}
	}
}

func TestSARIFCapsResults(t *testing.T) {
	run := sarifFor(t, cappedRun()).Runs[0]
	if len(run.Results) != sarifMaxResults {
		t.Errorf("%d results, want the cap %d", len(run.Results), sarifMaxResults)
	}
	notes := run.Invocations[0].Notifications
	if len(notes) != 1 || !strings.HasPrefix(notes[0].Message.Text, "1 more findings are left out") {
		t.Errorf("no notification of the results left out: %+v", notes)
	}
}

func TestSARIFHostileBytes(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, hostileRun()); err != nil {
		t.Fatal(err)
	}
	log := decodeSARIF(t, buf.Bytes())
	for _, r := range log.Runs[0].Results {
		for _, s := range []string{r.RuleID, r.Message.Text} {
			if strings.ContainsAny(s, "\x00\x1b\u202e\r") {
				t.Errorf("raw control or bidi character in %q", s)
			}
		}
	}
	if err := WriteSARIF(&buf, nil); err == nil {
		t.Error("WriteSARIF(nil) gave no error")
	}
}
