package config

import (
	"fmt"
	"strings"
	"time"
)

// waiverKeys are the keys of a waiver.
var waiverKeys = []string{"check", "reason", "until"}

// waivers decodes a target's known deviations. An expired waiver is not an
// error: it stops applying (see Waiver.Active) and the suite says so.
func (p *parser) waivers(n *yamlNode, field string) []Waiver {
	items := p.sequence(n, field, "write one '- {check: <rule id>, reason: ...}' item per waiver")
	var out []Waiver
	lines := map[string]int{} // check -> line
	for i, item := range items {
		if p.failed() {
			return nil
		}
		w := p.waiver(item, index(field, i))
		if p.failed() {
			return nil
		}
		if line, dup := lines[w.Check]; dup {
			p.fail(item, index(field, i)+".check", fmt.Sprintf("%s is waived twice (first on line %d)", w.Check, line),
				"keep one waiver per check")
			return nil
		}
		lines[w.Check] = w.Line
		out = append(out, w)
	}
	return out
}

// waiver decodes one waiver.
func (p *parser) waiver(n *yamlNode, field string) Waiver {
	f := p.mapping(n, field, waiverKeys)
	w := Waiver{Line: n.Line}
	if p.failed() {
		return w
	}
	checkNode := p.required(f, field, "check", "name the rule ID to waive, as listed by 'authspec checks'")
	if p.failed() {
		return w
	}
	w.Check = p.checkID(checkNode, join(field, "check"))
	reasonNode := p.required(f, field, "reason", "say why the deviation is accepted, e.g. reason: \"ticket OPS-123\"")
	if p.failed() {
		return w
	}
	w.Reason = strings.TrimSpace(p.text(reasonNode, join(field, "reason")))
	if w.Reason == "" && !p.failed() {
		p.fail(reasonNode, join(field, "reason"), "is empty", "say why the deviation is accepted, e.g. a ticket number")
	}
	if u := f.get("until"); u != nil {
		w.Until = p.date(u, join(field, "until"))
	}
	return w
}

// checkID returns a known rule ID (the current one when id is a former ID
// of a renamed rule), or fails suggesting the closest one.
func (p *parser) checkID(n *yamlNode, field string) string {
	id := strings.TrimSpace(p.text(n, field))
	if p.failed() {
		return id
	}
	if KnownCheck(id) {
		return CurrentCheck(id)
	}
	hint := "run 'authspec checks' to list the rule IDs"
	if best := closest(id, CheckIDs()); best != "" {
		hint = "did you mean '" + best + "'?"
	}
	p.fail(n, field, fmt.Sprintf("%q is not a known rule ID", clip(id)), hint)
	return ""
}

// date returns the last day a waiver applies, as midnight UTC.
func (p *parser) date(n *yamlNode, field string) *time.Time {
	s := strings.TrimSpace(p.text(n, field))
	if p.failed() {
		return nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		p.fail(n, field, fmt.Sprintf("%q is not a date", clip(s)), "write YYYY-MM-DD, e.g. 2027-03-31 (the last day the waiver applies)")
		return nil
	}
	return &d
}
