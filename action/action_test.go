package action

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/fixtures"
)

const version = "9.8.7"

// release is a folder laid out like a GitHub release of authspec: the
// host's archive and SHA256SUMS.
type release struct {
	dir, archive string
}

// makeRelease builds authspec and packs it as the release archive of the
// host's platform.
func makeRelease(t *testing.T) release {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the action's script is tested on unix hosts")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	bin := filepath.Join(t.TempDir(), "authspec")
	build := exec.Command("go", "build", "-o", bin, "../cmd/authspec")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building authspec: %v\n%s", err, out)
	}
	folder := fmt.Sprintf("authspec_%s_%s_%s", version, runtime.GOOS, runtime.GOARCH)
	archive := folder + ".tar.gz"
	f, err := os.Create(filepath.Join(dir, archive))
	if err != nil {
		t.Fatal(err)
	}
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if err := tw.WriteHeader(&tar.Header{Name: folder + "/", Typeflag: tar.TypeDir, Mode: 0o755}); err != nil {
		t.Fatal(err)
	}
	if err := tw.WriteHeader(&tar.Header{Name: folder + "/authspec", Mode: 0o755, Size: int64(len(data))}); err != nil {
		t.Fatal(err)
	}
	if _, err := tw.Write(data); err != nil {
		t.Fatal(err)
	}
	for _, c := range []interface{ Close() error }{tw, gz, f} {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
	r := release{dir: dir, archive: archive}
	r.writeSums(t)
	return r
}

