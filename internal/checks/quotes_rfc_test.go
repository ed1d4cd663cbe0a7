package checks

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The RFC text every quote rests on is kept in testdata/rfc, one file per
// document: excerpts of the cited sections, word for word, with the URL
// they come from. These tests hold each quote in quotes.go against that
// text, so a changed word fails make test (issue 18, §3).

// excerpts maps a document ("RFC 7616", "OpenAPI 3.1") to its sections'
// text, whitespace collapsed.
type excerpts map[string]map[string]string

var excerptFile = regexp.MustCompile(`^rfc(\d+)\.txt$`)

// mcpExcerptFile holds one revision of the MCP specification, which the
// catalogue cites as "MCP 2025-06-18" and so on: each revision words its
// rules on its own, so each is held apart.
var mcpExcerptFile = regexp.MustCompile(`^mcp-(\d{4}-\d{2}-\d{2})\.txt$`)

// loadExcerpts reads testdata/rfc. A file starts with '#' lines (title,
// "Source:" URL); each section starts with a line "§ N".
func loadExcerpts(t *testing.T) excerpts {
	t.Helper()
	dir := filepath.Join("testdata", "rfc")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := excerpts{}
	for _, e := range entries {
		doc := ""
		if m := excerptFile.FindStringSubmatch(e.Name()); m != nil {
			doc = "RFC " + m[1]
		} else if m := mcpExcerptFile.FindStringSubmatch(e.Name()); m != nil {
			doc = "MCP " + m[1]
		} else if e.Name() == "fetch.txt" {
			doc = "Fetch"
		} else if e.Name() == "openapi-3.1.txt" {
			doc = "OpenAPI 3.1"
		} else {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[doc] = parseExcerpt(t, e.Name(), string(b))
	}
	return out
}

func parseExcerpt(t *testing.T, name, text string) map[string]string {
	sections := map[string]string{}
	var cur string
	var body strings.Builder
	sourced := false
	flush := func() {
		if cur != "" {
			sections[cur] = collapse(body.String())
		}
		body.Reset()
	}
	for _, line := range strings.Split(text, "\n") {
		switch {
		case cur == "" && strings.HasPrefix(line, "#"):
			sourced = sourced || strings.Contains(line, "Source: https://")
		case strings.HasPrefix(line, "§ "):
			flush()
			cur = strings.TrimSpace(strings.TrimPrefix(line, "§ "))
		default:
			body.WriteString(line)
			body.WriteByte('\n')
		}
	}
	flush()
	if !sourced {
		t.Errorf("testdata/rfc/%s names no \"Source: https://...\"", name)
	}
	return sections
}

// collapse joins runs of whitespace into one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// listLabel is the "name:" a quote may put before a definition list
// entry, where the RFC sets the name on a line of its own.
var listLabel = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9_*-]*):\s`)

// quoteFound reports whether every part of text (split at "...") appears in
// section, in order; a list label and a final full stop are ignored.
func quoteFound(section, text string) (missing string, ok bool) {
	at := 0
	for i, part := range strings.Split(text, "...") {
		part = collapse(part)
		if i == 0 {
			if m := listLabel.FindStringSubmatch(part); m != nil && !strings.Contains(section, part) {
				part = m[1] + " " + part[len(m[0]):]
			}
		}
		part = strings.TrimSuffix(part, ".")
		if part == "" {
			continue
		}
		j := strings.Index(section[at:], part)
		if j < 0 {
			return part, false
		}
		at += j + len(part)
	}
	return "", true
}

// pendingExcerpts are documents whose text is not in testdata/rfc yet; a
// quote from them is not checked. It is empty: every cited document has
// its text. A new document's quotes fail the test until its text is added
// (or, for a while, until it is listed here); a document listed here that
// has a file fails the test.
var pendingExcerpts = map[string]bool{}

// Every quote matches the RFC text of its cited section, word for word.
func TestQuotesMatchTheRFCText(t *testing.T) {
	ex := loadExcerpts(t)
	missingDocs := map[string]bool{}
	for _, r := range All() {
		for _, q := range QuotesOf(r.ID) {
			doc := q.RFC
			if doc == "" {
				doc = r.RFC
			}
			sections, have := ex[doc]
			if !have {
				missingDocs[doc] = true
				continue
			}
			section, have := sections[q.Section]
			if !have {
				t.Errorf("%s: %s §%s is not in testdata/rfc", r.ID, doc, q.Section)
				continue
			}
			if part, ok := quoteFound(section, q.Text); !ok {
				t.Errorf("%s: the quote of %s §%s differs from the RFC text at %q", r.ID, doc, q.Section, clip(part))
			}
		}
	}
	var unlisted []string
	for doc := range missingDocs {
		if !pendingExcerpts[doc] {
			unlisted = append(unlisted, doc)
		}
	}
	sort.Strings(unlisted)
	if len(unlisted) > 0 {
		t.Errorf("quotes cite documents with no text in testdata/rfc: %v", unlisted)
	}
	for doc := range pendingExcerpts {
		if _, have := ex[doc]; have {
			t.Errorf("%s has text in testdata/rfc: take it off pendingExcerpts", doc)
		}
	}
}

// The matcher itself: a changed word fails, an elision and a list label do
// not.
func TestQuoteFound(t *testing.T) {
	section := collapse("nonce\n   A server-specified string which should be uniquely generated each time a 401 response is made. It is advised that this string be Base64.")
	for text, want := range map[string]bool{
		"nonce: A server-specified string which should be uniquely generated each time a 401 response is made.": true,
		"A server-specified string ... It is advised that this string be Base64.":                               true,
		"A server-specified string which must be uniquely generated":                                            false,
		"It is advised ... A server-specified string":                                                           false,
	} {
		if _, got := quoteFound(section, text); got != want {
			t.Errorf("%q: found %v, want %v", text, got, want)
		}
	}
}
