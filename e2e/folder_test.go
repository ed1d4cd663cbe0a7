package e2e

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/authspec/authspec/internal/report"
)

// A run into a reports folder that another run holds is refused (exit 2)
// before it sends anything, and leaves the folder alone; once the other
// run is gone (its lock with it, as when it crashed), the folder is free.
func TestRunRefusesAFolderAnotherRunHolds(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("WWW-Authenticate", `Basic realm="x"`)
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte("credentials needed"))
	}))
	defer srv.Close()
	dir := t.TempDir()
	tf := filepath.Join(dir, "targets.yaml")
	targets := "targets:\n  - name: t\n    url: " + srv.URL + "\n    resources: [/x]\n"
	if err := os.WriteFile(tf, []byte(targets), 0o600); err != nil {
		t.Fatal(err)
	}
	reports := filepath.Join(dir, "reports")
	unlock, err := report.LockReports(reports)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(authspecBin, "run", "-targets", tf, "-reports", reports).CombinedOutput()
	if exitCodeOf(err) != 2 || !strings.Contains(string(out), "another authspec run (pid ") {
		t.Errorf("a run into a held folder: exit %d, output %s; want 2, naming the holder", exitCodeOf(err), out)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the refused run sent %d requests", n)
	}
	if _, err := os.Stat(filepath.Join(reports, report.JSONFile)); err == nil {
		t.Error("the refused run wrote results.json")
	}
	unlock()
	out, err = exec.Command(authspecBin, "run", "-targets", tf, "-reports", reports).CombinedOutput()
	if code := exitCodeOf(err); code != 0 && code != 1 {
		t.Errorf("a run once the folder is free: exit %d, output %s", code, out)
	}
	if _, err := os.Stat(filepath.Join(reports, report.JSONFile)); err != nil {
		t.Errorf("the run wrote no results.json: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "authspec-") {
			t.Errorf("left beside the reports folder: %s", e.Name())
		}
	}
}
