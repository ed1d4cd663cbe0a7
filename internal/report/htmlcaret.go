package report

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A grammar finding says where in the challenge field it is: the suite
// ends its message with "(field line N, byte M)", N counting the field's
// lines from 1 in the order received and M the byte offset in that line's
// value. report.html draws a caret there, under the response head.
var fieldPosition = regexp.MustCompile(`\(field line (\d+), byte (\d+)\)`)

// caretsFor returns where to draw the carets of message under head (the
// response head as shown: status line, then one "Name: value" line per
// field line): pairs of line index in head and column in runes. A position
// that is not in head (a line not there, a byte past the value's end) gets
// no caret rather than a wrong one.
//
// The offset counts bytes of the value as received; head shows a byte the
// server sent that is not printable as an escape (\x1b), so on such a line
// the caret can sit a few columns early. The status line and plain values,
// which is where grammar errors are, are shown byte for byte.
func caretsFor(message, head string) [][2]int {
	matches := fieldPosition.FindAllStringSubmatch(message, -1)
	if len(matches) == 0 {
		return nil
	}
	lines := strings.Split(head, "\n")
	field := challengeFieldOf(lines)
	var out [][2]int
	seen := map[[2]int]bool{}
	for _, m := range matches {
		n, errN := strconv.Atoi(m[1])
		offset, errM := strconv.Atoi(m[2])
		if errN != nil || errM != nil {
			continue
		}
		at, ok := caretAt(lines, field, n, offset)
		if ok && !seen[at] {
			seen[at] = true
			out = append(out, at)
		}
	}
	return out
}

// challengeFieldOf names the field that carries the challenges in a
// response head: Proxy-Authenticate on a 407, WWW-Authenticate on a 401,
// and otherwise whichever of the two the head has.
func challengeFieldOf(lines []string) string {
	if parts := strings.Fields(lines[0]); len(parts) >= 2 && parts[1] == "407" {
		return "Proxy-Authenticate"
	}
	if parts := strings.Fields(lines[0]); len(parts) >= 2 && parts[1] == "401" {
		return "WWW-Authenticate"
	}
	for _, l := range lines[1:] {
		if hasFieldName(l, "Proxy-Authenticate") {
			return "Proxy-Authenticate"
		}
	}
	return "WWW-Authenticate"
}

// caretAt finds the column of byte offset of the value of the n-th line
// (from 1) of field in lines.
func caretAt(lines []string, field string, n, offset int) ([2]int, bool) {
	seen := 0
	for i, l := range lines {
		if i == 0 || !hasFieldName(l, field) {
			continue
		}
		seen++
		if seen != n {
			continue
		}
		prefix := len(field) + 1 // "Name:"
		if strings.HasPrefix(l[prefix:], " ") {
			prefix++
		}
		value := l[prefix:]
		if offset > len(value) {
			return [2]int{}, false
		}
		return [2]int{i, utf8.RuneCountInString(l[:prefix]) + utf8.RuneCountInString(value[:offset])}, true
	}
	return [2]int{}, false
}

// hasFieldName reports whether line is a field line of name, matched
// without regard to case as field names are.
func hasFieldName(line, name string) bool {
	return len(line) > len(name) && line[len(name)] == ':' && strings.EqualFold(line[:len(name)], name)
}
