package config

import (
	"fmt"
	"strings"
)

// topKeys are the keys of the file's root mapping.
var topKeys = []string{"targets", "defaults", "baseline"}

// config decodes the root mapping into a Config.
func (p *parser) config(root *yamlNode) *Config {
	if root.Kind != yamlMapping {
		p.fail(root, "", "must be a mapping with a 'targets' list at the top, not "+describe(root),
			"start the file with 'targets:' and list the servers under it")
		return nil
	}
	top := p.mapping(root, "", topKeys)
	if p.failed() {
		return nil
	}
	base := builtinSettings
	if n := top.get("defaults"); n != nil {
		base = p.overrideSettings(p.mapping(n, "defaults", settingKeys), "defaults", base)
	}
	list := top.get("targets")
	if list == nil {
		p.fail(root, "targets", "is missing", "list the servers to test under 'targets:', each with name, url and resources")
		return nil
	}
	items := p.sequence(list, "targets", "write each target as a '- name: ...' item")
	if len(items) == 0 && !p.failed() {
		p.fail(list, "targets", "is empty", "list at least one target")
	}
	cfg := &Config{File: p.file}
	if n := top.get("baseline"); n != nil {
		cfg.Baseline = p.regularFile(n, "baseline", p.text(n, "baseline"), "baseline",
			"write the path of a baseline file (authspec baseline -reports DIR > authspec-baseline.yaml)")
		if p.failed() {
			return nil
		}
	}
	seen := map[string]int{} // lower-cased name -> index
	for i, item := range items {
		if p.failed() {
			return nil
		}
		t, nameNode := p.target(item, index("targets", i), base)
		if p.failed() {
			return nil
		}
		if prev, dup := seen[strings.ToLower(t.Name)]; dup {
			p.fail(nameNode, index("targets", i)+".name",
				fmt.Sprintf("%q is already the name of targets[%d] (line %d)", t.Name, prev, cfg.Targets[prev].Line),
				"give every target its own name; names are compared ignoring case")
			return nil
		}
		seen[strings.ToLower(t.Name)] = i
		cfg.Targets = append(cfg.Targets, t)
	}
	if p.failed() {
		return nil
	}
	return cfg
}
