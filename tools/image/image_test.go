package main

import (
	"archive/tar"
	"crypto/x509"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
)

// make image: the OCI layout holds one image whose configuration has the
// entrypoint, the non-root user and the labels; unpacked, its root holds
// the binary, the CA bundle and the user, and the binary runs from there
// against the reference server. Built twice, it has the same digest.
func TestImageUnpacksAndRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds authspec")
	}
	if runtime.GOOS != "linux" || (runtime.GOARCH != "amd64" && runtime.GOARCH != "arm64") {
		t.Skip("runs the image's linux binary: needs a linux amd64 or arm64 host")
	}
	if _, err := os.Stat(DefaultCA); err != nil {
		t.Skipf("no CA bundle at %s", DefaultCA)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	out := filepath.Join(t.TempDir(), "image")
	digest, err := Build(Options{Version: "v0.9.2-test", Out: out, Arch: runtime.GOARCH, CA: DefaultCA, Root: "../.."})
	if err != nil {
		t.Fatal(err)
	}
	again, err := Build(Options{Version: "v0.9.2-test", Out: filepath.Join(t.TempDir(), "image"), Arch: runtime.GOARCH, CA: DefaultCA, Root: "../.."})
	if err != nil || again != digest {
		t.Errorf("a second build gave %s (%v), the first %s: the image is not reproducible", again, err, digest)
	}
	lp, err := layout.FromPath(out)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := lp.ImageIndex()
	if err != nil {
		t.Fatal(err)
	}
	man, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(man.Manifests) != 1 || man.Manifests[0].Annotations["org.opencontainers.image.ref.name"] != "0.9.2-test" {
		t.Fatalf("index %+v, want one image named 0.9.2-test", man.Manifests)
	}
	img, err := lp.Image(man.Manifests[0].Digest)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := img.Digest(); got != digest {
		t.Errorf("digest %s, Build said %s", got, digest)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.Config
	if strings.Join(c.Entrypoint, " ") != BinaryPath || c.User != User || c.WorkingDir != WorkDir || cfg.OS != "linux" || cfg.Architecture != runtime.GOARCH {
		t.Errorf("configuration %+v (os %s, arch %s)", c, cfg.OS, cfg.Architecture)
	}
	if strings.HasPrefix(c.User, "0") || c.User == "" || c.User == "root" {
		t.Errorf("the image runs as %q, want a non-root user", c.User)
	}
	for k, v := range map[string]string{
		"org.opencontainers.image.version":  "0.9.2-test",
		"org.opencontainers.image.licenses": "Apache-2.0",
		"org.opencontainers.image.source":   "https://github.com/authspec/authspec",
		"org.opencontainers.image.created":  "2023-11-14T22:13:20Z",
	} {
		if c.Labels[k] != v {
			t.Errorf("label %s = %q, want %q", k, c.Labels[k], v)
		}
	}
	if rev := c.Labels["org.opencontainers.image.revision"]; len(rev) != 40 {
		t.Errorf("revision label %q is not a commit", rev)
	}
	layers, err := img.Layers()
	if err != nil || len(layers) != 1 {
		t.Fatalf("%d layers (%v), want 1 on an empty base", len(layers), err)
	}

	root := unpack(t, img)
	passwd, err := os.ReadFile(filepath.Join(root, "etc/passwd"))
	if err != nil || !strings.Contains(string(passwd), "authspec:x:65532:65532:") {
		t.Errorf("/etc/passwd lacks the user 65532: %q %v", passwd, err)
	}
	pem, err := os.ReadFile(filepath.Join(root, CAPath))
	if err != nil || !x509.NewCertPool().AppendCertsFromPEM(pem) {
		t.Errorf("the CA bundle at %s holds no certificate (%v)", CAPath, err)
	}

	// The binary, run from the unpacked root, against the reference server.
	work := t.TempDir()
	targets := "targets:\n  - name: reference\n    url: builtin:reference\n    rate: 100\n    resources: [/basic/, /bearer/]\n"
	if err := os.WriteFile(filepath.Join(work, "targets.yaml"), []byte(targets), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(root, BinaryPath), c.Cmd...)
	cmd.Dir = work
	cmd.Env = append([]string{"NO_COLOR=1"}, c.Env...)
	for i, e := range cmd.Env {
		if strings.HasPrefix(e, "SSL_CERT_FILE=") {
			cmd.Env[i] = "SSL_CERT_FILE=" + filepath.Join(root, CAPath)
		}
	}
	outb, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the image's binary: %v\n%s", err, outb)
	}
	if !strings.Contains(string(outb), "authspec: 1 target passed") {
		t.Errorf("the run does not say the reference passed:\n%s", outb)
	}
	if _, err := os.Stat(filepath.Join(work, "reports", "results.json")); err != nil {
		t.Errorf("no reports from the image's default command: %v", err)
	}
	v, err := exec.Command(filepath.Join(root, BinaryPath), "version").Output()
	if err != nil || !strings.HasPrefix(string(v), "authspec 0.9.2-test\n") {
		t.Errorf("authspec version in the image: %q %v", v, err)
	}
}

// unpack writes the image's filesystem into a temporary folder.
func unpack(t *testing.T, img v1.Image) string {
	t.Helper()
	root := t.TempDir()
	rc := mutate.Extract(img)
	defer rc.Close()
	files := untar(t, rc, root)
	for _, want := range []string{BinaryPath, CAPath, "/etc/passwd", "/etc/group", WorkDir} {
		if !files[strings.TrimPrefix(want, "/")] {
			t.Errorf("the image has no %s", want)
		}
	}
	return root
}

// untar writes a tar stream under root and returns the names it held.
func untar(t *testing.T, r io.Reader, root string) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return names
		}
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(h.Name, "/")
		if strings.Contains(name, "..") {
			t.Fatalf("entry %q leaves the root", h.Name)
		}
		names[name] = true
		target := filepath.Join(root, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o755); err != nil {
				t.Fatal(err)
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(target, data, os.FileMode(h.Mode)&0o777); err != nil {
				t.Fatal(err)
			}
		}
	}
}
