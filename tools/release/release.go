package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// DefaultPlatforms are the platforms a release is built for.
var DefaultPlatforms = []string{
	"linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64", "windows/amd64", "windows/arm64",
}

// Shipped are the files every archive carries beside the binary, as paths
// in the repository (and in the archive's folder).
var Shipped = []string{"README.md", "LICENSE", "CHANGELOG.md", "targets.yaml", "schema/targets.schema.json"}

// SumsFile names the checksums file.
const SumsFile = "SHA256SUMS"

// Options say what to build.
type Options struct {
	Version   string   // v0.x.y
	Out       string   // folder for the files
	Platforms []string // GOOS/GOARCH
	SBOM      bool
	// Root is the repository's root (default: the working directory).
	Root string
	Log  io.Writer
}

var semver = regexp.MustCompile(`^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$`)

func (o *Options) check() error {
	if !semver.MatchString(o.Version) {
		return fmt.Errorf("VERSION %q is not a version such as v0.2.0", o.Version)
	}
	for _, p := range o.Platforms {
		if goos, goarch, ok := strings.Cut(p, "/"); !ok || goos == "" || goarch == "" {
			return fmt.Errorf("platform %q is not GOOS/GOARCH", p)
		}
	}
	return nil
}

// Build writes the release files into o.Out and returns their names.
func Build(o Options) ([]string, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	if o.Root == "" {
		o.Root = "."
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, err
	}
	mtime, err := sourceDate(o.Root)
	if err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp("", "authspec-release-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	var tool string
	if o.SBOM {
		if tool, err = buildSBOMTool(o, work); err != nil {
			return nil, err
		}
	}
	var files []string
	for _, p := range o.Platforms {
		goos, goarch, _ := strings.Cut(p, "/")
		name := fmt.Sprintf("authspec_%s_%s_%s", strings.TrimPrefix(o.Version, "v"), goos, goarch)
		fmt.Fprintf(o.Log, "release: building %s\n", name)
		bin := filepath.Join(work, name, binaryName(goos))
		if err := buildBinary(o, goos, goarch, bin); err != nil {
			return nil, err
		}
		archive, err := writeArchive(o, goos, name, bin, mtime)
		if err != nil {
			return nil, err
		}
		files = append(files, archive)
		if o.SBOM {
			sbom := name + ".sbom.cdx.json"
			if err := writeSBOM(o, tool, goos, goarch, filepath.Join(o.Out, sbom)); err != nil {
				return nil, err
			}
			files = append(files, sbom)
		}
	}
	if err := writeSums(o.Out, files); err != nil {
		return nil, err
	}
	return append(files, SumsFile), nil
}

func binaryName(goos string) string {
	if goos == "windows" {
		return "authspec.exe"
	}
	return "authspec"
}

// sourceDate is the time every archive entry carries: SOURCE_DATE_EPOCH
// when set (https://reproducible-builds.org/specs/source-date-epoch/),
// else the time of the commit checked out, else the epoch.
func sourceDate(root string) (time.Time, error) {
	if s, ok := os.LookupEnv("SOURCE_DATE_EPOCH"); ok && s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", s)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	cmd := exec.Command("git", "log", "-1", "--format=%ct")
	cmd.Dir = root
	if out, err := cmd.Output(); err == nil {
		if n, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64); err == nil {
			return time.Unix(n, 0).UTC(), nil
		}
	}
	return time.Unix(0, 0).UTC(), nil
}

// buildBinary builds a static, reproducible binary for goos/goarch.
func buildBinary(o Options, goos, goarch, out string) error {
	ldflags := "-s -w -buildid= -X github.com/authspec/authspec/internal/probe.Version=" + strings.TrimPrefix(o.Version, "v")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", ldflags, "-o", out, "./cmd/authspec")
	cmd.Dir = o.Root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch, "GOFLAGS=-mod=readonly")
	cmd.Stdout, cmd.Stderr = o.Log, o.Log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build for %s/%s: %v", goos, goarch, err)
	}
	return nil
}

// entry is one file of an archive.
type entry struct {
	name string // path inside the archive
	data []byte
	mode int64
}

