package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// authspec.sarif is validated against the SARIF 2.1.0 JSON schema itself
// (testdata/sarif-schema-2.1.0.json, OASIS, see its NOTICE), with format
// assertions on ("uri", "uri-reference", "date-time"), by a Go JSON Schema
// validator: `make test` needs nothing but Go. The schema is loaded from
// the file alone; nothing is fetched.

var sarifSchemaOnce = sync.OnceValues(func() (*jsonschema.Schema, error) {
	f, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.DefaultDraft(jsonschema.Draft4)
	if err := c.AddResource(sarifSchema, doc); err != nil {
		return nil, err
	}
	return c.Compile(sarifSchema)
})

func sarifSchemaFor(t *testing.T) *jsonschema.Schema {
	t.Helper()
	s, err := sarifSchemaOnce()
	if err != nil {
		t.Fatalf("loading the SARIF schema: %v", err)
	}
	return s
}

// validateSARIF returns the schema's verdict on doc.
func validateSARIF(t *testing.T, doc []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return sarifSchemaFor(t).Validate(inst)
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	interrupted := ciRun()
	interrupted.Interrupted, interrupted.Unfinished = true, []string{"reference", hostile}
	odd := &Run{TargetsFile: "ci dir/targets [prod].yaml", Targets: []Target{{Name: "n", Results: []Result{
		{Check: "x", Outcome: Warn, Level: "SHOULD", Resource: "/", Method: "GET"},
	}}}}
	runs := map[string]*Run{
		"all outcomes":    ciRun(),
		"sample":          sampleRun(),
		"hostile bytes":   hostileRun(),
		"no targets":      {},
		"interrupted":     interrupted,
		"odd path":        odd,
		"absolute path":   {TargetsFile: "/srv/repo/targets.yaml", Targets: ciRun().Targets},
		"many findings":   hugeRun(1, 50),
		"results capped":  cappedRun(),
		"unknown outcome": {Targets: []Target{{Name: "u", Results: []Result{{Check: "c", Outcome: "weird"}}}}},
	}
	for name, run := range runs {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteSARIF(&buf, run); err != nil {
				t.Fatal(err)
			}
			if err := validateSARIF(t, buf.Bytes()); err != nil {
				t.Errorf("authspec.sarif breaks the SARIF 2.1.0 schema: %v\n%s", err, truncateRunes(buf.String(), 4000))
			}
		})
	}
}

// cappedRun has one finding more than code scanning takes.
func cappedRun() *Run {
	t := Target{Name: "big"}
	for i := 0; i <= sarifMaxResults; i++ {
		t.Results = append(t.Results, Result{Check: "rfc9110/c", RFC: "RFC 9110", Section: "3", Level: "MUST", Outcome: Fail,
			Method: "GET", Resource: "/r/" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + strconv.Itoa(i), Message: "m"})
	}
	return &Run{Targets: []Target{t}}
}

// The schema check must be able to say no, or the test above proves
// nothing: each of these breaks one rule of SARIF 2.1.0.
func TestSARIFSchemaRejectsMalformedLogs(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, ciRun()); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	if err := validateSARIF(t, []byte(good)); err != nil {
		t.Fatalf("the starting point is invalid: %v", err)
	}
	for name, edit := range map[string][2]string{
		"wrong version":      {`"version":"2.1.0"`, `"version":"2.2.0"`},
		"unknown level":      {`"level":"error","message"`, `"level":"fatal","message"`},
		"line zero":          {`"startLine":7`, `"startLine":0`},
		"message sans text":  {`"message":{"text":"GET /admin on reference`, `"message":{"txt":"GET /admin on reference`},
		"unknown property":   {`"ruleIndex":`, `"ruleNumber":`},
		"relative help link": {`"helpUri":"https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1"`, `"helpUri":"rfc9110#section-11.6.1"`},
		"driver sans name":   {`"name":"authspec",`, ``},
		"bad column kind":    {`"columnKind":"unicodeCodePoints"`, `"columnKind":"bytes"`},
		"runs not an array":  {`"runs":[`, `"runs":{"x":[`},
	} {
		t.Run(name, func(t *testing.T) {
			if !strings.Contains(good, edit[0]) {
				t.Fatalf("authspec.sarif has no %q to break", edit[0])
			}
			bad := strings.Replace(good, edit[0], edit[1], 1)
			if name == "runs not an array" {
				bad = strings.TrimSuffix(strings.TrimSpace(bad), "}") + "}}"
			}
			if err := validateSARIF(t, []byte(bad)); err == nil {
				t.Errorf("the schema accepted a log with %s", name)
			}
		})
	}
}
