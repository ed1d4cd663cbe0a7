// Package codescanning follows what GitHub code scanning does with a
// SARIF file, so that tests can assert which alerts a user would see open,
// new or closed as fixed after each upload, not what the file holds. It
// follows the public sources, for the parts authspec's SARIF uses:
//
//   - github/codeql-action's upload-sarif (src/upload-lib.ts,
//     populateRunAutomationDetails): a run without automationDetails gets
//     the upload's category, with a trailing "/"; a run that has one keeps
//     it.
//   - the same action's src/fingerprints.ts: a result whose
//     partialFingerprints lack primaryLocationLineHash gets one computed
//     from the text of its file at its startLine (a rolling hash of the
//     line's first 100 characters outside spaces and tabs, ":n" for the
//     n-th line of the file with that hash); a result that has one keeps
//     it.
//   - code scanning's processing: a file of more than 20 runs is
//     rejected; a submission whose invocation says executionSuccessful
//     false is refused as an "unsuccessful execution" and opens or closes
//     nothing (codeql-action PRs 1393 and 1732: "we don't want unsuccessful
//     runs to close all the alerts"). Otherwise, per category, an alert is
//     a (rule, primaryLocationLineHash) pair: results that share one are
//     one alert; an open alert of the category that the new analysis does
//     not have is closed as fixed, and one it has again is reopened.
//     Categories the upload does not name are left as they are.
package codescanning

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// MaxRuns is the most runs code scanning accepts in one SARIF file.
const MaxRuns = 20

// Alert is one alert as code scanning lists it.
type Alert struct {
	Category, Rule, Hash string
	// Open is false once an analysis closed it as fixed.
	Open bool
	// Results is how many results of the last analysis fold into it.
	Results int
	// Message is the last analysis's message of its first result.
	Message string
}

// Key identifies an alert.
func (a *Alert) Key() string { return a.Category + "\x00" + a.Rule + "\x00" + a.Hash }

// Repository holds the alerts of one branch across uploads.
type Repository struct {
	alerts map[string]*Alert
}

// Change is what one upload did.
type Change struct {
	// Refused is set when code scanning refused the whole submission
	// (unsuccessful execution, too many runs): nothing changed.
	Refused                    string
	New, Fixed, Reopened, Open []string // alert keys, sorted
}

