package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// Two builds of the same release are the same bytes: the archive and
// SHA256SUMS (make test builds one platform, the host's; the CI stage
// builds them all). The archive holds the binary, the README, the licence,
// the changelog, targets.yaml and its schema, and its binary says its
// version.
func TestReleaseIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("builds authspec twice")
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	platform := runtime.GOOS + "/" + runtime.GOARCH
	var dirs []string
	for range 2 {
		dir := t.TempDir()
		opts := Options{Version: "v0.9.1-test", Out: dir, Platforms: []string{platform}, Root: "../.."}
		if _, err := Build(opts); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, dir)
	}
	a, b := listing(t, dirs[0]), listing(t, dirs[1])
	if strings.Join(a, ",") != strings.Join(b, ",") || len(a) != 2 {
		t.Fatalf("the builds wrote %v and %v", a, b)
	}
	for _, name := range a {
		x, _ := os.ReadFile(filepath.Join(dirs[0], name))
		y, _ := os.ReadFile(filepath.Join(dirs[1], name))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds of the same source", name)
		}
	}
	checkSums(t, dirs[0])
	folder := "authspec_0.9.1-test_" + runtime.GOOS + "_" + runtime.GOARCH
	archive := filepath.Join(dirs[0], folder+".tar.gz")
	if runtime.GOOS == "windows" {
		t.Skip("the zip's contents are checked on unix hosts")
	}
	files := untar(t, archive, t.TempDir())
	want := []string{folder + "/", folder + "/CHANGELOG.md", folder + "/LICENSE", folder + "/README.md", folder + "/authspec", folder + "/schema/", folder + "/schema/targets.schema.json", folder + "/targets.yaml"}
	sort.Strings(files.names)
	if strings.Join(files.names, ",") != strings.Join(want, ",") {
		t.Errorf("the archive holds %v, want %v", files.names, want)
	}
	if files.mtime != 1700000000 {
		t.Errorf("entries carry time %d, want SOURCE_DATE_EPOCH", files.mtime)
	}
	out, err := exec.Command(filepath.Join(files.dir, folder, "authspec"), "version").Output()
	if err != nil {
		t.Fatalf("the released binary: %v", err)
	}
	if !strings.HasPrefix(string(out), "authspec 0.9.1-test\n") {
		t.Errorf("authspec version printed %q", out)
	}
}

func TestReleaseRefusesABadVersion(t *testing.T) {
	for _, v := range []string{"", "0.2.0", "v0.2", "latest", "v1.2.3;rm"} {
		if _, err := Build(Options{Version: v, Out: t.TempDir(), Platforms: []string{"linux/amd64"}}); err == nil {
			t.Errorf("version %q accepted", v)
		}
	}
}

func listing(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// checkSums verifies SHA256SUMS as sha256sum -c would.
func checkSums(t *testing.T, dir string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, SumsFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) == 0 {
		t.Fatal("SHA256SUMS is empty")
	}
	for _, line := range lines {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok {
			t.Fatalf("SHA256SUMS line %q", line)
		}
		content, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got := sha256.Sum256(content)
		if hex.EncodeToString(got[:]) != sum {
			t.Errorf("SHA256SUMS is wrong for %s", name)
		}
	}
}

type unpacked struct {
	names []string
	mtime int64
	dir   string
}

func untar(t *testing.T, path, dir string) unpacked {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	u := unpacked{dir: dir}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		u.names = append(u.names, h.Name)
		u.mtime = h.ModTime.Unix()
		if h.Uid != 0 || h.Gid != 0 || h.Uname != "" {
			t.Errorf("%s is owned by %d:%d %q, want 0:0", h.Name, h.Uid, h.Gid, h.Uname)
		}
		target := filepath.Join(dir, filepath.FromSlash(h.Name))
		if h.Typeflag == tar.TypeDir {
			if err := os.MkdirAll(target, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, data, os.FileMode(h.Mode)); err != nil {
			t.Fatal(err)
		}
	}
	return u
}
