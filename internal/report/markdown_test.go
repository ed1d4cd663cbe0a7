package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func renderSummary(t *testing.T, run *Run) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteMarkdown(&b, run); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestMarkdownShape(t *testing.T) {
	md := renderSummary(t, ciRun())
	for _, want := range []string{
		"## authspec: 🚫 1 target errored, 1 failed, 1 passed\n",
		"| Target | Verdict | URL | Checks | Requests sent | Where |\n|---|---|---|---|---|---|\n",
		"| reference | ❌ fail | http://127.0.0.1:1234 | 7 checks: 1 pass, 3 fail, 1 warn, 0 error, 1 skip, 1 info | 57 | ci/targets.yaml:3 |\n",
		"| broken.example | 🚫 error | http://user:xxxxx\\@127.0.0.1:5678/ | could not be tested; 1 check:",
		"| empty | ✅ pass |",
		// Every failing target and rule, worst first, one row each.
		"### What broke, worst first\n\n| | Severity | Rule | Target | On | First at |\n|---|---|---|---|---|---|\n" +
			"| ❌ fail | high | rfc9110/challenge-present | reference | 1 of 2 checks | ci/targets.yaml:9 |\n" +
			"| 🚫 could not be tested | – | authspec/could-not-be-tested | broken.example | 1 resource | ci/targets.yaml:12 |\n" +
			"| ❌ fail | medium | rfc7617/basic-realm-required | reference | 1 of 1 checks | ci/targets.yaml:7 |\n",
		"| ⚠️ warn | low | rfc9110/repeat-challenge | reference | 1 of 1 checks | ci/targets.yaml:7 |\n",
		"### Rules that failed or warned\n\n| Rule | Severity | RFC | Level | reference | broken.example | empty |\n|---|---|---|---|---|---|---|\n" +
			"| rfc9110/challenge-present | high | [RFC 9110 §11.6.1](https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1) | MUST, mission | ❌ 1 of 2 | – | – |\n" +
			"| rfc7617/basic-realm-required | medium | [RFC 9110 §11.6.1](https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1) | MUST | ❌ 1 of 1 | – | – |\n",
		"| rfc9110/repeat-challenge | low | [RFC 9110 §15.5.2, §11.6.1](https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2) | SHOULD | ⚠️ 1 of 1 | – | – |\n",
		"### Failures, worst first\n\n<details><summary>❌ HIGH · <code>rfc9110/challenge-present</code> · <b>reference</b> · GET /other — fail message for rfc9110/challenge-present</summary>\n\n",
		"- **Where:** ci/targets.yaml:7, reference GET /admin\n",
		"- **Also on 1 more request:** repeated-challenge/first\n",
		"- **Where:** ci/targets.yaml:9, reference GET /other\n",
		"- **Where:** ci/targets.yaml:9, reference HEAD /other\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q\n--- summary ---\n%s", want, md)
		}
	}
	if !strings.Contains(md, "\nReproduce:\n\n```sh\ncurl -i -u \"${USER}:${PASS}\" http://127.0.0.1:8080/admin\n```\n") {
		t.Errorf("the curl line is not in a code block as written:\n%s", md)
	}
	if !strings.Contains(md, "### Warnings, worst first\n\n<details><summary>⚠️ LOW · <code>rfc9110/repeat-challenge</code> · <b>reference</b>") {
		t.Errorf("warnings are not folded under their heading:\n%s", md)
	}
	if !strings.Contains(md, "### Errors: could not test\n\n<details><summary>🚫 <b>broken.example</b> · GET / — connection refused</summary>") ||
		!strings.Contains(md, "- **Where:** ci/targets.yaml:12\n") {
		t.Errorf("the error is not reported apart, at the target's line:\n%s", md)
	}
	if !strings.Contains(md, "### Worth knowing\n\n- ℹ️ **reference** · rfc9110/diagnostic-body · GET /admin: info message") {
		t.Errorf("infos are not listed:\n%s", md)
	}
	if n, m := strings.Count(md, "<details>"), strings.Count(md, "</details>"); n != 5 || m != 5 {
		t.Errorf("%d <details> and %d </details>, want 5 of each (4 failures and warnings, 1 error)", n, m)
	}
	if strings.Contains(md, truncationNote) {
		t.Error("a small summary says it was truncated")
	}
	checkMarkdownStructure(t, md)
}

