// Command image builds authspec's container image as an OCI image layout
// (make image), without a container daemon and without pulling anything:
// an empty base, one layer holding the static binary, the build machine's
// CA certificates, /etc/passwd and /etc/group with a non-root user, and a
// configuration with the entrypoint, that user and OCI labels. It uses
// github.com/google/go-containerregistry. Load the result with e.g.
// `skopeo copy oci:dist/image:VERSION docker-daemon:authspec:VERSION` or
// `crane push dist/image REGISTRY/authspec:VERSION`.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
)

func main() {
	version := flag.String("version", "v0.0.0-dev", "the image's version, v0.x.y")
	out := flag.String("out", "dist/image", "folder of the OCI image layout (replaced)")
	arch := flag.String("arch", runtime.GOARCH, "linux architecture of the binary: amd64 or arm64")
	ca := flag.String("ca", DefaultCA, "PEM bundle of CA certificates to ship")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "image: unexpected argument %q\n", flag.Arg(0))
		os.Exit(2)
	}
	digest, err := Build(Options{Version: *version, Out: *out, Arch: *arch, CA: *ca, Root: ".", Log: os.Stderr})
	if err != nil {
		fmt.Fprintf(os.Stderr, "image: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%s %s\n", *out, digest)
}
