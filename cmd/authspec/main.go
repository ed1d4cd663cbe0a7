// Command authspec is the command line around the suite: it lists the
// catalogue of checks, explains one of them, validates targets.yaml, and
// runs the Ginkgo suite with exit codes a pipeline understands (0 pass, 1
// fail or error, 2 usage or configuration error).
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
)

const usage = `usage: authspec <command> [flags]

commands:
  run        validate targets.yaml, run the suite, write reports
  merge      merge the reports of the shards of a run (authspec run -shard K/N)
  validate   check targets.yaml and exit 2 on the first error
  discover   list the operations of each target's OpenAPI document and what a run makes of them
  checks     list the catalogue of checks
  explain    explain one check: its RFC text, its probes, examples
  schema     print the JSON Schema of targets.yaml
  baseline   write the findings of a run as a baseline of known findings
  version    print the version, the commit and the Go version
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var code int
	switch os.Args[1] {
	case "run":
		code = cmdRun(os.Args[2:])
	case "merge":
		code = cmdMerge(os.Args[2:])
	case "validate":
		code = cmdValidate(os.Args[2:])
	case "discover":
		code = cmdDiscover(os.Args[2:])
	case "checks":
		code = cmdChecks(os.Args[2:])
	case "explain":
		code = cmdExplain(os.Args[2:])
	case "version", "-version", "--version":
		code = cmdVersion(os.Args[2:])
	case "baseline":
		code = cmdBaseline(os.Args[2:])
	case "schema":
		code = cmdSchema(os.Args[2:])
	case "-h", "--help", "help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "authspec: unknown command %q\n%s", os.Args[1], usage)
		code = 2
	}
	os.Exit(code)
}

// parseExit is the exit code of a command whose flags did not parse: 0 for
// -h (the flag package has printed the usage), 2 for a usage error.
func parseExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}
