package report

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// HTMLFile is the name of the browsable report in a reports folder.
const HTMLFile = "report.html"

// The page is one file that works from file:// and fetches nothing: its
// style and script are inlined, and its Content-Security-Policy forbids
// every fetch (default-src 'none') and every script and style but the two
// inlined here, named by hash. The run's data sits in a
// <script type="application/json"> block, which browsers never execute;
// the script reads it with JSON.parse and builds the page with
// textContent, never with markup from the data.
//
//go:embed html/page.html html/report.css html/report.js
var htmlAssets embed.FS

// htmlPage is page.html cut at its {{marker}}s, ready to be filled.
var htmlPage = mustParsePage()

type pageSegment struct {
	literal string
	marker  string // "" for a literal
}

// pageMarkers are the holes page.html must have, each once.
var pageMarkers = []string{"csp", "css", "data", "js"}

func mustParsePage() []pageSegment {
	page, err := htmlAssets.ReadFile("html/page.html")
	if err != nil {
		panic(err)
	}
	segs, err := parsePage(string(page))
	if err != nil {
		panic("report: html/page.html: " + err.Error())
	}
	return segs
}

// parsePage cuts page at its {{marker}}s and checks each of pageMarkers
// is there once.
func parsePage(page string) ([]pageSegment, error) {
	var segs []pageSegment
	seen := map[string]int{}
	for {
		start := strings.Index(page, "{{")
		if start < 0 {
			break
		}
		end := strings.Index(page[start:], "}}")
		if end < 0 {
			return nil, errors.New("unclosed {{")
		}
		name := page[start+2 : start+end]
		segs = append(segs, pageSegment{literal: page[:start]}, pageSegment{marker: name})
		seen[name]++
		page = page[start+end+2:]
	}
	segs = append(segs, pageSegment{literal: page})
	for _, m := range pageMarkers {
		if seen[m] != 1 {
			return nil, fmt.Errorf("marker {{%s}} appears %d times, want once", m, seen[m])
		}
		delete(seen, m)
	}
	for m := range seen {
		return nil, fmt.Errorf("unknown marker {{%s}}", m)
	}
	return segs, nil
}

// htmlStyle and htmlScript are the inlined style and script; htmlCSP the
// policy that allows exactly them.
var (
	htmlStyle  = mustAsset("html/report.css")
	htmlScript = mustAsset("html/report.js")
	htmlCSP    = "default-src 'none'; img-src data:; style-src '" + cspHash(htmlStyle) + "'; script-src '" +
		cspHash(htmlScript) + "'; base-uri 'none'; form-action 'none'"
)

func mustAsset(name string) string {
	b, err := htmlAssets.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// cspHash is the CSP source expression that allows an inline element
// whose text is s.
func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// WriteHTML writes run to w as report.html: a targets × rules matrix
// coloured by outcome, with filters, and each cell's evidence a click
// away. Every string from a server is escaped twice over: made visible
// (control and bidirectional characters as \x1b, \u202e) and JSON-encoded
// with <, >, & and U+2028/U+2029 as \u escapes, so no byte of it can end
// the data block or be read as markup. WriteHTML does not modify run.
func WriteHTML(w io.Writer, run *Run) error {
	if run == nil {
		return errors.New("report: WriteHTML: nil run")
	}
	data, err := encodeHTMLData(htmlView(run))
	if err != nil {
		return fmt.Errorf("report: writing %s: %w", HTMLFile, err)
	}
	bw := bufio.NewWriter(w)
	for _, seg := range htmlPage {
		switch seg.marker {
		case "":
			bw.WriteString(seg.literal)
		case "csp":
			bw.WriteString(htmlCSP)
		case "css":
			bw.WriteString(htmlStyle)
		case "js":
			bw.WriteString(htmlScript)
		case "data":
			bw.Write(data)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: writing %s: %w", HTMLFile, err)
	}
	return nil
}

// encodeHTMLData encodes the page's data for its script block. encoding/json
// escapes <, > and & (SetEscapeHTML is on by default) and always U+2028
// and U+2029, so the text can contain neither "</script" nor "<!--".
func encodeHTMLData(d *htmlData) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(d); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
