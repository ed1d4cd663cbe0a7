package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// xmllint validates junit.xml against testdata/junit.xsd, a schema of the
// JUnit format as Jenkins and GitLab read it. Without xmllint the schema
// test cannot run, and a silently skipped schema test is how broken
// reports ship: the test fails unless AUTHSPEC_NO_XMLLINT=1 says the
// skip is deliberate.
func requireXmllint(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err == nil {
		return path
	}
	if os.Getenv("AUTHSPEC_NO_XMLLINT") == "1" {
		t.Skip("xmllint not installed and AUTHSPEC_NO_XMLLINT=1")
	}
	t.Fatal("xmllint not found: install libxml2-utils (apt-get install -y libxml2-utils), or set AUTHSPEC_NO_XMLLINT=1 to skip the JUnit schema test")
	return ""
}

func validateJUnit(t *testing.T, xmllint string, doc []byte) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "junit.xml")
	if err := os.WriteFile(file, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(xmllint, "--noout", "--nonet", "--schema", filepath.Join("testdata", "junit.xsd"), file)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("junit.xml does not validate against testdata/junit.xsd: %v\n%s\n--- document ---\n%s", err, out, doc)
	}
}

func TestJUnitValidatesAgainstSchema(t *testing.T) {
	xmllint := requireXmllint(t)
	runs := map[string]*Run{
		"all outcomes":  sampleRun(),
		"empty target":  {Version: 1, Targets: []Target{{Name: "idle", URL: "http://127.0.0.1:1"}}},
		"no targets":    {Version: 1},
		"hostile bytes": hostileRun(),
		"no start time": {Version: 1, Targets: []Target{{Name: "t", Results: []Result{{Check: "c", Outcome: Fail, Elapsed: -time.Second}}}}},
	}
	for name, run := range runs {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteJUnit(&buf, run, "authspec "+hostile); err != nil {
				t.Fatal(err)
			}
			validateJUnit(t, xmllint, buf.Bytes())
		})
	}
}

// The schema must be able to say no, or the test above proves nothing.
func TestJUnitSchemaRejectsMalformedReports(t *testing.T) {
	xmllint := requireXmllint(t)
	bad := map[string]string{
		"negative count":     `<testsuites><testsuite name="a" tests="-1"/></testsuites>`,
		"missing tests":      `<testsuites><testsuite name="a"/></testsuites>`,
		"testcase sans name": `<testsuites><testsuite name="a" tests="1"><testcase classname="c"/></testsuite></testsuites>`,
		"failure before skipped": `<testsuites><testsuite name="a" tests="1"><testcase name="n">` +
			`<failure/><skipped/></testcase></testsuite></testsuites>`,
		"bad timestamp":   `<testsuites><testsuite name="a" tests="0" timestamp="yesterday"/></testsuites>`,
		"unknown element": `<testsuites><testsuite name="a" tests="0"><warning/></testsuite></testsuites>`,
	}
	for name, doc := range bad {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "bad.xml")
			if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(xmllint, "--noout", "--nonet", "--schema", filepath.Join("testdata", "junit.xsd"), file)
			if out, err := cmd.CombinedOutput(); err == nil {
				t.Errorf("schema accepted a malformed report:\n%s\n%s", doc, out)
			}
		})
	}
}
