package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/authspec/authspec/internal/config"
)

const schemaUsage = `usage: authspec schema

Prints the JSON Schema (draft 2020-12) of targets.yaml, for editors and
linters. The published copy is schema/targets.schema.json; a targets file
names it on its first line for editors that speak yaml-language-server:

  # yaml-language-server: $schema=schema/targets.schema.json

authspec validate stays the authority: it also checks what a schema cannot
(files that exist, rule IDs, ${VAR} references) and names the line.
`

// cmdSchema prints the schema of targets.yaml: 0, or 2 on a usage error.
func cmdSchema(args []string) int {
	return runSchema(args, os.Stdout, os.Stderr)
}

func runSchema(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("schema", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, schemaUsage) }
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "authspec schema: unexpected argument %q\n%s", fs.Arg(0), schemaUsage)
		return 2
	}
	if _, err := stdout.Write(config.Schema()); err != nil {
		fmt.Fprintf(stderr, "authspec schema: %v\n", err)
		return 1
	}
	return 0
}
