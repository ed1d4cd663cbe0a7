package main

import (
	"encoding/json"
	"fmt"
	"os"
)

// readRequests returns targets[].requests from a results.json, in the
// order of the file. Only that key is read, so any version that keeps it
// (1 and 2 do) can be measured.
func readRequests(path string) ([]int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Version int `json:"version"`
		Targets []struct {
			Requests int `json:"requests"`
		} `json:"targets"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := make([]int, len(doc.Targets))
	for i, t := range doc.Targets {
		out[i] = t.Requests
	}
	return out, nil
}

// fileSize is the size of a file in bytes, 0 if it is not there.
func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}
