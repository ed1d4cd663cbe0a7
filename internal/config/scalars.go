package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// scalar checks that n is a single plain value (not a list, a mapping or a
// value with a custom tag) and returns its text. A ${...} reference is
// refused: only expand accepts one.
func (p *parser) scalar(n *yamlNode, field, hint string) (string, bool) {
	s, ok := p.rawScalar(n, field, hint)
	if ok && strings.Contains(s, "${") {
		p.fail(n, field, "uses ${...}, which is expanded only in url, through, headers and the credential values (username, password, token, limited_token)",
			"write the value itself here")
		return "", false
	}
	return s, ok
}

// rawScalar is scalar without the check for ${...}.
func (p *parser) rawScalar(n *yamlNode, field, hint string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		p.fail(n, field, "must be a single value, not "+describe(n), hint)
		return "", false
	}
	switch n.ShortTag() {
	case "!!str", "!!int", "!!float", "!!bool", "!!timestamp", "!!null":
		return n.Value, true
	}
	p.fail(n, field, "has the tag "+n.Tag+", which is not supported", "remove the tag")
	return "", false
}

// text returns the string value of n, in a field where ${VAR} is not
// expanded (a reference there is a mistake, not a literal).
func (p *parser) text(n *yamlNode, field string) string {
	s, _ := p.scalar(n, field, "write a single value")
	return s
}

// boolean returns the value of a true/false field.
func (p *parser) boolean(n *yamlNode, field string) bool {
	if _, ok := p.scalar(n, field, "write true or false"); !ok {
		return false
	}
	if n.ShortTag() != "!!bool" {
		p.fail(n, field, "must be true or false, not "+describe(n), "write true or false")
		return false
	}
	var b bool
	if err := n.Decode(&b); err != nil {
		p.fail(n, field, "must be true or false", "write true or false")
	}
	return b
}

// integer returns the value of a whole-number field within [lo, hi].
func (p *parser) integer(n *yamlNode, field string, lo, hi int) int {
	hint := fmt.Sprintf("write a whole number from %d to %d", lo, hi)
	if _, ok := p.scalar(n, field, hint); !ok {
		return 0
	}
	var v int64
	if n.ShortTag() != "!!int" || n.Decode(&v) != nil {
		p.fail(n, field, "must be a whole number, not "+describe(n), hint)
		return 0
	}
	if v < int64(lo) || v > int64(hi) {
		p.fail(n, field, fmt.Sprintf("is %d, out of range", v), hint)
		return 0
	}
	return int(v)
}

// number returns the value of a decimal field greater than 0 and at most hi.
func (p *parser) number(n *yamlNode, field string, hi float64) float64 {
	hint := fmt.Sprintf("write a number greater than 0 and at most %g", hi)
	if _, ok := p.scalar(n, field, hint); !ok {
		return 0
	}
	var v float64
	tag := n.ShortTag()
	if (tag != "!!int" && tag != "!!float") || n.Decode(&v) != nil {
		p.fail(n, field, "must be a number, not "+describe(n), hint)
		return 0
	}
	if math.IsNaN(v) || v <= 0 || v > hi {
		p.fail(n, field, "is "+n.Value+", out of range", hint)
		return 0
	}
	return v
}

// duration returns the value of a Go-duration field within [lo, hi].
func (p *parser) duration(n *yamlNode, field string, lo, hi time.Duration) time.Duration {
	hint := fmt.Sprintf("write a duration such as 10s, 500ms or 2m, from %v to %v", lo, hi)
	s, ok := p.scalar(n, field, hint)
	if !ok {
		return 0
	}
	if n.ShortTag() == "!!int" || n.ShortTag() == "!!float" {
		p.fail(n, field, "is a bare number; a duration needs a unit", "write "+s+"s for seconds")
		return 0
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		p.fail(n, field, fmt.Sprintf("%q is not a duration", clip(s)), hint)
		return 0
	}
	if d < lo || d > hi {
		p.fail(n, field, "is "+d.String()+", out of range", hint)
		return 0
	}
	return d
}

// byteUnits are the size suffixes max_body accepts, lower-cased.
var byteUnits = map[string]int64{
	"": 1, "b": 1,
	"kb": 1000, "mb": 1000 * 1000, "gb": 1000 * 1000 * 1000,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30,
}

// byteSize returns the value of a size field: a number of bytes or a
// number with a unit (512, 64KiB, 1MB), within [1, hi].
func (p *parser) byteSize(n *yamlNode, field string, hi int64) int64 {
	hint := "write a number of bytes or a size such as 64KiB or 1MiB (at most 1GiB)"
	s, ok := p.scalar(n, field, hint)
	if !ok {
		return 0
	}
	s = strings.TrimSpace(s)
	digits := len(s) - len(strings.TrimLeft(s, "0123456789"))
	unit, known := byteUnits[strings.ToLower(strings.TrimSpace(s[digits:]))]
	count, err := strconv.ParseInt(s[:digits], 10, 64)
	if digits == 0 || !known || err != nil {
		p.fail(n, field, fmt.Sprintf("%q is not a size", clip(s)), hint)
		return 0
	}
	if count < 1 || count > hi/unit {
		p.fail(n, field, "is "+s+", out of range", hint)
		return 0
	}
	return count * unit
}

// clip shortens a value quoted in a message, so that a pasted blob does not
// flood the terminal.
func clip(s string) string {
	const most = 40
	if len(s) <= most {
		return s
	}
	return s[:most] + "..."
}
