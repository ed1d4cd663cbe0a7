package docs

import (
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// Every YAML example in the README and docs/ parses: a CI recipe that
// does not is pasted into a pipeline that fails on its first line. (A
// flow mapping holding ${{ ... }} is the usual culprit.)
func TestYAMLExamplesParse(t *testing.T) {
	n := 0
	for _, doc := range documents(t) {
		data, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, block := range yamlBlocks(string(data)) {
			n++
			var v any
			if err := yaml.Unmarshal([]byte(block.text), &v); err != nil {
				t.Errorf("%s:%d: the YAML example does not parse: %v", doc, block.line, err)
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d YAML examples found", n)
	}
	var v any
	if yaml.Unmarshal([]byte("with: { name: shard-${{ matrix.shard }} }\n"), &v) == nil {
		t.Error("the parser accepts a flow mapping holding ${{ }}; this test could not catch it")
	}
}

type block struct {
	line int
	text string
}

// yamlBlocks returns the ```yaml blocks of a Markdown text with the line
// each starts on.
func yamlBlocks(md string) []block {
	var out []block
	var cur *block
	for i, line := range strings.Split(md, "\n") {
		switch {
		case cur == nil && (strings.TrimSpace(line) == "```yaml" || strings.TrimSpace(line) == "```yml"):
			cur = &block{line: i + 2}
		case cur != nil && strings.TrimSpace(line) == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.text += line + "\n"
		}
	}
	return out
}