type sarifFile struct {
	Runs []struct {
		AutomationDetails *struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
		Invocations []struct {
			ExecutionSuccessful *bool `json:"executionSuccessful"`
		} `json:"invocations"`
		Results []struct {
			RuleID  string `json:"ruleId"`
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region *struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

// Upload processes doc as upload-sarif with category and code scanning
// would; files maps a result's artifact URI to the file's text in the
// checkout, for the fingerprints upload-sarif computes.
func (repo *Repository) Upload(doc []byte, category string, files map[string]string) (Change, error) {
	var f sarifFile
	if err := json.Unmarshal(doc, &f); err != nil {
		return Change{}, err
	}
	if len(f.Runs) > MaxRuns {
		return Change{Refused: fmt.Sprintf("rejecting SARIF, as there are more runs than allowed (%d > %d)", len(f.Runs), MaxRuns)}, nil
	}
	for _, run := range f.Runs {
		for _, inv := range run.Invocations {
			if inv.ExecutionSuccessful != nil && !*inv.ExecutionSuccessful {
				return Change{Refused: "unsuccessful execution"}, nil
			}
		}
	}
	if repo.alerts == nil {
		repo.alerts = map[string]*Alert{}
	}
	seen := map[string]*Alert{} // this analysis's alerts
	categories := map[string]bool{}
	for _, run := range f.Runs {
		cat := category
		if !strings.HasSuffix(cat, "/") {
			cat += "/"
		}
		if run.AutomationDetails != nil {
			cat = run.AutomationDetails.ID
		}
		categories[cat] = true
		hashes := map[string]map[int]string{} // file -> line -> computed hash
		for _, res := range run.Results {
			hash := res.PartialFingerprints["primaryLocationLineHash"]
			if hash == "" && len(res.Locations) > 0 && res.Locations[0].PhysicalLocation.Region != nil {
				uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI
				if text, ok := files[uri]; ok {
					if hashes[uri] == nil {
						hashes[uri] = LineHashes(text)
					}
					hash = hashes[uri][res.Locations[0].PhysicalLocation.Region.StartLine]
				}
			}
			a := &Alert{Category: cat, Rule: res.RuleID, Hash: hash, Open: true, Message: res.Message.Text}
			if prev, ok := seen[a.Key()]; ok {
				prev.Results++
				continue
			}
			a.Results = 1
			seen[a.Key()] = a
		}
	}
	var ch Change
	for k, a := range repo.alerts {
		if !categories[a.Category] {
			continue
		}
		if _, still := seen[k]; !still && a.Open {
			a.Open = false
			ch.Fixed = append(ch.Fixed, k)
		}
	}
	for k, a := range seen {
		old, known := repo.alerts[k]
		switch {
		case !known:
			ch.New = append(ch.New, k)
		case !old.Open:
			ch.Reopened = append(ch.Reopened, k)
		}
		repo.alerts[k] = a
	}
	for k, a := range repo.alerts {
		if a.Open {
			ch.Open = append(ch.Open, k)
		}
	}
	for _, l := range [][]string{ch.New, ch.Fixed, ch.Reopened, ch.Open} {
		sort.Strings(l)
	}
	return ch, nil
}

// Alerts returns the repository's alerts, open and closed, by key.
func (repo *Repository) Alerts() map[string]Alert {
	out := map[string]Alert{}
	for k, a := range repo.alerts {
		out[k] = *a
	}
	return out
}

// LineHashes computes upload-sarif's primaryLocationLineHash of every line
// of text (fingerprints.ts, hash): for each line, a rolling hash over the
// BLOCK_SIZE characters from the line's first that is not a space or tab
// (spaces and tabs are skipped throughout, CR and CRLF read as LF, the end
// of the file as 65535 then zeros), in hexadecimal, with ":n" where n
// counts the lines so far with the same hash.
func LineHashes(text string) map[int]string {
	const blockSize = 100
	const mod = 37
	var firstMod uint64 = 1
	for range blockSize {
		firstMod *= mod
	}
	window := make([]uint64, blockSize)
	lineNumbers := make([]int, blockSize)
	for i := range lineNumbers {
		lineNumbers[i] = -1
	}
	var hash uint64
	index, lineNumber := 0, 0
	lineStart, prevCR := true, false
	counts := map[string]int{}
	out := map[int]string{}
	output := func() {
		h := fmt.Sprintf("%x", hash)
		counts[h]++
		out[lineNumbers[index]] = fmt.Sprintf("%s:%d", h, counts[h])
		lineNumbers[index] = -1
	}
	update := func(current uint64) {
		begin := window[index]
		window[index] = current
		hash = mod*hash + current - firstMod*begin
		index = (index + 1) % blockSize
	}
	process := func(current uint64) {
		if current == ' ' || current == '\t' || (prevCR && current == '\n') {
			prevCR = false
			return
		}
		if current == '\r' {
			current = '\n'
			prevCR = true
		} else {
			prevCR = false
		}
		if lineNumbers[index] != -1 {
			output()
		}
		if lineStart {
			lineStart = false
			lineNumber++
			lineNumbers[index] = lineNumber
		}
		if current == '\n' {
			lineStart = true
		}
		update(current)
	}
	for _, u := range utf16Units(text) {
		process(uint64(u))
	}
	process(65535)
	for range blockSize {
		if lineNumbers[index] != -1 {
			output()
		}
		update(0)
	}
	return out
}

// utf16Units is text as JavaScript's charCodeAt sees it.
func utf16Units(text string) []uint16 {
	var out []uint16
	for _, r := range text {
		if r >= 0x10000 {
			r -= 0x10000
			out = append(out, uint16(0xD800+(r>>10)), uint16(0xDC00+(r&0x3FF)))
			continue
		}
		out = append(out, uint16(r))
	}
	return out
}