func TestMarkdownPassingAndEmptyRuns(t *testing.T) {
	pass := &Run{Targets: []Target{{Name: "api", Verdict: VerdictPass, Results: []Result{{Check: "c", Outcome: Pass, Count: 3}}}}}
	md := renderSummary(t, pass)
	if !strings.HasPrefix(md, "## authspec: ✅ 1 target passed\n") || strings.Contains(md, "### ") {
		t.Errorf("a passing run's summary:\n%s", md)
	}
	if md := renderSummary(t, &Run{}); md != "## authspec: no targets\n\n" {
		t.Errorf("an empty run's summary: %q", md)
	}
	notRun := &Run{Targets: []Target{{Name: "a", Verdict: VerdictNotRun}}}
	if md := renderSummary(t, notRun); !strings.HasPrefix(md, "## authspec: ➖ 1 target not run\n") {
		t.Errorf("a not-run summary: %q", md)
	}
	if err := WriteMarkdown(&bytes.Buffer{}, nil); err == nil {
		t.Error("WriteMarkdown(nil) gave no error")
	}
}

func TestMarkdownInterruptedAndShard(t *testing.T) {
	run := ciRun()
	run.Interrupted, run.Unfinished, run.Shard = true, []string{"reference"}, "2/4"
	md := renderSummary(t, run)
	for _, want := range []string{"Shard 2/4 of a split run.", "**Interrupted:** the run was stopped before its probes finished (unfinished: reference)."} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q:\n%s", want, md)
		}
	}
}

// Bytes a server chose cannot break out of where the summary puts them:
// no raw control character or bidi override, no tag but the summary's own,
// no extra table cell or line, no code block closed early.
func TestMarkdownEscapesHostileBytes(t *testing.T) {
	md := renderSummary(t, hostileRun())
	if !utf8.ValidString(md) {
		t.Error("summary is not valid UTF-8")
	}
	for _, bad := range []string{"\x00", "\x1b", "\u202e", "\u009b", "\r", "\x07"} {
		if strings.Contains(md, bad) {
			t.Errorf("summary contains raw %q", bad)
		}
	}
	checkMarkdownStructure(t, md)
	if !strings.Contains(md, `\u202eevil`) {
		t.Error("the bidi override is not shown escaped")
	}
}

// Evidence full of backticks stays in its code block.
func TestMarkdownCodeBlockFenceOutgrowsBackticks(t *testing.T) {
	run := ciRun()
	e := *evidence
	e.Response = "HTTP/1.1 401 Unauthorized\n\n```\n</details>\n# heading\n`````` six\n"
	run.Targets[0].Results[2].Evidence = &e
	md := renderSummary(t, run)
	if !strings.Contains(md, "```````http\nHTTP/1.1 401 Unauthorized\n\n```\n</details>\n# heading\n`````` six\n```````\n") {
		t.Errorf("the response is not fenced by seven backticks:\n%s", md)
	}
	checkMarkdownStructure(t, md)
}

// hugeRun has targets×resources failing resources, each failing several
// rules with 2 KiB of evidence: far more than 1 MiB of summary.
func hugeRun(targets, resources int) *Run {
	body := strings.Repeat("x", 2048)
	run := &Run{TargetsFile: "targets.yaml"}
	for i := 0; i < targets; i++ {
		t := Target{Name: fmt.Sprintf("target-%d", i), URL: "http://127.0.0.1:1", Verdict: VerdictFail, Line: 2 + i}
		for j := 0; j < resources; j++ {
			path := fmt.Sprintf("/r/%d", j)
			t.Units = append(t.Units, Unit{Method: "GET", Resource: path, Order: j, Line: 3 + j})
			for _, check := range []string{"rfc9110/challenge-present", "rfc9110/diagnostic-body", "rfc7617/basic-realm-required"} {
				r := result(check, Fail, "unauthenticated", "")
				r.Resource = path
				r.Evidence = &Evidence{Request: "GET " + path + " HTTP/1.1\n", Response: "HTTP/1.1 401 Unauthorized\n\n" + body, Curl: "curl -i http://127.0.0.1:1" + path}
				t.Results = append(t.Results, r)
			}
		}
		run.Targets = append(run.Targets, t)
	}
	return run
}

func TestMarkdownStaysUnderGitHubLimit(t *testing.T) {
	for name, run := range map[string]*Run{
		"many findings": hugeRun(2, 2500),
		"many targets":  hugeRun(40000, 0),
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			md := renderSummary(t, run)
			if elapsed := time.Since(start); elapsed > 10*time.Second {
				t.Errorf("rendering took %v", elapsed)
			}
			if len(md) > SummaryLimit {
				t.Errorf("summary is %d bytes, over the %d limit", len(md), SummaryLimit)
			}
			if name == "many findings" {
				// 5,000 failures of few defects group into a few
				// entries: the whole of it fits, every resource listed.
				if strings.Contains(md, truncationNote) || len(md) > 200<<10 {
					t.Errorf("%d bytes, truncated %v: the findings were not grouped", len(md), strings.Contains(md, truncationNote))
				}
				checkMarkdownStructure(t, md)
				return
			}
			if len(md) < SummaryLimit-64<<10 {
				t.Errorf("summary is %d bytes: cut far below the limit", len(md))
			}
			if !strings.HasSuffix(md, truncationNote) {
				t.Errorf("a cut summary does not end with the note; it ends:\n%s", md[max(0, len(md)-500):])
			}
			checkMarkdownStructure(t, md)
		})
	}
}

