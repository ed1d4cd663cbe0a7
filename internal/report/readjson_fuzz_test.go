package report

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadJSON feeds results.json's reader (what merge reads from shards
// it did not write) arbitrary bytes, seeded with the hostile shard files.
// It must not panic, and a file it accepts must write back and read again.
func FuzzReadJSON(f *testing.F) {
	entries, _ := os.ReadDir(filepath.Join("testdata", "hostile-shards"))
	for _, e := range entries {
		if data, err := os.ReadFile(filepath.Join("testdata", "hostile-shards", e.Name())); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"version":1,"targets":[{"name":"a","verdict":"pass","results":[{"check":"c","outcome":"pass"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		run, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := WriteJSON(&out, run); err != nil {
			t.Fatalf("an accepted file does not write back: %v", err)
		}
		if _, err := ReadJSON(&out); err != nil {
			t.Fatalf("what WriteJSON wrote of an accepted file does not read back: %v\n%s", err, out.Bytes())
		}
	})
}
