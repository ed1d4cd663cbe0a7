package main

import (
	"archive/tar"
	"bytes"
	"crypto/x509"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// DefaultCA is where Debian and its kin keep the CA bundle.
const DefaultCA = "/etc/ssl/certs/ca-certificates.crt"

// Paths and identity inside the image.
const (
	BinaryPath = "/usr/local/bin/authspec"
	CAPath     = "/etc/ssl/certs/ca-certificates.crt"
	WorkDir    = "/work"
	UID        = 65532 // the "nonroot" of distroless images
	User       = "65532:65532"
)

// Options say what to build.
type Options struct {
	Version string
	Out     string
	Arch    string
	CA      string
	Root    string // the repository
	Log     io.Writer
}

var semver = regexp.MustCompile(`^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$`)

// Build writes the OCI image layout and returns the image's digest.
func Build(o Options) (v1.Hash, error) {
	if !semver.MatchString(o.Version) {
		return v1.Hash{}, fmt.Errorf("version %q is not a version such as v0.2.0", o.Version)
	}
	if o.Arch != "amd64" && o.Arch != "arm64" {
		return v1.Hash{}, fmt.Errorf("arch %q: amd64 or arm64", o.Arch)
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	ca, err := os.ReadFile(o.CA)
	if err != nil {
		return v1.Hash{}, fmt.Errorf("CA certificates: %v (give another bundle with -ca)", err)
	}
	if !x509.NewCertPool().AppendCertsFromPEM(ca) {
		return v1.Hash{}, fmt.Errorf("CA certificates: %s holds no PEM certificate", o.CA)
	}
	created, err := sourceDate(o.Root)
	if err != nil {
		return v1.Hash{}, err
	}
	work, err := os.MkdirTemp("", "authspec-image-")
	if err != nil {
		return v1.Hash{}, err
	}
	defer os.RemoveAll(work)
	bin := filepath.Join(work, "authspec")
	if err := buildBinary(o, bin); err != nil {
		return v1.Hash{}, err
	}
	binary, err := os.ReadFile(bin)
	if err != nil {
		return v1.Hash{}, err
	}
	layerTar, err := rootfs(binary, ca, created)
	if err != nil {
		return v1.Hash{}, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(layerTar)), nil
	}, tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return v1.Hash{}, err
	}
	img, err := mutate.Append(mutate.MediaType(empty.Image, types.OCIManifestSchema1), mutate.Addendum{
		Layer: layer, MediaType: types.OCILayer,
		History: v1.History{Created: v1.Time{Time: created}, CreatedBy: "make image (tools/image)", Comment: "authspec, CA certificates, non-root user"},
	})
	if err != nil {
		return v1.Hash{}, err
	}
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	cfg, err := img.ConfigFile()
	if err != nil {
		return v1.Hash{}, err
	}
	cfg = cfg.DeepCopy()
	cfg.Created = v1.Time{Time: created}
	cfg.Architecture, cfg.OS = o.Arch, "linux"
	cfg.Config = config(o, created)
	img, err = mutate.ConfigFile(img, cfg)
	if err != nil {
		return v1.Hash{}, err
	}
	if err := os.RemoveAll(o.Out); err != nil {
		return v1.Hash{}, err
	}
	path, err := layout.Write(o.Out, empty.Index)
	if err != nil {
		return v1.Hash{}, err
	}
	tag := strings.TrimPrefix(o.Version, "v")
	if err := path.AppendImage(img, layout.WithAnnotations(map[string]string{
		"org.opencontainers.image.ref.name": tag,
	})); err != nil {
		return v1.Hash{}, err
	}
	return img.Digest()
}

// config is the image's run configuration: the entrypoint, the non-root
// user, a work folder to mount the targets file into, and OCI labels.
func config(o Options, created time.Time) v1.Config {
	return v1.Config{
		Entrypoint: []string{BinaryPath},
		Cmd:        []string{"run", "-targets", "targets.yaml", "-reports", "reports"},
		User:       User,
		WorkingDir: WorkDir,
		Env: []string{
			"PATH=/usr/local/bin:/usr/bin:/bin",
			"SSL_CERT_FILE=" + CAPath,
		},
		Labels: map[string]string{
			"org.opencontainers.image.title":       "authspec",
			"org.opencontainers.image.description": "HTTP authentication conformance suite: 401/407 challenges and diagnostic bodies",
			"org.opencontainers.image.version":     strings.TrimPrefix(o.Version, "v"),
			"org.opencontainers.image.revision":    revision(o.Root),
			"org.opencontainers.image.source":      "https://github.com/authspec/authspec",
			"org.opencontainers.image.licenses":    "Apache-2.0",
			"org.opencontainers.image.created":     created.UTC().Format(time.RFC3339),
		},
	}
}

// rootfs is the image's one layer: the binary, the CA bundle, the user
// and group files, and the folders a run writes into, every entry dated
// created and owned by root unless it is the user's.
func rootfs(binary, ca []byte, created time.Time) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	dir := func(name string, mode int64, uid int) error {
		return tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: name + "/", Mode: mode, Uid: uid, Gid: uid, ModTime: created, Format: tar.FormatPAX})
	}
	file := func(name string, mode int64, data []byte) error {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: mode, Size: int64(len(data)), ModTime: created, Format: tar.FormatPAX}); err != nil {
			return err
		}
		_, err := tw.Write(data)
		return err
	}
	passwd := "root:x:0:0:root:/root:/sbin/nologin\nauthspec:x:65532:65532:authspec:/home/authspec:/sbin/nologin\n"
	group := "root:x:0:\nauthspec:x:65532:\n"
	steps := []func() error{
		func() error { return dir("etc", 0o755, 0) },
		func() error { return file("etc/group", 0o644, []byte(group)) },
		func() error { return file("etc/passwd", 0o644, []byte(passwd)) },
		func() error { return dir("etc/ssl", 0o755, 0) },
		func() error { return dir("etc/ssl/certs", 0o755, 0) },
		func() error { return file("etc/ssl/certs/ca-certificates.crt", 0o644, ca) },
		func() error { return dir("home", 0o755, 0) },
		func() error { return dir("home/authspec", 0o700, UID) },
		func() error { return dir("tmp", 0o1777, 0) },
		func() error { return dir("usr", 0o755, 0) },
		func() error { return dir("usr/local", 0o755, 0) },
		func() error { return dir("usr/local/bin", 0o755, 0) },
		func() error { return file("usr/local/bin/authspec", 0o755, binary) },
		func() error { return dir("work", 0o755, UID) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// buildBinary builds the static linux binary the image runs.
func buildBinary(o Options, out string) error {
	ldflags := "-s -w -buildid= -X github.com/authspec/authspec/internal/probe.Version=" + strings.TrimPrefix(o.Version, "v")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", ldflags, "-o", out, "./cmd/authspec")
	cmd.Dir = o.Root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+o.Arch)
	cmd.Stdout, cmd.Stderr = o.Log, o.Log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build: %v", err)
	}
	return nil
}

// sourceDate is SOURCE_DATE_EPOCH, else the commit's time, else the epoch.
func sourceDate(root string) (time.Time, error) {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
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

// revision is the commit checked out, for the revision label.
func revision(root string) string {
	cmd := exec.Command("git", "rev-parse", "HEAD")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}