func archiveEntries(o Options, folder, bin string) ([]entry, error) {
	data, err := os.ReadFile(bin)
	if err != nil {
		return nil, err
	}
	entries := []entry{{name: folder + "/" + filepath.Base(bin), data: data, mode: 0o755}}
	for _, f := range Shipped {
		data, err := os.ReadFile(filepath.Join(o.Root, filepath.FromSlash(f)))
		if err != nil {
			return nil, fmt.Errorf("shipped file: %v", err)
		}
		entries = append(entries, entry{name: folder + "/" + f, data: data, mode: 0o644})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	return entries, nil
}

// writeArchive writes folder's archive into o.Out: a zip for windows, a
// tar.gz elsewhere.
func writeArchive(o Options, goos, folder, bin string, mtime time.Time) (string, error) {
	entries, err := archiveEntries(o, folder, bin)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	name := folder + ".tar.gz"
	if goos == "windows" {
		name = folder + ".zip"
		err = writeZip(&buf, entries, mtime)
	} else {
		err = writeTarGz(&buf, entries, mtime)
	}
	if err != nil {
		return "", err
	}
	return name, os.WriteFile(filepath.Join(o.Out, name), buf.Bytes(), 0o644)
}

func writeTarGz(w io.Writer, entries []entry, mtime time.Time) error {
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	// No name and no time in the gzip header: the bytes depend on the
	// contents alone.
	gz.Header.ModTime = time.Time{}
	gz.Header.OS = 255
	tw := tar.NewWriter(gz)
	dirs := map[string]bool{}
	for _, e := range entries {
		for dir := filepath.ToSlash(filepath.Dir(e.name)); dir != "." && !dirs[dir]; dir = filepath.ToSlash(filepath.Dir(dir)) {
			dirs[dir] = true
		}
	}
	var names []string
	for d := range dirs {
		names = append(names, d)
	}
	sort.Strings(names)
	for _, d := range names {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d + "/", Mode: 0o755, ModTime: mtime, Format: tar.FormatPAX}); err != nil {
			return err
		}
	}
	for _, e := range entries {
		h := &tar.Header{Typeflag: tar.TypeReg, Name: e.name, Mode: e.mode, Size: int64(len(e.data)), ModTime: mtime, Format: tar.FormatPAX}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(e.data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func writeZip(w io.Writer, entries []entry, mtime time.Time) error {
	zw := zip.NewWriter(w)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: mtime}
		h.SetMode(os.FileMode(e.mode))
		f, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := f.Write(e.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// sbomTool is the SBOM generator, pinned in go.mod's tool block.
const sbomTool = "github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod"

// buildSBOMTool builds the pinned cyclonedx-gomod once, for the machine
// the release is made on, into dir. `go tool cyclonedx-gomod` with the
// target's GOOS/GOARCH in its environment would build the tool for the
// target and fail to run it (exec format error on linux/arm64), while the
// tool needs those variables to list the target's packages.
func buildSBOMTool(o Options, dir string) (string, error) {
	out := filepath.Join(dir, "cyclonedx-gomod")
	cmd := exec.Command("go", "build", "-o", out, sbomTool)
	cmd.Dir = o.Root
	cmd.Env = append(os.Environ(), "GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH)
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building %s: %v\n%s", sbomTool, err, b)
	}
	return out, nil
}

// writeSBOM writes the CycloneDX SBOM of the platform's build with tool
// (buildSBOMTool), without serial number or timestamp.
func writeSBOM(o Options, tool, goos, goarch, out string) error {
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	cmd := exec.Command(tool, "app", "-json", "-noserial", "-notimestamp", "-main", "cmd/authspec", "-output", abs, ".")
	cmd.Dir = o.Root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = o.Log, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("SBOM for %s/%s: %v\n%s", goos, goarch, err, stderr.String())
	}
	return nil
}

// writeSums writes SHA256SUMS over files, sorted, in the format
// sha256sum -c reads.
func writeSums(dir string, files []string) error {
	sorted := append([]string(nil), files...)
	sort.Strings(sorted)
	var b strings.Builder
	for _, f := range sorted {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(sum[:]), f)
	}
	return os.WriteFile(filepath.Join(dir, SumsFile), []byte(b.String()), 0o644)
}
