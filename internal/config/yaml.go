package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"
)

type yamlNode = yaml.Node

const yamlMapping = yaml.MappingNode

// decodeDocuments parses every YAML document in data into nodes, without
// resolving aliases (so an alias bomb costs no more than its own bytes).
func decodeDocuments(data []byte) (docs []*yamlNode, err error) {
	defer func() {
		// The YAML library reports syntax errors itself; a panic is a bug in
		// it, and must still end as a clear error, never a crash.
		if r := recover(); r != nil {
			docs, err = nil, fmt.Errorf("cannot be parsed (%v)", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		if len(doc.Content) == 0 {
			continue
		}
		docs = append(docs, doc.Content[0])
	}
}

// findAlias returns the first alias node under n in document order, or nil.
func findAlias(n *yamlNode) *yamlNode {
	if n.Kind == yaml.AliasNode {
		return n
	}
	for _, c := range n.Content {
		if a := findAlias(c); a != nil {
			return a
		}
	}
	return nil
}

// isNull reports whether n is YAML's null: "~", "null" or nothing at all.
func isNull(n *yamlNode) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}
