package demorun

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/report"
)

// The run has every kind of target it promises, and its report.html, read
// as a parser reads it, carries the same run: the same targets and
// verdicts, and a fail cell for each rule a fixture breaks. (The browser
// test checks what Chromium draws from it.)
func TestRunAndItsHTMLReport(t *testing.T) {
	dir := t.TempDir()
	run, err := Run(dir, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	verdicts := map[string]string{}
	for _, tg := range run.Targets {
		verdicts[tg.Name] = tg.Verdict
	}
	if verdicts[Reference] != report.VerdictPass || verdicts[Unreachable] != report.VerdictError ||
		verdicts["no-challenge"] != report.VerdictFail || len(verdicts) != len(Fixtures)+2 {
		t.Fatalf("verdicts %v", verdicts)
	}

	page, err := os.ReadFile(filepath.Join(dir, "reports", report.HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	data := dataBlock(t, page)
	if len(data.Targets) != len(run.Targets) {
		t.Fatalf("%d targets in report.html, %d in results.json", len(data.Targets), len(run.Targets))
	}
	for i, tg := range data.Targets {
		if tg.Name != run.Targets[i].Name || tg.Verdict != run.Targets[i].Verdict {
			t.Errorf("target %d: %s %s in report.html, %s %s in results.json", i, tg.Name, tg.Verdict, run.Targets[i].Name, run.Targets[i].Verdict)
		}
		f, ok := fixtures.ByName(tg.Name)
		if !ok {
			continue
		}
		failing := map[string]bool{}
		for _, c := range tg.Cells {
			if c.N["fail"] > 0 {
				failing[data.Rules[c.R].ID] = true
			}
		}
		for _, rule := range f.ExpectFail {
			if !failing[rule] {
				t.Errorf("%s: no fail cell for %s in report.html", tg.Name, rule)
			}
		}
	}
}

// pageData is the part of report.html's data block the test reads.
type pageData struct {
	Rules []struct {
		ID string `json:"id"`
	} `json:"rules"`
	Targets []struct {
		Name    string `json:"name"`
		Verdict string `json:"verdict"`
		Cells   []struct {
			R int            `json:"r"`
			N map[string]int `json:"n"`
		} `json:"cells"`
	} `json:"targets"`
}

// dataBlock finds the page's one JSON data block with an HTML parser and
// decodes it.
func dataBlock(t *testing.T, page []byte) pageData {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "script" {
			for _, a := range n.Attr {
				if a.Key == "type" && a.Val == "application/json" && n.FirstChild != nil {
					blocks = append(blocks, n.FirstChild.Data)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(blocks) != 1 {
		t.Fatalf("%d JSON data blocks in report.html, want 1", len(blocks))
	}
	var d pageData
	if err := json.NewDecoder(strings.NewReader(blocks[0])).Decode(&d); err != nil {
		t.Fatalf("the data block: %v", err)
	}
	return d
}
