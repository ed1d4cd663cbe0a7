package report

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Names of the report files in a reports folder.
const (
	JSONFile  = "results.json"
	JUnitFile = "junit.xml"
)

// WriteAll writes every report of run into dir: all of them into a new
// folder beside it first, then swapped into place (see writeFolder), so a
// reader never sees half a report, nor two runs' reports mixed. Callers
// that may run beside another run hold LockReports.
//
// The writers only read run, so they run two at a time (one per core of
// a small CI machine, and no more, since each holds its document in
// memory while it writes): at fleet scale the reports are written after
// the last request, and their time is the run's.
func WriteAll(dir string, run *Run) error {
	writers := append([]fileWriter{
		{JSONFile, func(f *os.File) error { return WriteJSON(f, run) }},
		{JUnitFile, func(f *os.File) error { return WriteJUnit(f, run, "authspec") }},
		{HTMLFile, func(f *os.File) error { return WriteHTML(f, run) }},
	}, ciWriters(run)...)
	defer run.HoldChecks()()
	return writeFolder(dir, func(tmp string) error {
		errs := make([]error, len(writers))
		slots := make(chan struct{}, 2)
		var wg sync.WaitGroup
		for i, w := range writers {
			wg.Add(1)
			slots <- struct{}{}
			go func() {
				defer func() { <-slots; wg.Done() }()
				errs[i] = writeAtomic(filepath.Join(tmp, w.name), w.write)
			}()
		}
		wg.Wait()
		return errors.Join(errs...)
	})
}

// fileWriter writes one report file.
type fileWriter struct {
	name  string
	write func(f *os.File) error
}

// Files names every report WriteAll writes, in the order a reader wants
// them: the machine-readable ones, then the ones to look at.
func Files() []string {
	return append([]string{JUnitFile, JSONFile, HTMLFile}, ciReportFiles...)
}

// Announce is the line that tells where the reports are: the folder,
// then the file names.
func Announce(dir string) string {
	return "reports: " + filepath.Clean(dir) + string(filepath.Separator) + " (" + strings.Join(Files(), ", ") + ")"
}

// RemoveAll deletes the reports of an earlier run, so that a run that
// stops on a configuration error leaves nothing that could be mistaken for
// its result.
func RemoveAll(dir string) {
	for _, name := range Files() {
		os.Remove(filepath.Join(dir, name))
	}
}

// writeAtomic writes path through a temporary file in the same folder. The
// file gets the mode of any build output (0644 less the umask), not the
// temporary file's 0600: a publisher running as another user, such as a CI
// agent reading a container's output, must be able to read it, and nothing
// in it is secret.
func writeAtomic(path string, write func(*os.File) error) error {
	if failWriting != nil {
		if err := failWriting(filepath.Base(path)); err != nil {
			return err
		}
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".authspec-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o644 &^ umask()); err != nil {
		f.Close()
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// failWriting, set by tests, fails the writing of the report it names.
var failWriting func(name string) error

var processUmask = sync.OnceValue(readUmask)

// umask is the process's file mode creation mask, read once.
func umask() os.FileMode { return processUmask() }
