package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/checks"
)

func runChecksCmd(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = runChecks(args, &out, &errb)
	return code, out.String(), errb.String()
}

// docs/rules.md's catalogue must be the one the code generates. To refresh it:
//
//	make readme   (go run ./cmd/authspec checks -format markdown -readme docs/rules.md)
func TestRulesPageCatalogueIsCurrent(t *testing.T) {
	path := filepath.Join(moduleRootForTest(t), "docs", "rules.md")
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := readmeSection(string(doc))
	if err != nil {
		t.Fatalf("docs/rules.md: %v", err)
	}
	want := catalogueMarkdown(checks.All())
	if strings.TrimSpace(got) != strings.TrimSpace(want) {
		t.Errorf("docs/rules.md's catalogue is stale; run\n\tmake readme")
	}
}

// moduleRootForTest finds go.mod above the package directory.
func moduleRootForTest(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

func TestChecksTextListsEveryRule(t *testing.T) {
	code, out, errOut := runChecksCmd()
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "CHECK") {
		t.Errorf("first line is the header, got %q", lines[0])
	}
	for _, r := range checks.All() {
		if !strings.Contains(out, r.ID+" ") {
			t.Errorf("rule %s missing from the text table", r.ID)
		}
	}
	// Columns are aligned: the reference column starts at the same offset
	// on every rule line.
	col := strings.Index(lines[0], "REFERENCE")
	for _, l := range lines[1 : len(checks.All())+1] {
		if len(l) <= col || l[col-1] != ' ' || l[col] == ' ' {
			t.Errorf("misaligned line %q", l)
		}
	}
	if !strings.Contains(out, "challenge-present") || !strings.Contains(out, "MUST, mission") {
		t.Errorf("mission rules must be marked:\n%s", out)
	}
}

func TestChecksMarkdown(t *testing.T) {
	code, out, _ := runChecksCmd("-format", "markdown")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	rows := 0
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "| `") {
			rows++
			if n := strings.Count(strings.ReplaceAll(l, `\|`, ""), "|"); n != 6 {
				t.Errorf("row with %d cell separators, want 6: %q", n, l)
			}
		}
	}
	if rows != len(checks.All()) {
		t.Errorf("%d rows, want %d", rows, len(checks.All()))
	}
	if !strings.Contains(out, "| `rfc9110/protected-resource-401` | RFC 9110 §11.4, §15.5.2 | SHOULD, declared | any |") {
		t.Errorf("declared rule row not as expected:\n%s", out)
	}
}

func TestChecksJSON(t *testing.T) {
	code, out, _ := runChecksCmd("-format=json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got []jsonRule
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	all := checks.All()
	if len(got) != len(all) {
		t.Fatalf("%d checks, want %d", len(got), len(all))
	}
	for i, r := range all {
		g := got[i]
		if g.ID != r.ID || g.Ref != r.Ref() || g.Level != string(r.Level) || g.Fails != r.Fails() || g.Label != r.Label() {
			t.Errorf("check %d: got %+v for %s", i, g, r.ID)
		}
	}
}

func TestChecksUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-nope"},
		{"-format", "yaml"},
		{"extra"},
		{"-format", "json", "-readme", "README.md"},
		{"-format", "text", "-readme", "README.md"},
	} {
		code, out, errOut := runChecksCmd(args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if out != "" || !strings.Contains(errOut, "usage: authspec checks") {
			t.Errorf("%v: want usage on stderr and nothing on stdout, got %q / %q", args, out, errOut)
		}
	}
	if code, _, errOut := runChecksCmd("-h"); code != 0 || !strings.Contains(errOut, "usage") {
		t.Errorf("-h: exit %d, stderr %q", code, errOut)
	}
}

func TestChecksRewritesReadme(t *testing.T) {
	path := filepath.Join(t.TempDir(), "README.md")
	before := "# Title\n\nIntro.\n\n" + readmeBegin + "\nold table\n" + readmeEnd + "\n\nAfter.\n"
	if err := os.WriteFile(path, []byte(before), 0o640); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runChecksCmd("-readme", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "catalogue of") {
		t.Errorf("stdout %q", out)
	}
	doc, _ := os.ReadFile(path)
	want := "# Title\n\nIntro.\n\n" + readmeBegin + "\n" + catalogueMarkdown(checks.All()) + readmeEnd + "\n\nAfter.\n"
	if string(doc) != want {
		t.Errorf("rewritten README:\n%s", doc)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o640 {
		t.Errorf("mode changed to %v", info.Mode().Perm())
	}
	// Running it again changes nothing, and the section reads back.
	if code, _, _ := runChecksCmd("-format", "markdown", "-readme", path); code != 0 {
		t.Fatalf("second run: exit %d", code)
	}
	again, _ := os.ReadFile(path)
	if string(again) != want {
		t.Error("a second run changed the README")
	}
	section, err := readmeSection(string(again))
	if err != nil || strings.TrimSpace(section) != strings.TrimSpace(catalogueMarkdown(checks.All())) {
		t.Errorf("section reads back as %q, %v", section, err)
	}
}

func TestChecksReadmeErrors(t *testing.T) {
	dir := t.TempDir()
	noMarkers := filepath.Join(dir, "plain.md")
	os.WriteFile(noMarkers, []byte("# nothing\n"), 0o644)
	noEnd := filepath.Join(dir, "open.md")
	os.WriteFile(noEnd, []byte(readmeBegin+"\n"), 0o644)
	for path, want := range map[string]string{
		noMarkers:                       "no " + readmeBegin,
		noEnd:                           "no " + readmeEnd,
		filepath.Join(dir, "absent.md"): "absent.md",
	} {
		code, _, errOut := runChecksCmd("-readme", path)
		if code != 1 || !strings.Contains(errOut, want) {
			t.Errorf("%s: exit %d, stderr %q; want 1 and %q", path, code, errOut, want)
		}
	}
	if b, _ := os.ReadFile(noMarkers); string(b) != "# nothing\n" {
		t.Error("a file without markers must be left alone")
	}
}

func TestMdCellEscapes(t *testing.T) {
	if got := mdCell("a | b\n  c"); got != `a \| b c` {
		t.Errorf("mdCell = %q", got)
	}
}

// `authspec checks` says which IDs are aliases, in every format.
func TestChecksListAliases(t *testing.T) {
	_, text, _ := runChecksCmd()
	if !strings.Contains(text, "rfc9112/content-length-matches is an alias of rfc9110/content-length-matches") {
		t.Errorf("text output does not list the alias:\n%s", text)
	}
	_, md, _ := runChecksCmd("-format", "markdown")
	if !strings.Contains(md, "| `rfc9110/content-length-matches` (alias: `rfc9112/content-length-matches`) |") {
		t.Errorf("markdown row does not name the alias")
	}
	_, js, _ := runChecksCmd("-format", "json")
	var got []jsonRule
	if err := json.Unmarshal([]byte(js), &got); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, g := range got {
		if g.ID == "rfc9110/content-length-matches" {
			found = len(g.Aliases) == 1 && g.Aliases[0] == "rfc9112/content-length-matches"
		}
	}
	if !found {
		t.Errorf("json does not carry the alias")
	}
}