func TestAppendStepSummary(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "step_summary")
	before := "# earlier step output\n"
	must(t, os.WriteFile(path, []byte(before), 0o644))
	t.Setenv("GITHUB_STEP_SUMMARY", path)
	var warn bytes.Buffer
	AppendStepSummary(ciRun(), &warn)
	got, err := os.ReadFile(path)
	must(t, err)
	if want := before + renderSummary(t, ciRun()); string(got) != want {
		t.Errorf("the step summary is not the earlier content plus summary.md:\n%s", got)
	}
	if warn.Len() != 0 {
		t.Errorf("unexpected warning: %s", warn.String())
	}

	// A step summary nearly full leaves room for a cut summary only, and
	// the whole stays under GitHub's limit.
	must(t, os.WriteFile(path, bytes.Repeat([]byte("x"), 900<<10), 0o644))
	AppendStepSummary(hugeRun(1, 1000), &warn)
	fi, err := os.Stat(path)
	must(t, err)
	if fi.Size() > githubSummaryLimit {
		t.Errorf("step summary grew to %d bytes, over GitHub's limit", fi.Size())
	}
	if fi.Size() == 900<<10 {
		t.Error("nothing was appended though there was room")
	}

	// No room at all: nothing is appended, and the user is told why.
	must(t, os.WriteFile(path, bytes.Repeat([]byte("x"), githubSummaryLimit-100), 0o644))
	warn.Reset()
	AppendStepSummary(ciRun(), &warn)
	fi, err = os.Stat(path)
	must(t, err)
	if fi.Size() != githubSummaryLimit-100 || !strings.Contains(warn.String(), "too near GitHub's 1 MiB limit") {
		t.Errorf("size %d, warning %q", fi.Size(), warn.String())
	}

	// Outside GitHub Actions nothing is written anywhere.
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	warn.Reset()
	AppendStepSummary(ciRun(), &warn)
	if warn.Len() != 0 {
		t.Errorf("warning without $GITHUB_STEP_SUMMARY: %s", warn.String())
	}

	// A folder that cannot be written is a warning, not a crash.
	t.Setenv("GITHUB_STEP_SUMMARY", filepath.Join(dir, "missing", "summary"))
	AppendStepSummary(ciRun(), &warn)
	if !strings.Contains(warn.String(), "$GITHUB_STEP_SUMMARY") {
		t.Errorf("no warning for an unwritable step summary: %q", warn.String())
	}
}

