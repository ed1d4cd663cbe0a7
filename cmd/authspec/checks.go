package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/authspec/authspec/internal/checks"
)

const checksUsage = `usage: authspec checks [-format text|markdown|json] [-readme FILE]

Lists every check authspec knows, from the catalogue in package checks.

  -format text      an aligned table for the terminal (default)
  -format markdown  a Markdown table, as in docs/rules.md
  -format json      a JSON array, one object per check
  -readme FILE      rewrite the table between the markers
                    <!-- checks:begin --> and <!-- checks:end --> in FILE
                    (implies -format markdown)
`

// The catalogue page (docs/rules.md) keeps the table between these
// markers; `authspec checks -readme docs/rules.md` (make readme) rewrites
// what is between them. The flag keeps its name: scripts call it.
const (
	readmeBegin = "<!-- checks:begin -->"
	readmeEnd   = "<!-- checks:end -->"
)

// cmdChecks lists the catalogue of checks: 0 on success, 1 when the README
// cannot be rewritten, 2 on a usage error.
func cmdChecks(args []string) int {
	return runChecks(args, os.Stdout, os.Stderr)
}

func runChecks(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("checks", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, checksUsage) }
	format := fs.String("format", "text", "text, markdown or json")
	readme := fs.String("readme", "", "Markdown file whose catalogue section to rewrite")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "authspec checks: unexpected argument %q\n%s", fs.Arg(0), checksUsage)
		return 2
	}
	rules := checks.All()
	if *readme != "" {
		formatSet := false
		fs.Visit(func(f *flag.Flag) { formatSet = formatSet || f.Name == "format" })
		if formatSet && *format != "markdown" {
			fmt.Fprintf(stderr, "authspec checks: -readme writes Markdown; it cannot go with -format %s\n%s", *format, checksUsage)
			return 2
		}
		if err := updateReadme(*readme, catalogueMarkdown(rules)); err != nil {
			fmt.Fprintf(stderr, "authspec checks: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s: catalogue of %d checks written\n", *readme, len(rules))
		return 0
	}
	var out string
	switch *format {
	case "text":
		out = catalogueText(rules)
	case "markdown":
		out = catalogueMarkdown(rules)
	case "json":
		out = catalogueJSON(rules)
	default:
		fmt.Fprintf(stderr, "authspec checks: unknown format %q (want text, markdown or json)\n%s", *format, checksUsage)
		return 2
	}
	if _, err := io.WriteString(stdout, out); err != nil {
		fmt.Fprintf(stderr, "authspec checks: %v\n", err)
		return 1
	}
	return 0
}

// levelLabel is a rule's level with the marks that make it fail the run
// whatever the level says.
func levelLabel(r *checks.Rule) string {
	s := string(r.Level)
	if r.Mission {
		s += ", mission"
	}
	if r.Declared {
		s += ", declared"
	}
	return s
}

func schemeLabel(r *checks.Rule) string {
	if r.Scheme == "" {
		return "any"
	}
	return r.Scheme
}

// catalogueText renders the catalogue as an aligned table for a terminal.
func catalogueText(rules []*checks.Rule) string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "CHECK\tREFERENCE\tLEVEL\tSCHEME\tREQUIREMENT")
	for _, r := range rules {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Ref(), levelLabel(r), schemeLabel(r), oneLine(r.Requirement))
	}
	w.Flush()
	fmt.Fprintf(&b, "\n%d checks. %s\n", len(rules), catalogueLegend)
	b.WriteString(aliasList(rules))
	return b.String()
}

// aliasList says which former IDs (aliases) still name a rule: waivers
// written against them keep working, and results carry the current ID.
func aliasList(rules []*checks.Rule) string {
	var b strings.Builder
	for _, r := range rules {
		for _, a := range r.Aliases {
			if b.Len() == 0 {
				b.WriteString("\nAliases (former IDs, still accepted in waivers; results carry the current ID):\n")
			}
			fmt.Fprintf(&b, "  %s is an alias of %s\n", a, r.ID)
		}
	}
	return b.String()
}

// idCell is a rule's ID for the Markdown table, with its former IDs.
func idCell(r *checks.Rule) string {
	s := "`" + r.ID + "`"
	for _, a := range r.Aliases {
		s += " (alias: `" + a + "`)"
	}
	return s
}

const catalogueLegend = "A mission or declared check fails the run whatever its level; otherwise MUST fails, " +
	"SHOULD, MAY and security warn (and fail under strict: true), and info only informs."

// catalogueMarkdown renders the catalogue as docs/rules.md's Markdown table.
func catalogueMarkdown(rules []*checks.Rule) string {
	var b strings.Builder
	b.WriteString("| Check | Reference | Level | Scheme | Requirement |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n",
			idCell(r), mdCell(r.Ref()), mdCell(levelLabel(r)), mdCell(schemeLabel(r)), mdCell(r.Requirement))
	}
	fmt.Fprintf(&b, "\n%d checks. %s\n", len(rules), catalogueLegend)
	b.WriteString(levelExceptionsMarkdown())
	return b.String()
}

