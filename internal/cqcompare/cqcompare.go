// Package cqcompare compares two Code Quality reports the way GitLab's
// merge request widget does, so that tests can assert which findings a
// reviewer would see as new, fixed or still there. It follows GitLab's
// public source:
//
//   - lib/gitlab/ci/reports/codequality_reports.rb: a degradation is kept
//     only if it has a description, a fingerprint, a severity and a
//     location with a path and lines.begin (or positions); degradations
//     are kept by fingerprint, so two with the same fingerprint are one.
//   - lib/gitlab/ci/reports/codequality_reports_comparer.rb: new errors
//     are the head's fingerprints the base lacks, resolved errors the
//     base's fingerprints the head lacks, existing ones those in both.
package cqcompare

import (
	"encoding/json"
	"sort"
)

// Degradation is one Code Quality issue as GitLab keeps it.
type Degradation struct {
	CheckName   string `json:"check_name"`
	Description string `json:"description"`
	Fingerprint string `json:"fingerprint"`
	Severity    string `json:"severity"`
	Location    struct {
		Path  string `json:"path"`
		Lines *struct {
			Begin *int `json:"begin"`
		} `json:"lines"`
		Positions any `json:"positions"`
	} `json:"location"`
}

// Report is one pipeline's Code Quality report, by fingerprint.
type Report map[string]Degradation

// Read reads a codequality.json as GitLab does; invalid degradations are
// dropped, as GitLab drops them.
func Read(doc []byte) (Report, error) {
	var all []Degradation
	if err := json.Unmarshal(doc, &all); err != nil {
		return nil, err
	}
	r := Report{}
	for _, d := range all {
		if d.Description == "" || d.Fingerprint == "" || d.Severity == "" || d.Location.Path == "" ||
			((d.Location.Lines == nil || d.Location.Lines.Begin == nil) && d.Location.Positions == nil) {
			continue
		}
		r[d.Fingerprint] = d
	}
	return r, nil
}

// Comparison is what the merge request widget shows.
type Comparison struct {
	New, Resolved, Existing []Degradation
}

// Compare compares head with base.
func Compare(base, head Report) Comparison {
	var c Comparison
	for fp, d := range head {
		if _, ok := base[fp]; ok {
			c.Existing = append(c.Existing, d)
		} else {
			c.New = append(c.New, d)
		}
	}
	for fp, d := range base {
		if _, ok := head[fp]; !ok {
			c.Resolved = append(c.Resolved, d)
		}
	}
	for _, l := range [][]Degradation{c.New, c.Resolved, c.Existing} {
		sort.Slice(l, func(i, j int) bool { return l[i].Fingerprint < l[j].Fingerprint })
	}
	return c
}
