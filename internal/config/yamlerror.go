package config

import (
	"bytes"
	"strconv"
	"strings"
)

// yamlError turns a syntax error of the YAML library into an Error on the
// line where the problem is. Tabs get their own message: they are the most
// common cause, and "found character that cannot start any token" does not
// say so.
func (p *parser) yamlError(data []byte, err error) {
	line, msg := splitYAMLError(err)
	if strings.HasPrefix(msg, "did not find expected") {
		// The library names the line before the collection the problem is
		// in, not the problem's own line; find the latter.
		line = firstFailingLine(data, msg, line)
	}
	upTo := line + 1 // the tab may sit just after the line named
	if line == 0 {
		upTo = 0
	}
	if tab := firstTabIndentedLine(data, upTo); tab > 0 {
		p.err = &Error{File: p.file, Line: tab, Msg: "is indented with a tab",
			Hint: "use spaces, not tabs: YAML forbids tabs for indentation"}
		return
	}
	hint := "check the indentation and quoting on this line or the one before"
	if strings.Contains(msg, "expected ',' or") && strings.Contains(lineAt(data, line), "${") {
		hint = `inside { } and [ ], quote references: write "${NAME}"`
	}
	p.err = &Error{File: p.file, Line: line, Msg: "is not valid YAML: " + msg, Hint: hint}
}

// splitYAMLError splits "yaml: line 3: problem" into 3 and "problem".
func splitYAMLError(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	rest, ok := strings.CutPrefix(msg, "line ")
	if !ok {
		return 0, msg
	}
	num, tail, ok := strings.Cut(rest, ": ")
	if !ok {
		return 0, msg
	}
	n, convErr := strconv.Atoi(num)
	if convErr != nil {
		return 0, msg
	}
	return n, tail
}

// firstFailingLine returns the smallest number of leading lines of data
// that already fail to parse with the problem msg: the line the problem is
// on. It bisects, so a large file costs a few dozen parses, not one per
// line. fallback is returned if the prefixes behave unexpectedly.
func firstFailingLine(data []byte, msg string, fallback int) int {
	lines := bytes.SplitAfter(data, []byte("\n"))
	failsWithMsg := func(k int) bool {
		_, err := decodeDocuments(bytes.Join(lines[:k], nil))
		if err == nil {
			return false
		}
		_, m := splitYAMLError(err)
		return m == msg
	}
	if !failsWithMsg(len(lines)) {
		return fallback
	}
	// The library's line is never past the problem, so start there.
	lo, hi := max(1, min(fallback, len(lines))), len(lines) // prefix hi fails with msg
	for lo < hi {
		mid := (lo + hi) / 2
		if failsWithMsg(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return hi
}

// lineAt returns the text of the 1-based line n of data, or "".
func lineAt(data []byte, n int) string {
	lines := strings.Split(string(data), "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	return lines[n-1]
}

// firstTabIndentedLine returns the 1-based number of the first line, up to
// upTo (0: any), whose indentation holds a tab, or 0.
func firstTabIndentedLine(data []byte, upTo int) int {
	for i, line := range strings.Split(string(data), "\n") {
		if upTo > 0 && i+1 > upTo {
			break
		}
		indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		if strings.Contains(indent, "\t") && strings.TrimSpace(line) != "" {
			return i + 1
		}
	}
	return 0
}
