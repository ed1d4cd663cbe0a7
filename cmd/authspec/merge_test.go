package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/report"
)

// writeShard writes a shard's results.json into dir/name and returns the
// folder.
func writeShard(t *testing.T, dir, name, shard string, order int) string {
	t.Helper()
	out := filepath.Join(dir, name)
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	path := "/" + name
	run := &report.Run{Version: 2, Shard: shard, Plan: "p", PlanUnits: 2, Targets: []report.Target{{
		Name: "a", URL: "http://127.0.0.1:1", Kind: "origin", Requests: 1, Verdict: report.VerdictPass,
		Units:   []report.Unit{{Method: "GET", Resource: path, Order: order}},
		Results: []report.Result{{Check: "rfc9110/challenge-present", Outcome: report.Pass, Method: "GET", Resource: path, Count: 1}},
	}}}
	f, err := os.Create(filepath.Join(out, report.JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := report.WriteJSON(f, run); err != nil {
		t.Fatal(err)
	}
	return out
}

// merge -reports X X ... would overwrite the shard X it reads: refused,
// whichever way X is named, and X is left as it was.
func TestMergeRefusesAnInputAsOutput(t *testing.T) {
	dir := t.TempDir()
	s1 := writeShard(t, dir, "s1", "1/2", 0)
	s2 := writeShard(t, dir, "s2", "2/2", 1)
	before, _ := os.ReadFile(filepath.Join(s1, report.JSONFile))
	for _, out := range []string{s1, s1 + "/", filepath.Join(s2, "..", "s1"), filepath.Join(s1, report.JSONFile) + "/.."} {
		var stdout, stderr bytes.Buffer
		code := merge([]string{"-reports", out, s1, filepath.Join(s2, report.JSONFile)}, &stdout, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), "is one of the inputs") {
			t.Errorf("merge -reports %s: exit %d, stderr %q; want 2, saying the output is an input", out, code, stderr.String())
		}
	}
	if after, _ := os.ReadFile(filepath.Join(s1, report.JSONFile)); !bytes.Equal(before, after) {
		t.Error("the shard's results.json was changed")
	}
	var stdout, stderr bytes.Buffer
	if code := merge([]string{"-reports", filepath.Join(dir, "merged"), s1, s2}, &stdout, &stderr); code != 0 {
		t.Errorf("merge into a new folder: exit %d, %s", code, stderr.String())
	}
}

// A merge into a folder another run holds is refused, exit 2, and writes
// nothing there.
func TestMergeRefusesALockedFolder(t *testing.T) {
	dir := t.TempDir()
	s1 := writeShard(t, dir, "s1", "1/2", 0)
	s2 := writeShard(t, dir, "s2", "2/2", 1)
	out := filepath.Join(dir, "merged")
	unlock, err := report.LockReports(out)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	var stdout, stderr bytes.Buffer
	if code := merge([]string{"-reports", out, s1, s2}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "another authspec") {
		t.Errorf("merge into a locked folder: exit %d, stderr %q; want 2", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(out, report.JSONFile)); err == nil {
		t.Error("the refused merge wrote results.json")
	}
}
