package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWriteJSONExactFormat(t *testing.T) {
	run := &Run{Targets: []Target{{
		Name: "ref", URL: "http://127.0.0.1:1", Kind: "origin", Requests: 2, Protocol: "HTTP/1.1",
		Results: []Result{{
			Check: "rfc9110/challenge-present", RFC: "RFC 9110", Section: "11.6.1", Level: "MUST",
			Outcome: Fail, Resource: "/a", Method: "GET", Probe: "unauthenticated", Variant: "basic",
			Message: "no <challenge> & no body", Requirement: "A 401 carries a challenge.",
			Evidence: &Evidence{Request: "GET /a HTTP/1.1\r\n", Response: "HTTP/1.1 401 \x1b", Curl: "curl -i http://127.0.0.1:1/a"},
		}},
	}, {Name: "idle", URL: "http://127.0.0.1:2", Kind: "proxy"}}}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, run); err != nil {
		t.Fatal(err)
	}
	want := `{
  "version": 2,
  "rules": {
    "rfc9110/challenge-present": {
      "rfc": "RFC 9110",
      "section": "11.6.1",
      "level": "MUST",
      "requirement": "A 401 carries a challenge.",
      "severity": "high"
    }
  },
  "targets": [
    {
      "name": "ref",
      "url": "http://127.0.0.1:1",
      "kind": "origin",
      "verdict": "fail",
      "requests": 2,
      "protocol": "HTTP/1.1",
      "checks": {
        "total": 1,
        "pass": 0,
        "fail": 1,
        "warn": 0,
        "error": 0,
        "skip": 0,
        "info": 0
      },
      "units": [],
      "results": [
        {
          "check": "rfc9110/challenge-present",
          "outcome": "fail",
          "resource": "/a",
          "method": "GET",
          "probe": "unauthenticated",
          "variant": "basic",
          "message": "no <challenge> & no body",
          "evidence": {
            "request": "GET /a HTTP/1.1\r\n",
            "response": "HTTP/1.1 401 \u001b",
            "curl": "curl -i http://127.0.0.1:1/a"
          }
        }
      ]
    },
    {
      "name": "idle",
      "url": "http://127.0.0.1:2",
      "kind": "proxy",
      "verdict": "pass",
      "requests": 0,
      "units": [],
      "results": []
    }
  ]
}
`
	if got := buf.String(); got != want {
		t.Errorf("WriteJSON wrote\n%s\nwant\n%s", got, want)
	}
	if run.Version != 0 || run.Targets[0].Verdict != "" || run.Targets[1].Results != nil {
		t.Error("WriteJSON modified its argument")
	}
}

func TestJSONRoundTrip(t *testing.T) {
	run := sampleRun()
	var first bytes.Buffer
	if err := WriteJSON(&first, run); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Targets) != 3 || back.Targets[0].Name != "reference" || back.Targets[2].Name != "empty" {
		t.Fatalf("targets out of order or lost: %+v", back.Targets)
	}
	// Results that are not passes come back whole and in order; passes come
	// back as one count per rule, method and resource, after them.
	for i, tgt := range back.Targets {
		orig := run.Targets[i]
		var wantOthers, gotOthers []Result
		wantPasses, gotPasses := map[string]int{}, map[string]int{}
		for _, r := range orig.Results {
			r.Elapsed = 0                       // not part of the format
			r.Severity = string(r.SeverityOf()) // written with the rule's text
			if r.Outcome == Pass {
				wantPasses[r.Check+" "+r.Method+" "+r.Resource] += max(r.Count, 1)
				continue
			}
			wantOthers = append(wantOthers, r)
		}
		for _, r := range tgt.Results {
			if r.Outcome == Pass {
				if r.RFC == "" && orig.Results[0].RFC != "" {
					t.Errorf("target %s: pass of %s lost its rule's text", tgt.Name, r.Check)
				}
				gotPasses[r.Check+" "+r.Method+" "+r.Resource] += r.Count
				continue
			}
			gotOthers = append(gotOthers, r)
		}
		if !reflect.DeepEqual(gotOthers, wantOthers) {
			t.Errorf("target %s results:\n got %+v\nwant %+v", tgt.Name, gotOthers, wantOthers)
		}
		if !reflect.DeepEqual(gotPasses, wantPasses) {
			t.Errorf("target %s passes: got %v, want %v", tgt.Name, gotPasses, wantPasses)
		}
	}
	if got := []string{back.Targets[0].Verdict, back.Targets[1].Verdict, back.Targets[2].Verdict}; !reflect.DeepEqual(got, []string{"fail", "error", "pass"}) {
		t.Errorf("verdicts = %v", got)
	}
	if strings.Contains(first.String(), "hunter2") {
		t.Error("results.json leaks the password in a target URL")
	}
	// Same run, same bytes: writing what was read gives the file again.
	var second bytes.Buffer
	if err := WriteJSON(&second, back); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Errorf("second write differs:\n%s\n---\n%s", first.String(), second.String())
	}
}

