package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The hostile shard files of testdata/hostile-shards, each shard 2/2 of
// shard-1.json's run with one thing wrong, are refused by ReadJSON or by
// Merge, with an error that says what; shard-1.json and shard-2.json merge.
func TestHostileShardFiles(t *testing.T) {
	read := func(name string) (*Run, error) {
		f, err := os.Open(filepath.Join("testdata", "hostile-shards", name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		return ReadJSON(f)
	}
	first, err := read("shard-1.json")
	if err != nil {
		t.Fatal(err)
	}
	second, err := read("shard-2.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Merge([]Input{{"shard-1.json", first}, {"shard-2.json", second}}); err != nil {
		t.Fatalf("the good shards do not merge: %v", err)
	}
	want := map[string]string{
		"v2-labelled-version-1.json":  "version 2's key",
		"duplicate-targets-key.json":  `duplicate key "targets"`,
		"duplicate-requests-key.json": `duplicate key "requests"`,
		"negative-requests.json":      "negative",
		"negative-pass-count.json":    "negative",
		"units-emptied.json":          "unit 1 of the plan is in no shard",
		"renamed-target.json":         "lists targets",
		"no-plan-units.json":          "plan_units",
		"other-selection.json":        "selection",
		"other-shard-by.json":         "-shard-by",
		"order-outside-plan.json":     "outside the plan",
	}
	entries, err := os.ReadDir(filepath.Join("testdata", "hostile-shards"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		if name == "shard-1.json" || name == "shard-2.json" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			w, ok := want[name]
			if !ok {
				t.Fatalf("no expectation for %s: add one", name)
			}
			run, err := read(name)
			if err == nil {
				_, err = Merge([]Input{{"shard-1.json", first}, {name, run}})
			}
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v; want an error containing %q", name, err, w)
			}
		})
	}
}
