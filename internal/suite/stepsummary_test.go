package suite

import "os"

// The tests' runs must not write into the job summary of a CI that runs
// them under GitHub Actions (report.AppendStepSummary appends to the file
// $GITHUB_STEP_SUMMARY names).
func init() { os.Unsetenv("GITHUB_STEP_SUMMARY") }
