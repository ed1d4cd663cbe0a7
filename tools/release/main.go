// Command release builds authspec's release files with the Go toolchain
// alone (make release VERSION=v0.x.y):
//
//   - a static binary for linux, darwin and windows on amd64 and arm64,
//     each in an archive (tar.gz; zip for windows) with the README, the
//     licence, the changelog, the shipped targets.yaml and its schema;
//   - a CycloneDX SBOM per platform (cyclonedx-gomod, a pinned go tool);
//   - SHA256SUMS over all of them.
//
// The files are reproducible: the same commit and Go version give the same
// bytes. Binaries are built with -trimpath and no build ID; archive entries
// are sorted, owned by 0:0, with fixed modes and the time of
// SOURCE_DATE_EPOCH (else the commit's time); gzip headers carry no time
// or name; SBOMs have no serial number or timestamp.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	version := flag.String("version", "", "the release's version, v0.x.y")
	out := flag.String("out", "dist", "folder for the release files")
	platforms := flag.String("platforms", strings.Join(DefaultPlatforms, ","), "GOOS/GOARCH pairs to build, comma-separated")
	sbom := flag.Bool("sbom", true, "write a CycloneDX SBOM per platform (go tool cyclonedx-gomod)")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "release: unexpected argument %q\n", flag.Arg(0))
		os.Exit(2)
	}
	opts := Options{Version: *version, Out: *out, Platforms: strings.Split(*platforms, ","), SBOM: *sbom, Log: os.Stderr}
	if err := opts.check(); err != nil {
		fmt.Fprintf(os.Stderr, "release: %v\nusage: make release VERSION=v0.x.y\n", err)
		os.Exit(2)
	}
	files, err := Build(opts)
	if err != nil {
		fmt.Fprintf(os.Stderr, "release: %v\n", err)
		os.Exit(1)
	}
	for _, f := range files {
		fmt.Println(f)
	}
}
