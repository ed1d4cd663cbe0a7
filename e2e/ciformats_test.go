package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/report"
)

// A failing run, started the way CI starts it (from the repository's root,
// with a relative targets file, under GitHub Actions' $GITHUB_STEP_SUMMARY),
// leaves summary.md, authspec.sarif and codequality.json, and all three
// point at the broken resource's line of that targets file.
func TestCIReportsPointAtTheTargetsFile(t *testing.T) {
	f, url := startFixture(t, "no-challenge")
	dir := t.TempDir()
	// Comments first, so the resource is not on a line a default could hit.
	targets := "# staging targets\n# owned by the platform team\n\n" + targetsFor(f, url, "")
	requireNoError(t, os.MkdirAll(filepath.Join(dir, "ci"), 0o755))
	requireNoError(t, os.WriteFile(filepath.Join(dir, "ci", "targets.yaml"), []byte(targets), 0o600))
	resourceLine := lineOf(t, targets, "      - "+f.Resources[0])
	targetLine := lineOf(t, targets, "  - name: "+f.Name)

	stepSummary := filepath.Join(dir, "step_summary.md")
	requireNoError(t, os.WriteFile(stepSummary, []byte("earlier step\n"), 0o644))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, authspecBin, "run", "-targets=./ci/targets.yaml", "-reports=reports")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "GITHUB_STEP_SUMMARY="+stepSummary)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if code := exitCodeOf(cmd.Run()); code != 1 {
		t.Fatalf("authspec run exited %d, want 1\n%s", code, tail(out.String()))
	}
	reports := filepath.Join(dir, "reports")

	summary := readReportFile(t, filepath.Join(reports, report.SummaryFile))
	for _, want := range []string{
		"## authspec: ❌ 1 target failed",
		fmt.Sprintf("| %s | ❌ fail |", f.Name),
		fmt.Sprintf("ci/targets.yaml:%d |", targetLine),
		"| rfc9110/challenge-present | high | [RFC 9110 §15.5.2, §11.6.1](https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2) |",
		fmt.Sprintf("- **Where:** ci/targets.yaml:%d, %s GET %s", resourceLine, f.Name, f.Resources[0]),
		"<code>rfc9110/challenge-present</code>",
		"```sh\ncurl ",
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary.md lacks %q:\n%s", want, tail(summary))
		}
	}
	if got := readReportFile(t, stepSummary); got != "earlier step\n"+summary {
		t.Errorf("$GITHUB_STEP_SUMMARY is not the earlier content plus summary.md:\n%s", tail(got))
	}

	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	requireNoError(t, json.Unmarshal([]byte(readReportFile(t, filepath.Join(reports, report.SARIFFile))), &sarif))
	found := false
	for _, r := range sarif.Runs[0].Results {
		loc := r.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URI != "ci/targets.yaml" || loc.Region.StartLine != resourceLine {
			t.Errorf("SARIF %s at %s:%d, want ci/targets.yaml:%d", r.RuleID, loc.ArtifactLocation.URI, loc.Region.StartLine, resourceLine)
		}
		if r.RuleID == "rfc9110/challenge-present" && r.Level == "error" {
			found = true
		}
	}
	if !found {
		t.Errorf("no SARIF error for rfc9110/challenge-present among %d results", len(sarif.Runs[0].Results))
	}

	var issues []struct {
		CheckName string `json:"check_name"`
		Severity  string `json:"severity"`
		Location  struct {
			Path  string `json:"path"`
			Lines struct {
				Begin int `json:"begin"`
			} `json:"lines"`
		} `json:"location"`
	}
	requireNoError(t, json.Unmarshal([]byte(readReportFile(t, filepath.Join(reports, report.CodeQualityFile))), &issues))
	found = false
	for _, is := range issues {
		if is.Location.Path != "ci/targets.yaml" || is.Location.Lines.Begin != resourceLine {
			t.Errorf("Code Quality %s at %s:%d, want ci/targets.yaml:%d", is.CheckName, is.Location.Path, is.Location.Lines.Begin, resourceLine)
		}
		if is.CheckName == "rfc9110/challenge-present" && is.Severity == "critical" {
			found = true
		}
	}
	if !found {
		t.Errorf("no critical Code Quality issue for rfc9110/challenge-present among %d", len(issues))
	}

	// `authspec merge` rebuilds the same three files from results.json.
	merge := exec.CommandContext(ctx, authspecBin, "merge", "-reports=merged", "reports")
	merge.Dir = dir
	merge.Env = append(os.Environ(), "GITHUB_STEP_SUMMARY=")
	if out, err := merge.CombinedOutput(); exitCodeOf(err) != 1 {
		t.Fatalf("authspec merge exited %d, want 1\n%s", exitCodeOf(err), tail(string(out)))
	}
	for _, name := range []string{report.SummaryFile, report.SARIFFile, report.CodeQualityFile} {
		if readReportFile(t, filepath.Join(dir, "merged", name)) != readReportFile(t, filepath.Join(reports, name)) {
			t.Errorf("merge rebuilt a different %s", name)
		}
	}
}

// The tests' runs must not write into the job summary of a CI that runs
// them under GitHub Actions: the authspec processes they start inherit
// this environment.
func init() { os.Unsetenv("GITHUB_STEP_SUMMARY") }

// lineOf returns the 1-based line of text that starts with prefix.
func lineOf(t *testing.T, text, prefix string) int {
	t.Helper()
	for i, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, prefix) {
			return i + 1
		}
	}
	t.Fatalf("no line starts with %q in:\n%s", prefix, text)
	return 0
}

func readReportFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func requireNoError(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
