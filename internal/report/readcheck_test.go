package report

import (
	"bytes"
	"strings"
	"testing"
)

// v2Doc is a small version 2 results.json, as WriteJSON writes it.
func v2Doc(t *testing.T) string {
	t.Helper()
	run := shardOf("1/2", 3, []int{0}, -1)
	var b bytes.Buffer
	if err := WriteJSON(&b, run); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// A results.json that is not what it says it is, or says impossible
// things, is refused on reading with an error that says what: merge must
// never lose half a file's checks silently.
func TestReadJSONRefusesInconsistentFiles(t *testing.T) {
	doc := v2Doc(t)
	if _, err := ReadJSON(strings.NewReader(doc)); err != nil {
		t.Fatalf("a file WriteJSON wrote does not read back: %v", err)
	}
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"v2 labelled 1", strings.Replace(doc, `"version": 2`, `"version": 1`, 1), "version 2"},
		{"duplicate top key", strings.Replace(doc, `"version": 2,`, `"version": 2, "targets": [],`, 1), `duplicate key "targets"`},
		{"duplicate nested key", strings.Replace(doc, `"requests": 3,`, `"requests": 3, "requests": 9,`, 1), `duplicate key "requests"`},
		{"negative requests", strings.Replace(doc, `"requests": 3,`, `"requests": -5,`, 1), "negative"},
		{"negative plan units", strings.Replace(doc, `"plan_units": 2,`, `"plan_units": -2,`, 1), "negative"},
		{"negative pass count", strings.Replace(doc, `"passes":{"rfc9110/challenge-present":2}`, `"passes":{"rfc9110/challenge-present":-2}`, 1), "negative"},
		{"negative order", strings.Replace(doc, `"order":0,`, `"order":-1,`, 1), "negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.doc == doc {
				t.Fatal("the test's edit did not apply")
			}
			_, err := ReadJSON(strings.NewReader(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReadJSON error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// "12 of 12 requests" claims twelve requests; when the target was sent
// fewer, the headline says how many were planned and how many sent.
func TestHeadlineSaysPlannedAndSent(t *testing.T) {
	tg := Target{Name: "a", Kind: "origin", Requests: 5, Units: []Unit{{Method: "GET", Resource: "/x"}}}
	for range 12 {
		tg.Results = append(tg.Results, Result{Check: "rfc9110/challenge-present", Outcome: Error, Method: "GET", Resource: "/x", Message: "target could not be tested"})
	}
	tg.Verdict = Verdict(tg.Results)
	cs := tg.Checks()
	if len(cs) != 1 {
		t.Fatalf("%d checks, want 1", len(cs))
	}
	h := Headline(&cs[0])
	if !strings.Contains(h, "(12 planned, 5 sent)") || strings.Contains(h, "12 of 12") {
		t.Errorf("headline %q, want (12 planned, 5 sent)", h)
	}
	tg.Requests = 40
	cs = tg.Checks()
	if h := Headline(&cs[0]); !strings.Contains(h, "(12 of 12 requests)") {
		t.Errorf("headline %q with 40 requests sent, want (12 of 12 requests)", h)
	}
}

// The summaries say what part of the plan a run covered: a shard split by
// resource says its targets' limits were divided; a selection is named.
func TestScopeSaysShardAndSelection(t *testing.T) {
	run := shardOf("2/4", 1, []int{1}, -1)
	run.ShardBy = "resource"
	run.Selection = &Selection{Labels: "rfc6750", Skip: []string{"HEAD"}}
	want := "shard 2/4 by resource (each target's rate and concurrency divided by 4); selection: labels 'rfc6750', skip 'HEAD'"
	if got := Scope(run); got != want {
		t.Errorf("Scope = %q, want %q", got, want)
	}
	var b strings.Builder
	WriteSummary(&b, run, false)
	if !strings.HasPrefix(b.String(), want+"\n") {
		t.Errorf("the summary does not start with the scope:\n%s", b.String())
	}
	if got := Scope(&Run{}); got != "" {
		t.Errorf("Scope of a whole run of everything = %q, want nothing", got)
	}
}

// junit.xml names the scope too, as a property of every testsuite.
func TestJUnitNamesTheScope(t *testing.T) {
	run := shardOf("", 1, []int{0}, -1)
	run.Selection = &Selection{Focus: []string{"admin"}}
	var b bytes.Buffer
	if err := WriteJUnit(&b, run, "authspec"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `<property name="scope" value="selection: focus &#39;admin&#39;"></property>`) {
		t.Errorf("junit.xml does not name the selection:\n%s", b.String())
	}
}