func TestReadJSONRejectsBadInput(t *testing.T) {
	tests := []struct{ name, doc, wantErr string }{
		{"empty", ``, "reading results.json"},
		{"not json", `<xml/>`, "reading results.json"},
		{"wrong version", `{"version":3,"targets":[]}`, "versions 1 and 2"},
		{"missing version", `{"targets":[]}`, "version 0"},
		{"rule not described", `{"version":2,"rules":{},"targets":[{"name":"a","verdict":"pass","results":[{"check":"x/y","outcome":"pass"}]}]}`, `rule "x/y" is not described`},
		{"unknown outcome", `{"version":1,"targets":[{"name":"a","verdict":"pass","results":[{"outcome":"meh"}]}]}`, `unknown outcome "meh"`},
		{"unknown verdict", `{"version":1,"targets":[{"name":"a","verdict":"ok","results":[]}]}`, `unknown verdict "ok"`},
		{"trailing data", `{"version":1,"targets":[]} {}`, "after the document"},
		{"wrong type", `{"version":"1","targets":[]}`, "reading results.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadJSON(strings.NewReader(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ReadJSON error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestReadJSONIgnoresUnknownKeys(t *testing.T) {
	run, err := ReadJSON(strings.NewReader(`{"version":1,"future":true,"targets":[{"name":"a","verdict":"pass","shiny":1,"results":[]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Targets) != 1 || run.Targets[0].Name != "a" {
		t.Errorf("got %+v", run)
	}
}

func TestWriteJSONNil(t *testing.T) {
	if err := WriteJSON(&bytes.Buffer{}, nil); err == nil {
		t.Error("WriteJSON(nil) returned no error")
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:1/x":           "http://127.0.0.1:1/x",
		"http://user:secret@127.0.0.1/x": "http://user:xxxxx@127.0.0.1/x",
		"http://u:p%zz@127.0.0.1/x":      "http://xxxxx@127.0.0.1/x", // does not parse
		"127.0.0.1:8080":                 "127.0.0.1:8080",
		"http://127.0.0.1/a@b":           "http://127.0.0.1/a@b",
	} {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestJSONHostileBytes(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, hostileRun()); err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(buf.Bytes()) {
		t.Error("results.json is not valid UTF-8")
	}
	if bytes.ContainsAny(buf.Bytes(), "\x00\x1b\x07") {
		t.Error("results.json holds raw control characters")
	}
	back, err := ReadJSON(&buf)
	if err != nil {
		t.Fatalf("hostile results.json does not read back: %v", err)
	}
	if v := back.Targets[0].Verdict; v != "error" {
		t.Errorf("verdict = %q, want error", v)
	}
	if n := len(back.Targets[0].Results); n != 6 {
		t.Errorf("%d results, want 6", n)
	}
}

// results.json puts each unit on one line of its own and indents the rest;
// the layout changes nothing of the content, whatever the strings hold.
func TestWriteJSONOneUnitPerLine(t *testing.T) {
	run := &Run{Version: 2, Targets: []Target{{
		Name: `t "q" \ {[,:]}`, URL: "http://127.0.0.1:1", Kind: "origin", Requests: 4,
		Units: []Unit{
			{Method: "GET", Resource: "/a", Order: 0, Line: 5, Rules: []string{"rfc9110/challenge-present"}},
			{Method: "GET", Resource: `/b,"c":[1]`, Order: 1, Line: 6, Rules: []string{"rfc9110/challenge-present"}},
		},
		Results: []Result{
			{Check: "rfc9110/challenge-present", RFC: "RFC 9110", Level: "MUST", Outcome: Pass, Method: "GET", Resource: "/a", Count: 3},
			{Check: "rfc9110/challenge-present", RFC: "RFC 9110", Level: "MUST", Outcome: Fail, Method: "GET", Resource: `/b,"c":[1]`,
				Probe: "unauthenticated", Message: `no "challenge": {x} [y], \ end\`},
		},
	}}}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, run); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	var standard bytes.Buffer
	enc := json.NewEncoder(&standard)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(jsonView(run)); err != nil {
		t.Fatal(err)
	}
	var a, b any
	if err := json.Unmarshal(got, &a); err != nil {
		t.Fatalf("results.json is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal(standard.Bytes(), &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("the layout changed the content:\n%s\nwant the content of\n%s", got, standard.Bytes())
	}
	for _, want := range []string{
		"\n      \"units\": [\n        {\"method\":\"GET\",\"resource\":\"/a\",\"order\":0,\"line\":5,\"rule_set\":0,\"passes\":{\"rfc9110/challenge-present\":3}},\n        {\"method\":\"GET\",\"resource\":\"/b,\\\"c\\\":[1]\",\"order\":1,\"line\":6,\"rule_set\":0}\n      ],\n",
		"\n          \"message\": \"no \\\"challenge\\\": {x} [y], \\\\ end\\\\\"\n",
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("results.json lacks %q:\n%s", want, got)
		}
	}
}
