package report

import (
	"os"
	"strings"
)

// targetsSource is the text of the targets file, when the reports are
// written where it can be read, for the columns of a SARIF region. The
// reports never depend on it otherwise: without it they name lines only.
type targetsSource struct {
	lines []string
}

// maxTargetsFile is the most of a targets file read for columns.
const maxTargetsFile = 16 << 20

// readTargetsFile reads run's targets file; nil when it cannot.
func readTargetsFile(run *Run) *targetsSource {
	if run.TargetsFile == "" {
		return nil
	}
	fi, err := os.Stat(run.TargetsFile)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > maxTargetsFile {
		return nil
	}
	data, err := os.ReadFile(run.TargetsFile)
	if err != nil {
		return nil
	}
	return &targetsSource{lines: strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")}
}

// columns returns the first and the one-past-last column (1-based, in
// code points, as SARIF counts them) of needle on line, or 0, 0 when the
// line does not hold it.
func (s *targetsSource) columns(line int, needle string) (int, int) {
	if s == nil || needle == "" || line < 1 || line > len(s.lines) {
		return 0, 0
	}
	text := s.lines[line-1]
	i := strings.Index(text, needle)
	if i < 0 {
		return 0, 0
	}
	start := runeLen(text[:i]) + 1
	return start, start + runeLen(needle)
}
