package report

import (
	"os"
	"path/filepath"
	"testing"
)

// Reports are build output, read by publishers that may run as another
// user (a Jenkins agent reading a container's output): they get 0644 less
// the umask, never the temporary file's 0600.
func TestWriteAllModeIsBuildOutput(t *testing.T) {
	dir := t.TempDir()
	if err := WriteAll(dir, planRun()); err != nil {
		t.Fatal(err)
	}
	want := os.FileMode(0o644) &^ umask()
	for _, name := range []string{JSONFile, JUnitFile} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s has mode %v, want %v (0644 less the umask %v)", name, got, want, umask())
		}
		if umask()&0o044 == 0 && info.Mode().Perm()&0o044 != 0o044 {
			t.Errorf("%s is not readable by group and others", name)
		}
	}
}
