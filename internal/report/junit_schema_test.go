package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/junitcheck"
)

// The JUnit schema check runs in Go, always: junitcheck mirrors
// testdata/junit.xsd (the JUnit format as Jenkins and GitLab read it), so
// `make test` checks every report with nothing but Go installed. With
// AUTHSPEC_XMLLINT=1, as CI's xmllint stage sets it, the reports are also
// validated by xmllint against the XSD itself, which keeps the Go mirror
// honest.

// xmllintPath returns xmllint's path when AUTHSPEC_XMLLINT=1 asks for it,
// "" otherwise. Asked for but missing is a failure: a silently skipped
// schema check is how broken reports ship.
func xmllintPath(t *testing.T) string {
	t.Helper()
	if os.Getenv("AUTHSPEC_XMLLINT") != "1" {
		return ""
	}
	path, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatal("AUTHSPEC_XMLLINT=1 but xmllint not found: install libxml2-utils (apt-get install -y libxml2-utils)")
	}
	return path
}

// runXmllint validates doc with xmllint against testdata/junit.xsd.
func runXmllint(t *testing.T, xmllint string, doc []byte) ([]byte, error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "junit.xml")
	if err := os.WriteFile(file, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	return exec.Command(xmllint, "--noout", "--nonet", "--schema", filepath.Join("testdata", "junit.xsd"), file).CombinedOutput()
}

func validateJUnit(t *testing.T, xmllint string, doc []byte) {
	t.Helper()
	if err := junitcheck.Check(doc); err != nil {
		t.Errorf("junit.xml breaks the rules of testdata/junit.xsd: %v\n--- document ---\n%s", err, doc)
	}
	if xmllint == "" {
		return
	}
	if out, err := runXmllint(t, xmllint, doc); err != nil {
		t.Errorf("junit.xml does not validate against testdata/junit.xsd: %v\n%s\n--- document ---\n%s", err, out, doc)
	}
}

func TestJUnitValidatesAgainstSchema(t *testing.T) {
	xmllint := xmllintPath(t)
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

// The schema check must be able to say no, or the test above proves
// nothing.
func TestJUnitSchemaRejectsMalformedReports(t *testing.T) {
	xmllint := xmllintPath(t)
	bad := map[string]string{
		"negative count":     `<testsuites><testsuite name="a" tests="-1"/></testsuites>`,
		"missing tests":      `<testsuites><testsuite name="a"/></testsuites>`,
		"testcase sans name": `<testsuites><testsuite name="a" tests="1"><testcase classname="c"/></testsuite></testsuites>`,
		"failure before skipped": `<testsuites><testsuite name="a" tests="1"><testcase name="n">` +
			`<failure/><skipped/></testcase></testsuite></testsuites>`,
		"bad timestamp":     `<testsuites><testsuite name="a" tests="0" timestamp="yesterday"/></testsuites>`,
		"unknown element":   `<testsuites><testsuite name="a" tests="0"><warning/></testsuite></testsuites>`,
		"unknown attribute": `<testsuites><testsuite name="a" tests="1"><testcase name="n" result="ok"/></testsuite></testsuites>`,
		"property sans value": `<testsuites><testsuite name="a" tests="0"><properties><property name="n"/></properties>` +
			`</testsuite></testsuites>`,
		"negative time": `<testsuites><testsuite name="a" tests="1"><testcase name="n" time="-1"/></testsuite></testsuites>`,
		"two skipped": `<testsuites><testsuite name="a" tests="1"><testcase name="n"><skipped/><skipped/></testcase>` +
			`</testsuite></testsuites>`,
		"text in testsuite": `<testsuites><testsuite name="a" tests="0">oops</testsuite></testsuites>`,
	}
	for name, doc := range bad {
		t.Run(name, func(t *testing.T) {
			if err := junitcheck.Check([]byte(doc)); err == nil {
				t.Errorf("junitcheck accepted a malformed report:\n%s", doc)
			}
			if xmllint == "" {
				return
			}
			if out, err := runXmllint(t, xmllint, []byte(doc)); err == nil {
				t.Errorf("schema accepted a malformed report:\n%s\n%s", doc, out)
			}
		})
	}
}
