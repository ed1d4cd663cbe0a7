package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ciRun is sampleRun as a real run leaves it: the targets file it read and
// the lines of its targets and resources, and a failure broken by two
// probes of one resource (one finding, not two).
func ciRun() *Run {
	run := sampleRun()
	run.TargetsFile = "./ci/targets.yaml"
	ref := &run.Targets[0]
	ref.Line = 3
	ref.Units = []Unit{{Method: "GET", Resource: "/admin", Order: 0, Line: 7}, {Method: "GET", Resource: "/other", Order: 1, Line: 9}}
	second := result("rfc7617/basic-realm-required", Fail, "repeated-challenge", "first")
	onOther := result("rfc9110/challenge-present", Fail, "unauthenticated", "")
	onOther.Resource, onOther.Basis = "/other", "mission"
	head := result("rfc9110/head-challenge", Fail, "head", "")
	head.Method, head.Resource = "HEAD", "/other" // HEAD of a GET resource: no unit of its own
	ref.Results = append(ref.Results, second, onOther, head)
	for i := range ref.Results {
		if ref.Results[i].Check == onOther.Check {
			ref.Results[i].Basis = "mission" // a rule's text is the same on all its results
		}
	}
	run.Targets[1].Line = 12
	return run
}

func TestTargetsPathAndURI(t *testing.T) {
	for _, c := range []struct{ file, path, uri string }{
		{"", "targets.yaml", "targets.yaml"},
		{"targets.yaml", "targets.yaml", "targets.yaml"},
		{"./ci/targets.yaml", "ci/targets.yaml", "ci/targets.yaml"},
		{"ci dir/my targets.yaml", "ci dir/my targets.yaml", "ci%20dir/my%20targets.yaml"},
		{"a:b.yaml", "a:b.yaml", "./a:b.yaml"},
		{"/srv/repo/targets.yaml", "/srv/repo/targets.yaml", "file:///srv/repo/targets.yaml"},
	} {
		run := &Run{TargetsFile: c.file}
		if got := targetsPath(run); got != c.path {
			t.Errorf("targetsPath(%q) = %q, want %q", c.file, got, c.path)
		}
		if got := targetsURI(run); got != c.uri {
			t.Errorf("targetsURI(%q) = %q, want %q", c.file, got, c.uri)
		}
	}
}

func TestRFCURL(t *testing.T) {
	for _, c := range []struct{ rfc, section, want string }{
		{"RFC 9110", "11.6.1", "https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1"},
		{"RFC 9110", "15.5.2, 11.6.1", "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2"},
		{"RFC 7617", "", "https://www.rfc-editor.org/rfc/rfc7617"},
		{"RFC 7617", "2) <script>", "https://www.rfc-editor.org/rfc/rfc7617"},
		{"RFC 9110", "A.1", "https://www.rfc-editor.org/rfc/rfc9110"},
		{"", "3", ""},
		{"RFC 91a0", "3", ""},
		{"RFC " + hostile, hostile, ""},
		{"draft-ietf-httpbis", "3", ""},
	} {
		if got := rfcURL(c.rfc, c.section); got != c.want {
			t.Errorf("rfcURL(%q, %q) = %q, want %q", c.rfc, c.section, got, c.want)
		}
	}
}

// The fingerprint names the finding, not this run's wording of it: a new
// message, other evidence or a moved line keep it; another rule, target,
// method or resource changes it.
func TestFingerprintStableAndDistinct(t *testing.T) {
	base := fingerprint("rfc9110/challenge-present", "api", "GET", "/admin")
	if base != fingerprint("rfc9110/challenge-present", "api", "GET", "/admin") {
		t.Fatal("fingerprint is not deterministic")
	}
	seen := map[string]string{base: "base"}
	for name, fp := range map[string]string{
		"rule":     fingerprint("rfc9110/diagnostic-body", "api", "GET", "/admin"),
		"target":   fingerprint("rfc9110/challenge-present", "api2", "GET", "/admin"),
		"method":   fingerprint("rfc9110/challenge-present", "api", "POST", "/admin"),
		"resource": fingerprint("rfc9110/challenge-present", "api", "GET", "/admin/"),
		"boundary": fingerprint("rfc9110/challenge-present", "apiGET", "", "/admin"),
	} {
		if other, dup := seen[fp]; dup {
			t.Errorf("changing the %s gives the fingerprint of %s", name, other)
		}
		seen[fp] = name
	}
}