func (r release) writeSums(t *testing.T) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(r.dir, r.archive))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	line := hex.EncodeToString(sum[:]) + "  " + r.archive + "\n"
	if err := os.WriteFile(filepath.Join(r.dir, "SHA256SUMS"), []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runner is one run of run.sh with the GITHUB_* files in a temp folder.
type runner struct {
	code                    int
	stderr, output, summary string
	reports                 string
	installed               bool
}

func runAction(t *testing.T, r release, targets string, inputs ...string) runner {
	t.Helper()
	work := t.TempDir()
	tf := filepath.Join(work, "targets.yaml")
	if err := os.WriteFile(tf, []byte(targets), 0o644); err != nil {
		t.Fatal(err)
	}
	out, summary, temp := filepath.Join(work, "output"), filepath.Join(work, "summary.md"), filepath.Join(work, "runner-temp")
	if err := os.Mkdir(temp, 0o755); err != nil {
		t.Fatal(err)
	}
	reports := filepath.Join(work, "reports")
	cmd := exec.Command("bash", "run.sh")
	cmd.Env = append(os.Environ(),
		"AUTHSPEC_RELEASE_BASE="+r.dir, "GITHUB_OUTPUT="+out, "GITHUB_STEP_SUMMARY="+summary, "RUNNER_TEMP="+temp,
		"RUNNER_OS="+map[string]string{"linux": "Linux", "darwin": "macOS"}[runtime.GOOS],
		"RUNNER_ARCH="+map[string]string{"amd64": "X64", "arm64": "ARM64"}[runtime.GOARCH],
		"INPUT_VERSION=v"+version, "INPUT_TARGETS="+tf, "INPUT_REPORTS="+reports, "NO_COLOR=1")
	cmd.Env = append(cmd.Env, inputs...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	res := runner{stderr: stderr.String(), reports: reports}
	if ee, ok := err.(*exec.ExitError); ok {
		res.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	o, _ := os.ReadFile(out)
	s, _ := os.ReadFile(summary)
	res.output, res.summary = string(o), string(s)
	_, statErr := os.Stat(filepath.Join(temp, "authspec-"+version))
	res.installed = statErr == nil
	return res
}

// A failing server: the step fails with authspec's exit code 1, the job
// summary holds summary.md once, and the outputs say fail, 1 target, and
// where the reports are.
func TestActionRunsTheReleaseAndSetsOutputs(t *testing.T) {
	r := makeRelease(t)
	f, ok := fixtures.ByName("no-challenge")
	if !ok {
		t.Fatal("no fixture no-challenge")
	}
	url, stop, err := f.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	targets := "targets:\n  - name: broken\n    url: " + url + "\n    resources: [/protected/]\n" +
		"  - name: reference\n    url: builtin:reference\n    rate: 100\n    resources: [/basic/]\n"
	res := runAction(t, r, targets, "INPUT_JUNIT_CASES=rule")
	if res.code != 1 {
		t.Fatalf("exit %d, want 1 (a failing target)\n%s", res.code, res.stderr)
	}
	for _, want := range []string{"version=" + version + "\n", "verdict=fail\n", "failed=1\n", "reports=" + res.reports + "\n"} {
		if !strings.Contains(res.output, want) {
			t.Errorf("GITHUB_OUTPUT lacks %q:\n%s", want, res.output)
		}
	}
	if n := strings.Count(res.summary, "## authspec: "); n != 1 || !strings.Contains(res.summary, "rfc9110/challenge-present") {
		t.Errorf("the job summary has %d headlines, or not the failing rule:\n%s", n, res.summary)
	}
	md, err := os.ReadFile(filepath.Join(res.reports, "summary.md"))
	if err != nil || !strings.Contains(res.summary, strings.TrimSpace(string(md))) {
		t.Errorf("the job summary is not summary.md (%v)", err)
	}
	junit, _ := os.ReadFile(filepath.Join(res.reports, "junit.xml"))
	if !strings.Contains(string(junit), `name="test_cases" value="per rule"`) {
		t.Errorf("the junit-cases input did not reach authspec")
	}
}

// A passing run exits 0 with verdict pass; a configuration error exits 2
// with its own summary.
func TestActionPassAndConfigError(t *testing.T) {
	r := makeRelease(t)
	// version latest: the release folder names it, as the GitHub API does.
	if err := os.WriteFile(filepath.Join(r.dir, "latest"), []byte("v"+version+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := runAction(t, r, "targets:\n  - name: reference\n    url: builtin:reference\n    rate: 100\n    resources: [/basic/]\n", "INPUT_VERSION=latest")
	if !strings.Contains(res.output, "version="+version+"\n") {
		t.Errorf("latest did not resolve to %s: %s", version, res.output)
	}
	if res.code != 0 || !strings.Contains(res.output, "verdict=pass\n") || !strings.Contains(res.output, "failed=0\n") {
		t.Errorf("a passing run: exit %d, outputs:\n%s\n%s", res.code, res.output, res.stderr)
	}
	res = runAction(t, r, "targets:\n  - name: x\n    url: builtin:reference\n    resourcez: [/]\n")
	if res.code != 2 || !strings.Contains(res.output, "verdict=config-error\n") || !strings.Contains(res.summary, "configuration error") {
		t.Errorf("a configuration error: exit %d, outputs:\n%s\nsummary:\n%s", res.code, res.output, res.summary)
	}
}

// An archive that does not match SHA256SUMS is never run: exit 2, no
// outputs, and the message says why.
func TestActionRefusesAnArchiveThatFailsItsChecksum(t *testing.T) {
	r := makeRelease(t)
	path := filepath.Join(r.dir, r.archive)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0xff
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	res := runAction(t, r, "targets:\n  - name: reference\n    url: builtin:reference\n    resources: [/basic/]\n")
	if res.code != 2 || !strings.Contains(res.stderr, "does not match SHA256SUMS") {
		t.Errorf("a tampered archive: exit %d\n%s", res.code, res.stderr)
	}
	if strings.Contains(res.output, "verdict=") {
		t.Errorf("outputs were set for a run that never happened:\n%s", res.output)
	}
	if _, err := os.Stat(filepath.Join(res.reports, "results.json")); err == nil {
		t.Error("the tampered binary ran")
	}
	res = runAction(t, r, "targets: []\n", "INPUT_VERSION=latest")
	if res.code != 2 || !strings.Contains(res.stderr, "cannot find the latest release") {
		t.Errorf("latest without a latest release: exit %d\n%s", res.code, res.stderr)
	}
	res = runAction(t, r, "targets: []\n", "INPUT_VERSION=not-a-version")
	if res.code != 2 || !strings.Contains(res.stderr, "is not a release version") {
		t.Errorf("a bad version input: exit %d\n%s", res.code, res.stderr)
	}
}
