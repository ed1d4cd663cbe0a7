package report

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// checkDuplicateKeys refuses a JSON document in which an object names a
// key twice. encoding/json keeps the last, silently: a results.json with
// two "targets" or two "requests" would be read as half of what it says.
func checkDuplicateKeys(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return walkValue(dec, "$", 0)
}

// maxJSONDepth bounds the nesting walkValue follows; results.json nests
// six deep, and encoding/json itself stops at 10,000.
const maxJSONDepth = 10000

// walkValue reads one value from dec, checking every object in it.
func walkValue(dec *json.Decoder, path string, depth int) error {
	if depth > maxJSONDepth {
		return fmt.Errorf("%s: nested too deep", path)
	}
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return err
			}
			key, _ := kt.(string)
			if seen[key] {
				return fmt.Errorf("%s: duplicate key %q: a reader would keep one of them and lose the other", path, key)
			}
			seen[key] = true
			if err := walkValue(dec, path+"."+key, depth+1); err != nil {
				return err
			}
		}
		_, err = dec.Token() // }
		return err
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if err := walkValue(dec, fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
		_, err = dec.Token() // ]
		return err
	}
	return nil
}

// v2Key returns a key of version 2 that a document has, at the top or on a
// target's unit, or "" when it has none: a version 2 file labelled version
// 1 would be read without its passes and rules.
func v2Key(data []byte) string {
	var doc struct {
		Top     map[string]json.RawMessage
		Targets []struct {
			Units []map[string]json.RawMessage `json:"units"`
		} `json:"targets"`
	}
	_ = json.Unmarshal(data, &doc.Top)
	_ = json.Unmarshal(data, &doc)
	for _, k := range []string{"rules", "rule_sets", "plan_units", "shard_by", "selection"} {
		if _, ok := doc.Top[k]; ok {
			return k
		}
	}
	for _, t := range doc.Targets {
		for _, u := range t.Units {
			for _, k := range []string{"passes", "variant_passes", "head_passes", "rule_set", "head_rule_set"} {
				if _, ok := u[k]; ok {
					return k
				}
			}
		}
	}
	return ""
}