// levelBasisText names each basis of a level that is not a keyword, in the
// order the list shows them.
var levelBasisText = []struct {
	basis checks.LevelBasis
	text  string
}{
	{checks.BasisGrammar, "**Grammar** (MUST): the ABNF or syntax the sender is bound to (RFC 9110 §2.2)"},
	{checks.BasisDefinition, "**Definition-only constraints** (SHOULD): prose that defines a value or calls a parameter required without a keyword"},
	{checks.BasisOtherParty, "**A keyword that binds another party** (SHOULD or info): the client or recipient must do something; what that asks of the server warns or informs"},
	{checks.BasisInforms, "**Informs** (info): behaviour the RFC allows, an optional parameter, or no requirement on the server"},
	{checks.BasisSecurity, "**Security considerations** (security): no keyword"},
	{checks.BasisMission, "**Mission** (fails the run whatever the level)"},
	{checks.BasisDeclared, "**Declared** (fails the run whatever the level: targets.yaml or an OpenAPI document says what to expect)"},
}

// levelExceptionsMarkdown lists every rule whose level is not the keyword
// of its quote, by basis; a test in package checks holds each to its basis.
func levelExceptionsMarkdown() string {
	ex := checks.LevelExceptions()
	var b strings.Builder
	b.WriteString("\nEvery other check takes its level from the keyword of the sentence it quotes. These do not:\n\n")
	for _, l := range levelBasisText {
		ids := ex[l.basis]
		if len(ids) == 0 {
			continue
		}
		fmt.Fprintf(&b, "- %s: `%s`.\n", l.text, strings.Join(ids, "`, `"))
	}
	return b.String()
}

// jsonRule is one check in `-format json`.
type jsonRule struct {
	ID          string `json:"id"`
	RFC         string `json:"rfc"`
	Section     string `json:"section"`
	Ref         string `json:"ref"`
	Level       string `json:"level"`
	Scheme      string `json:"scheme,omitempty"`
	Requirement string `json:"requirement"`
	Mission     bool   `json:"mission"`
	Declared    bool   `json:"declared"`
	// Fails says whether a violation fails a run that is not strict.
	Fails bool   `json:"fails"`
	Label string `json:"label"`
	// Aliases are the rule's former IDs, which still name it.
	Aliases []string `json:"aliases,omitempty"`
}

func catalogueJSON(rules []*checks.Rule) string {
	out := make([]jsonRule, 0, len(rules))
	for _, r := range rules {
		out = append(out, jsonRule{
			ID: r.ID, RFC: r.RFC, Section: r.Section, Ref: r.Ref(), Level: string(r.Level), Scheme: r.Scheme,
			Requirement: r.Requirement, Mission: r.Mission, Declared: r.Declared, Fails: r.Fails(), Label: r.Label(),
			Aliases: r.Aliases,
		})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil { // plain strings and booleans always marshal
		panic(err)
	}
	return string(b) + "\n"
}

// mdCell keeps a value inside its Markdown table cell.
func mdCell(s string) string {
	return strings.ReplaceAll(oneLine(s), "|", `\|`)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// updateReadme replaces what lies between the catalogue markers of the
// Markdown file at path with section, keeping the file's mode. It writes
// nothing when the section is already current.
func updateReadme(path, section string) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc, err := replaceSection(string(old), section)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if doc == string(old) {
		return nil
	}
	return os.WriteFile(path, []byte(doc), info.Mode().Perm())
}

// replaceSection returns doc with the text between the markers replaced by
// section, on lines of its own.
func replaceSection(doc, section string) (string, error) {
	start, end, err := sectionBounds(doc)
	if err != nil {
		return "", err
	}
	return doc[:start] + "\n" + strings.TrimRight(section, "\n") + "\n" + doc[end:], nil
}

// readmeSection returns the text between the markers of doc.
func readmeSection(doc string) (string, error) {
	start, end, err := sectionBounds(doc)
	if err != nil {
		return "", err
	}
	return doc[start:end], nil
}

// sectionBounds returns the offsets just after the begin marker and at the
// end marker.
func sectionBounds(doc string) (int, int, error) {
	i := strings.Index(doc, readmeBegin)
	if i < 0 {
		return 0, 0, fmt.Errorf("no %s marker", readmeBegin)
	}
	start := i + len(readmeBegin)
	j := strings.Index(doc[start:], readmeEnd)
	if j < 0 {
		return 0, 0, fmt.Errorf("no %s marker after %s", readmeEnd, readmeBegin)
	}
	return start, start + j, nil
}
