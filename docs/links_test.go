package docs

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// The Markdown files whose links are checked: the README, every page in
// docs/ and the other top-level documents a reader is sent to.
func documents(t *testing.T) []string {
	t.Helper()
	pages, err := filepath.Glob("*.md")
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"../README.md"}
	for _, extra := range []string{"../CHANGELOG.md"} {
		if _, err := os.Stat(extra); err == nil {
			files = append(files, extra)
		}
	}
	return append(files, pages...)
}

func TestRelativeLinksResolve(t *testing.T) {
	docs := documents(t)
	if len(docs) < 8 {
		t.Fatalf("only %d documents found: %v", len(docs), docs)
	}
	for _, doc := range docs {
		for _, problem := range brokenLinks(doc) {
			t.Errorf("%s: %s", doc, problem)
		}
	}
}

// The checker itself must notice a missing file, a missing anchor and a
// missing anchor in another page, and accept what exists.
func TestBrokenLinksAreFound(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("other.md", "# Other page\n\n## Big runs: shards, and merge\n")
	write("a.md", "# A\n\n## Here it is\n\n"+
		"[ok](#here-it-is) [ok](other.md) [ok](other.md#big-runs-shards-and-merge) [ok](https://example.com/x)\n"+
		"[bad](#nowhere) [bad](missing.md) [bad](other.md#big-runs)\n"+
		"`[in code](#not-a-link)`\n\n```\n[in a fence](#not-a-link-either)\n```\n")
	got := brokenLinks(filepath.Join(dir, "a.md"))
	if len(got) != 3 {
		t.Fatalf("found %d broken links, want 3: %q", len(got), got)
	}
	for i, want := range []string{"#nowhere", "missing.md", "other.md#big-runs"} {
		if !strings.Contains(got[i], want) {
			t.Errorf("problem %d = %q, want it to name %s", i, got[i], want)
		}
	}
}

// A newcomer reads the README in five minutes: it stays under 300 lines and
// keeps the quick start's two commands and the exit codes.
func TestReadmeStaysShort(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if n := strings.Count(text, "\n"); n >= 300 {
		t.Errorf("README.md has %d lines; keep it under 300 and move detail to docs/", n)
	}
	for _, must := range []string{"make run", "make test", "## Exit codes", "### GitHub Actions", "### GitLab CI", "### Jenkins"} {
		if !strings.Contains(text, must) {
			t.Errorf("README.md lost %q", must)
		}
	}
}

var (
	fenceOpen  = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	inlineCode = regexp.MustCompile("`+[^`]*`+")
	link       = regexp.MustCompile(`\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)
	heading    = regexp.MustCompile(`(?m)^#{1,6}\s+(.+?)\s*#*\s*$`)
)

// brokenLinks lists the relative links of a Markdown file whose file or
// anchor does not exist. Links inside code are not links.
func brokenLinks(path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		return []string{err.Error()}
	}
	text := inlineCode.ReplaceAllString(withoutFences(string(data)), "")
	var problems []string
	for _, m := range link.FindAllStringSubmatch(text, -1) {
		target := m[1]
		if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
			continue
		}
		file, anchor, _ := strings.Cut(target, "#")
		dest := path
		if file != "" {
			dest = filepath.Join(filepath.Dir(path), filepath.FromSlash(file))
			if _, err := os.Stat(dest); err != nil {
				problems = append(problems, fmt.Sprintf("link %s: no such file", target))
				continue
			}
		}
		if anchor == "" || !strings.HasSuffix(dest, ".md") {
			continue
		}
		if !anchors(dest)[anchor] {
			problems = append(problems, fmt.Sprintf("link %s: no heading with anchor #%s in %s", target, anchor, dest))
		}
	}
	return problems
}

// anchors returns the anchors GitHub gives the headings of a Markdown file.
func anchors(path string) map[string]bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	text := withoutFences(string(data))
	seen := map[string]int{}
	out := map[string]bool{}
	for _, m := range heading.FindAllStringSubmatch(text, -1) {
		slug := slugify(m[1])
		if n := seen[slug]; n > 0 {
			out[fmt.Sprintf("%s-%d", slug, n)] = true
		} else {
			out[slug] = true
		}
		seen[slug]++
	}
	return out
}

// slugify is GitHub's heading anchor: lower case, letters, digits, spaces
// turned into hyphens, hyphens and underscores kept, everything else gone.
func slugify(heading string) string {
	heading = inlineCode.ReplaceAllStringFunc(heading, func(s string) string { return strings.Trim(s, "`") })
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// withoutFences blanks the fenced code blocks of a Markdown text: a fence
// closes on a line of at least as many of the same characters.
func withoutFences(text string) string {
	var b strings.Builder
	closing := ""
	for _, line := range strings.SplitAfter(text, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case closing != "":
			if strings.HasPrefix(trimmed, closing) && strings.Trim(trimmed, closing[:1]) == "" {
				closing = ""
			}
		case fenceOpen.MatchString(line):
			closing = fenceOpen.FindStringSubmatch(line)[1]
		default:
			b.WriteString(line)
		}
	}
	return b.String()
}