func TestFindingsGroupByRuleAndResource(t *testing.T) {
	run := ciRun()
	fs := findingsOf(&run.Targets[0])
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%s %s %s %s x%d line %d", f.first().Check, f.first().Method, f.first().Resource, f.outcome, len(f.results), f.line))
	}
	want := []string{
		"rfc7617/basic-realm-required GET /admin fail x2 line 7",
		"rfc9110/repeat-challenge GET /admin warn x1 line 7",
		"rfc9110/diagnostic-body GET /admin info x1 line 7",
		"rfc9110/challenge-present GET /other fail x1 line 9",
		"rfc9110/head-challenge HEAD /other fail x1 line 9",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := len(findingsOf(&run.Targets[1])); n != 0 {
		t.Errorf("an error became %d findings; errors are not rule breaks", n)
	}
}

// WriteAll writes the CI reports next to junit.xml and results.json, and
// RemoveAll removes them with the others.
func TestWriteAllWritesCIReports(t *testing.T) {
	dir := t.TempDir()
	if err := WriteAll(dir, ciRun()); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{SummaryFile, SARIFFile, CodeQualityFile} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s not written: %v", name, err)
		}
		if fi.Size() == 0 {
			t.Errorf("%s is empty", name)
		}
		if fi.Mode().Perm()&0o044 == 0 && umask()&0o044 != 0o044 {
			t.Errorf("%s has mode %v: others cannot read it", name, fi.Mode().Perm())
		}
	}
	RemoveAll(dir)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Errorf("RemoveAll left %s", e.Name())
	}
}

// `authspec merge` rebuilds every report from results.json: the CI reports
// of a run read back from its results.json say what the run's own said.
func TestCIReportsDerivableFromResultsJSON(t *testing.T) {
	run := ciRun()
	var js bytes.Buffer
	if err := WriteJSON(&js, run); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(&js)
	if err != nil {
		t.Fatal(err)
	}
	for name, render := range map[string]func(*Run) string{
		"summary.md": func(r *Run) string { return renderMarkdown(r, SummaryLimit) },
		"authspec.sarif": func(r *Run) string {
			var b bytes.Buffer
			must(t, WriteSARIF(&b, r))
			return canonicalSARIFResults(t, b.Bytes())
		},
		"codequality.json": func(r *Run) string {
			var b bytes.Buffer
			must(t, WriteCodeQuality(&b, r))
			return b.String()
		},
	} {
		if a, b := render(run), render(back); a != b {
			t.Errorf("%s from results.json differs from the run's own:\n--- run ---\n%s\n--- results.json ---\n%s", name, a, b)
		}
	}
}

// canonicalSARIFResults keeps what a SARIF reader acts on: rule, level,
// location and fingerprint of each result, and the notifications.
func canonicalSARIFResults(t *testing.T, doc []byte) string {
	t.Helper()
	log := decodeSARIF(t, doc)
	var lines []string
	for _, r := range log.Runs[0].Results {
		lines = append(lines, fmt.Sprintf("%s %s %s:%d %s", r.RuleID, r.Level, r.Locations[0].PhysicalLocation.ArtifactLocation.URI,
			r.line(), r.PartialFingerprints[sarifFingerprintKey]))
	}
	for _, n := range log.Runs[0].Invocations[0].Notifications {
		lines = append(lines, n.Level+" "+n.Message.Text)
	}
	return strings.Join(lines, "\n")
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func decodeSARIF(t *testing.T, doc []byte) *sarifLogForTest {
	t.Helper()
	var log sarifLogForTest
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&log); err != nil {
		t.Fatalf("authspec.sarif does not decode: %v\n%s", err, doc)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Invocations) != 1 {
		t.Fatalf("want one run with one invocation, got %d runs", len(log.Runs))
	}
	return &log
}

// sarifLogForTest reads back what WriteSARIF writes; decoding with
// DisallowUnknownFields keeps it in step with the writer.
type sarifLogForTest struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool        sarifTool         `json:"tool"`
		Invocations []sarifInvocation `json:"invocations"`
		Results     []sarifResultTest `json:"results"`
		ColumnKind  string            `json:"columnKind"`
	} `json:"runs"`
}

type sarifResultTest struct {
	sarifResult
}

func (r *sarifResultTest) line() int {
	if reg := r.Locations[0].PhysicalLocation.Region; reg != nil {
		return reg.StartLine
	}
	return 0
}

// The CI writers on a run of 5,000 failing resources (15,000 failures
// with 2 KiB of evidence each): time, and the size of each file.
func BenchmarkCIReports(b *testing.B) {
	run := hugeRun(1, 5000)
	for _, w := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"summary.md", func(buf *bytes.Buffer) error { return WriteMarkdown(buf, run) }},
		{"authspec.sarif", func(buf *bytes.Buffer) error { return WriteSARIF(buf, run) }},
		{"codequality.json", func(buf *bytes.Buffer) error { return WriteCodeQuality(buf, run) }},
	} {
		b.Run(w.name, func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := w.write(&buf); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "bytes/file")
		})
	}
}
