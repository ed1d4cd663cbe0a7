package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// brokenFleetRun is a run of n resources that each break one rule on three
// requests (2 KiB of evidence each) and warn on another, with a plan of
// thirty checks and twelve on the HEAD request beside each GET.
func brokenFleetRun(n int) *Run {
	var plan, head []string
	for i := range 30 {
		plan = append(plan, fmt.Sprintf("rfc9110/rule-%02d", i))
	}
	head = plan[:12]
	ev := &Evidence{Request: "GET /x HTTP/1.1\nHost: api\n", Response: "HTTP/1.1 401 Unauthorized\n\n" + strings.Repeat("x", 2048), Curl: "curl -i http://api/x"}
	t := Target{Name: "api", URL: "http://127.0.0.1:1", Kind: "origin", Requests: 40 * n}
	for i := range n {
		path := fmt.Sprintf("/r/%d", i)
		t.Units = append(t.Units, Unit{Method: "GET", Resource: path, Order: i, Line: 10 + i, Rules: plan, HeadRules: head})
		for _, p := range []string{"unauthenticated", "bad-credentials", "repeated-challenge"} {
			t.Results = append(t.Results, Result{Check: plan[0], RFC: "RFC 9110", Level: "MUST", Outcome: Fail, Method: "GET", Resource: path, Probe: p, Message: "no challenge", Evidence: ev})
		}
		t.Results = append(t.Results, Result{Check: plan[1], RFC: "RFC 9110", Level: "SHOULD", Outcome: Warn, Method: "GET", Resource: path, Probe: "unauthenticated", Message: "no type", Evidence: ev})
		for _, id := range plan[2:] {
			t.Results = append(t.Results, Result{Check: id, RFC: "RFC 9110", Level: "MUST", Outcome: Pass, Method: "GET", Resource: path, Count: 12})
		}
		for _, id := range head {
			t.Results = append(t.Results, Result{Check: id, RFC: "RFC 9110", Level: "MUST", Outcome: Pass, Method: "HEAD", Resource: path, Count: 1})
		}
	}
	return &Run{Version: 2, TargetsFile: "targets.yaml", Targets: []Target{t}}
}

// A run of 1,000 resources, each broken, keeps results.json to a few MB
// and junit.xml within a size CI uploads without complaint: it grows with
// what broke, one evidence per broken check.
func TestReportSizesAtAThousandResources(t *testing.T) {
	run := brokenFleetRun(1000)
	var js, ju bytes.Buffer
	if err := WriteJSON(&js, run); err != nil {
		t.Fatal(err)
	}
	run.JUnitCases = JUnitCheck
	if err := WriteJUnit(&ju, run, "authspec"); err != nil {
		t.Fatal(err)
	}
	t.Logf("1,000 resources: results.json %d KiB, junit.xml %d KiB per check", js.Len()>>10, ju.Len()>>10)
	if js.Len() > 16<<20 || ju.Len() > 16<<20 {
		t.Errorf("results.json %d bytes, junit.xml %d bytes: want each under 16 MiB", js.Len(), ju.Len())
	}
	// Per rule: a test case per rule, the evidence once and a bounded
	// list of the checks that broke it.
	run.JUnitCases = JUnitRule
	var perRule bytes.Buffer
	if err := WriteJUnit(&perRule, run, "authspec"); err != nil {
		t.Fatal(err)
	}
	if perRule.Len() > 64<<10 {
		t.Errorf("junit.xml per rule is %d bytes for 1,000 broken resources, want under 64 KiB", perRule.Len())
	}
	// The grain auto picks for a target this size: the first 1,000 checks
	// per check, the rest per rule; bounded whatever the size.
	run.JUnitCases = ""
	var auto bytes.Buffer
	if err := WriteJUnit(&auto, run, "authspec"); err != nil {
		t.Fatal(err)
	}
	if auto.Len() > 512<<10 {
		t.Errorf("junit.xml with auto test cases is %d bytes for 1,000 broken resources, want under 512 KiB", auto.Len())
	}
	var doc struct {
		RuleSets [][]string `json:"rule_sets"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.RuleSets) != 2 {
		t.Errorf("%d plans written, want the two distinct ones (GET's and HEAD's) once each", len(doc.RuleSets))
	}
}

// The plans cost results.json a few bytes per resource, however many
// checks each plans.
func TestPlansAreCheapInResultsJSON(t *testing.T) {
	size := func(run *Run) int {
		var buf bytes.Buffer
		if err := WriteJSON(&buf, run); err != nil {
			t.Fatal(err)
		}
		return buf.Len()
	}
	with := brokenFleetRun(1000)
	without := brokenFleetRun(1000)
	for i := range without.Targets[0].Units {
		without.Targets[0].Units[i].Rules, without.Targets[0].Units[i].HeadRules = nil, nil
	}
	if per := (size(with) - size(without)) / 1000; per > 64 {
		t.Errorf("the plans add %d bytes per resource to results.json, want at most 64", per)
	}
}

func BenchmarkWriteJUnitThousandResources(b *testing.B) {
	for _, cases := range []string{JUnitCheck, JUnitRule} {
		b.Run("per-"+cases, func(b *testing.B) {
			run := brokenFleetRun(1000)
			run.JUnitCases = cases
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := WriteJUnit(&buf, run, "authspec"); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "bytes/doc")
		})
	}
}