func TestMdText(t *testing.T) {
	for in, want := range map[string]string{
		"plain text":          "plain text",
		"a|b":                 `a\|b`,
		"*bold* _it_ `code`":  `\*bold\* \_it\_ \` + "`code\\`",
		"<script>&amp;":       "&lt;script&gt;&amp;amp;",
		"[x](http://e)":       `\[x\](http://e)`,
		"![img](x) \"q\" :x:": `!\[img\](x) "q" :x:`,
		"line\nbreak":         `line\\x0abreak`,
		"@team #1 $x$ ~~s~~":  `\@team \#1 \$x\$ \~\~s\~\~`,
		`back\slash`:          `back\\slash`,
	} {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
}

var (
	fenceLine = regexp.MustCompile("^(`{3,})[a-z]*$")
	ownTag    = regexp.MustCompile(`^</?(details|summary|b|code)>`)
)

// checkMarkdownStructure fails t on every problem markdownProblems finds.
func checkMarkdownStructure(t *testing.T, md string) {
	t.Helper()
	for _, p := range markdownProblems(md) {
		t.Error(p)
	}
}

// markdownProblems reads md as a Markdown renderer would, enough to catch
// a broken structure: every code block closes with its own fence; outside
// code blocks no line starts with text a server sent, every "<" opens one
// of the summary's own tags, and every table row has as many cells as its
// header; <details> open and close in pairs, never nested.
func markdownProblems(md string) []string {
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	lines := strings.Split(md, "\n")
	fence := ""
	cells, open := -1, 0
	for i, line := range lines {
		if fence != "" {
			if strings.HasPrefix(line, "`") && strings.Trim(line, "`") == "" && len(line) >= len(fence) {
				if line != fence {
					report("line %d: code block closed by %q, not its own fence %q", i+1, line, fence)
				}
				fence = ""
			}
			continue
		}
		if m := fenceLine.FindStringSubmatch(line); m != nil {
			fence = m[1]
			continue
		}
		if strings.HasPrefix(line, "FAKE") || strings.HasPrefix(line, "evil") {
			report("line %d starts with server text: %q", i+1, line)
		}
		for j := strings.IndexByte(line, '<'); j >= 0; j = strings.IndexByte(line, '<') {
			tag := ownTag.FindString(line[j:])
			if tag == "" {
				report("line %d: raw %q", i+1, line[j:min(len(line), j+30)])
				break
			}
			switch tag {
			case "<details>":
				open++
				if open > 1 {
					report("line %d: nested <details>", i+1)
				}
			case "</details>":
				open--
			}
			line = line[j+len(tag):]
		}
		switch {
		case strings.HasPrefix(lines[i], "|"):
			n := tableCells(lines[i])
			if cells < 0 {
				cells = n
			} else if n != cells {
				report("line %d: %d cells, header has %d: %q", i+1, n, cells, lines[i])
			}
		default:
			cells = -1
		}
	}
	if fence != "" {
		report("code block %q never closed", fence)
	}
	if open != 0 {
		report("%d <details> left open", open)
	}
	return problems
}

// The structure check must be able to say no, or the tests above prove
// nothing.
func TestMarkdownStructureCheckSaysNo(t *testing.T) {
	for name, doc := range map[string]string{
		"raw tag":            "text <script>x</script>\n",
		"extra cell":         "| a | b |\n|---|---|\n| 1 | 2 | 3 |\n",
		"unclosed details":   "<details><summary>x</summary>\n\ny\n",
		"nested details":     "<details>\n<details>\n</details>\n</details>\n",
		"fence closed early": "```http\n````\nrest\n",
		"unclosed fence":     "```sh\ncurl\n",
		"forged line":        "ok\nFAKE LINE\n",
	} {
		if len(markdownProblems(doc)) == 0 {
			t.Errorf("%s: no problem found in %q", name, doc)
		}
	}
}

// tableCells counts the cells of a GitHub table row: pipes not escaped by
// a backslash, less one.
func tableCells(row string) int {
	n := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n - 1
}

// Whatever its size, the summary names every failing target and rule:
// the table of what broke comes before the long parts the limit cuts.
func TestMarkdownNamesEveryFailingTargetAndRule(t *testing.T) {
	run := hugeRun(20, 50)
	for i := range run.Targets { // a defect of its own on every resource: nothing groups
		for j := range run.Targets[i].Results {
			run.Targets[i].Results[j].Message += fmt.Sprintf(" (%d, %d)", i, j)
		}
	}
	md := renderMarkdown(run, 200<<10)
	if !strings.Contains(md, truncationNote) {
		t.Fatalf("the summary was not cut at 200 KiB (%d bytes): the test needs a bigger run", len(md))
	}
	for i := range run.Targets {
		for _, rule := range []string{"rfc9110/challenge-present", "rfc9110/diagnostic-body", "rfc7617/basic-realm-required"} {
			row := fmt.Sprintf("| %s | target-%d | 50 of 50 checks |", mdText(rule), i)
			if !strings.Contains(md, row) {
				t.Errorf("the cut summary does not name %s on target-%d", rule, i)
			}
		}
	}
	// With many targets, the matrix has a row per target.
	if !strings.Contains(md, "### Rules that failed or warned, by target\n\n| Target | rfc9110/challenge-present |") {
		t.Errorf("20 targets are not the rows of the matrix")
	}
}

// Under GitHub Actions, the places in the targets file link to its text
// at the commit.
func TestMarkdownLinksTheTargetsFile(t *testing.T) {
	t.Setenv("GITHUB_SERVER_URL", "https://github.com")
	t.Setenv("GITHUB_REPOSITORY", "acme/api")
	t.Setenv("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567")
	md := renderSummary(t, ciRun())
	if !strings.Contains(md, "| [ci/targets.yaml:3](https://github.com/acme/api/blob/0123456789abcdef0123456789abcdef01234567/ci/targets.yaml#L3) |") ||
		!strings.Contains(md, "- **Where:** [ci/targets.yaml:7](https://github.com/acme/api/blob/0123456789abcdef0123456789abcdef01234567/ci/targets.yaml#L7), reference GET /admin") {
		t.Errorf("no links to the targets file:\n%s", md)
	}
	t.Setenv("GITHUB_SHA", "not-a-sha)](javascript:x")
	if md := renderSummary(t, ciRun()); strings.Contains(md, "](https://github.com") {
		t.Error("a GITHUB_SHA that is not one still made links")
	}
}
