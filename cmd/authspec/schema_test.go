package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/authspec/authspec/internal/config"
)

func TestSchemaCommandPrintsTheSchema(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runSchema(nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !bytes.Equal(out.Bytes(), config.Schema()) {
		t.Error("authspec schema does not print config.Schema()")
	}
	var doc map[string]any
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if doc["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v, want draft 2020-12", doc["$schema"])
	}
	if code := runSchema([]string{"extra"}, &out, &errb); code != 2 {
		t.Errorf("an extra argument exits %d, want 2", code)
	}
}
