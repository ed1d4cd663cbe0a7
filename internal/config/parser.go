package config

import (
	"fmt"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// parser walks the YAML tree of one targets file. It keeps the first error
// only (later ones usually follow from it), so helpers record a failure and
// return a zero value instead of threading errors through every call.
type parser struct {
	file     string
	dir      string // folder of file, for relative TLS paths
	env      func(string) (string, bool)
	err      *Error
	warnings []Warning
	// defaultMethod is the method of a resource written without methods
	// in the target being parsed: POST on an MCP target (an MCP endpoint
	// is spoken to with POST, and its GET may rightly be 405), GET
	// otherwise.
	defaultMethod string
}

// fail records the first error. at gives its line and column; nil means
// the mistake is about the whole file.
func (p *parser) fail(at *yamlNode, field, msg, hint string) {
	if p.err != nil {
		return
	}
	e := &Error{File: p.file, Field: field, Msg: msg, Hint: hint}
	if at != nil {
		e.Line, e.Column = at.Line, at.Column
	}
	p.err = e
}

// failed reports whether an error has been recorded.
func (p *parser) failed() bool { return p.err != nil }

// warn records a warning about the field at node at.
func (p *parser) warn(at *yamlNode, field, msg string) {
	w := Warning{File: p.file, Field: field, Msg: msg}
	if at != nil {
		w.Line = at.Line
	}
	p.warnings = append(p.warnings, w)
}

// entry is one key of a mapping with its value.
type entry struct {
	key   *yamlNode
	value *yamlNode
}

// fields is a decoded mapping: its node and its entries by key.
type fields struct {
	node    *yamlNode
	entries map[string]entry
}

// get returns the value of key, or nil when the key is absent or null.
func (f fields) get(key string) *yamlNode {
	e, ok := f.entries[key]
	if !ok || isNull(e.value) {
		return nil
	}
	return e.value
}

// mapping checks that n is a mapping whose keys are all in allowed, each
// once, and returns its entries. An unknown key fails with the closest
// allowed key as a suggestion.
func (p *parser) mapping(n *yamlNode, field string, allowed []string) fields {
	f := fields{node: n, entries: map[string]entry{}}
	if n.Kind != yaml.MappingNode {
		p.fail(n, field, "must be a mapping of keys to values, not "+describe(n),
			"write one 'key: value' per line, indented under "+lastName(field))
		return f
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		if key.Kind != yaml.ScalarNode {
			p.fail(key, field, "has a key that is "+describe(key), "keys are plain names such as '"+allowed[0]+"'")
			return f
		}
		if !contains(allowed, key.Value) {
			p.fail(key, join(field, key.Value), "unknown field '"+key.Value+"'", suggestion(key.Value, allowed))
			return f
		}
		if prev, dup := f.entries[key.Value]; dup {
			p.fail(key, join(field, key.Value), fmt.Sprintf("is given twice (first on line %d)", prev.key.Line),
				"keep one of them")
			return f
		}
		f.entries[key.Value] = entry{key: key, value: value}
	}
	return f
}

// sequence checks that n is a list and returns its items.
func (p *parser) sequence(n *yamlNode, field, hint string) []*yamlNode {
	if n.Kind != yaml.SequenceNode {
		p.fail(n, field, "must be a list, not "+describe(n), hint)
		return nil
	}
	return n.Content
}

// describe names the kind of n for messages: "a list", "the text \"x\"".
func describe(n *yamlNode) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(n) {
			return "empty"
		}
		switch n.ShortTag() {
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!bool":
			return "the boolean " + n.Value
		}
		return "a text value"
	}
	return "an alias"
}

// join appends key to the field path parent: "targets[0]" + "url".
func join(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// index appends a list index to the field path parent: "targets[0]".
func index(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}

// lastName is the last key of a field path, or "the file" for the root.
func lastName(field string) string {
	if field == "" {
		return "the top of the file"
	}
	for i := len(field) - 1; i >= 0; i-- {
		if field[i] == '.' {
			return "'" + field[i+1:] + "'"
		}
	}
	return "'" + field + "'"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
