package openapi

import (
	"bytes"
	"strings"

	"go.yaml.in/yaml/v3"
)

// lineIndex records where things are in the document's own text: the line
// of each operation and of each server URL, the version field. The
// library records operation lines too, but not for Swagger 2.0 documents
// it converts, so the index is read from the YAML tree directly (JSON is
// YAML, so it works for both).
type lineIndex struct {
	version, swagger string
	versionLine      int
	// ops maps "METHOD path" to the line of the method's key.
	ops map[string]int
	// servers are the lines of servers[i].url, by index.
	servers []int
	// text is the document split in lines, to find a $ref quoted in an
	// error message.
	text []string
	err  error
}

// indexLines parses data as YAML and indexes it. A document that does not
// parse keeps the error, reported with its line.
func indexLines(data []byte) lineIndex {
	idx := lineIndex{ops: map[string]int{}, text: strings.Split(string(data), "\n")}
	var root yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&root); err != nil {
		idx.err = err
		return idx
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return idx
	}
	top := root.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		key, value := top.Content[i], top.Content[i+1]
		switch key.Value {
		case "openapi":
			idx.version, idx.versionLine = value.Value, key.Line
		case "swagger":
			idx.swagger, idx.versionLine = value.Value, key.Line
		case "paths":
			idx.indexPaths(value)
		case "servers":
			idx.indexServers(value)
		}
	}
	return idx
}

func (idx *lineIndex) indexPaths(paths *yaml.Node) {
	if paths.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(paths.Content); i += 2 {
		path, item := paths.Content[i].Value, paths.Content[i+1]
		if item.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(item.Content); j += 2 {
			method := item.Content[j]
			idx.ops[strings.ToUpper(method.Value)+" "+path] = method.Line
		}
	}
}

func (idx *lineIndex) indexServers(servers *yaml.Node) {
	if servers.Kind != yaml.SequenceNode {
		return
	}
	for _, s := range servers.Content {
		line := s.Line
		for j := 0; s.Kind == yaml.MappingNode && j+1 < len(s.Content); j += 2 {
			if s.Content[j].Value == "url" {
				line = s.Content[j].Line
			}
		}
		idx.servers = append(idx.servers, line)
	}
}

// operation returns the line of an operation, or 0.
func (idx *lineIndex) operation(method, path string) int {
	return idx.ops[method+" "+path]
}

// server returns the line of servers[i].url, or 0.
func (idx *lineIndex) server(i int) int {
	if i < 0 || i >= len(idx.servers) {
		return 0
	}
	return idx.servers[i]
}

// lineOfText returns the first line that holds s, or 0.
func (idx *lineIndex) lineOfText(s string) int {
	if s == "" {
		return 0
	}
	for i, l := range idx.text {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	return 0
}
