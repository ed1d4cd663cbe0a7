package report

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A run that fails while writing its reports leaves the folder as it was:
// never this run's junit.xml beside the last run's results.json.
func TestWriteAllNeverMixesTwoRuns(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "reports")
	old := shardOf("", 3, []int{0}, -1)
	old.Targets[0].Name = "old-run"
	if err := WriteAll(dir, old); err != nil {
		t.Fatal(err)
	}
	failWriting = func(name string) error {
		if name == HTMLFile {
			return errors.New("disk full")
		}
		return nil
	}
	defer func() { failWriting = nil }()
	next := shardOf("", 3, []int{0}, -1)
	next.Targets[0].Name = "new-run"
	if err := WriteAll(dir, next); err == nil {
		t.Fatal("WriteAll hid a failed writer")
	}
	for _, name := range Files() {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Contains(string(data), "new-run") {
			t.Errorf("%s is the failed run's while the others are the last run's", name)
		}
	}
	failWriting = nil
	if err := WriteAll(dir, next); err != nil {
		t.Fatal(err)
	}
	for _, name := range Files() {
		data, _ := os.ReadFile(filepath.Join(dir, name))
		if strings.Contains(string(data), "old-run") {
			t.Errorf("%s still holds the last run's target", name)
		}
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("beside the reports folder: %v; want nothing left behind", names)
	}
}

// A folder that holds other files than authspec's is not swapped away:
// they stay, and the reports are written into it.
func TestWriteAllKeepsOtherFiles(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(mine, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteAll(dir, shardOf("", 1, []int{0}, -1)); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(mine); err != nil || string(data) != "keep me" {
		t.Errorf("a file of the user's in the reports folder: %q, %v", data, err)
	}
	if _, err := os.Stat(filepath.Join(dir, JSONFile)); err != nil {
		t.Error(err)
	}
}

// Only one run writes into a folder at a time; a lock left by a run that
// died holds nothing.
func TestLockReports(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reports")
	unlock, err := LockReports(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = LockReports(dir)
	if !errors.Is(err, ErrReportsLocked) || !strings.Contains(err.Error(), "another authspec run (pid ") {
		t.Errorf("a second lock: %v, want ErrReportsLocked naming another authspec run and its pid", err)
	}
	unlock()
	again, err := LockReports(dir)
	if err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	again()
	// A lock file of a process that is gone (flock ends with it) is free.
	if err := os.WriteFile(lockPath(dir), []byte("999999999\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	u, err := LockReports(dir)
	if err != nil {
		t.Fatalf("a stale lock file: %v", err)
	}
	u()
	if _, err := os.Stat(lockPath(dir)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the lock file is left after unlock: %v", err)
	}
}

// A folder that cannot take the new one's place (a mounted volume, say)
// still gets every report, staged inside it, and nothing is left behind.
func TestWriteAllIntoAFolderThatCannotBeSwapped(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "reports")
	if err := WriteAll(dir, shardOf("", 1, []int{0}, -1)); err != nil {
		t.Fatal(err)
	}
	failPlacing = errors.New("device or resource busy")
	defer func() { failPlacing = nil }()
	next := shardOf("", 1, []int{0}, -1)
	next.Targets[0].Name = "next-run"
	if err := WriteAll(dir, next); err != nil {
		t.Fatalf("WriteAll into a folder that cannot be swapped: %v", err)
	}
	for _, name := range Files() {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	for _, name := range []string{JSONFile, JUnitFile} {
		if data, err := os.ReadFile(filepath.Join(dir, name)); err != nil || !strings.Contains(string(data), "next-run") {
			t.Errorf("%s is not the new run's: %v", name, err)
		}
	}
	for _, d := range []string{parent, dir} {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if strings.Contains(e.Name(), "authspec-") {
				t.Errorf("left in %s: %s", d, e.Name())
			}
		}
	}
}
