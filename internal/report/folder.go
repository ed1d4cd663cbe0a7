package report

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrReportsLocked is the error of LockReports when another run holds the
// folder.
var ErrReportsLocked = errors.New("locked")

// maxLockTries bounds LockReports's retries when the lock file it locked
// was removed under it by the run that held it.
const maxLockTries = 10

// LockReports takes the lock of a reports folder for this process, so
// that two runs (or merges) into one folder cannot mix their files: the
// second is refused at once, wrapping ErrReportsLocked, before it sends
// anything. The lock is flock(2) on a file beside the folder
// (".<name>.authspec-lock"), which the kernel lets go when the process
// ends however it ends, so a run that crashed leaves no stale lock, only
// a file that the next run locks again. Where the folder's parent cannot
// be written, the lock file is inside the folder. unlock removes the file
// and lets the lock go.
func LockReports(dir string) (unlock func(), err error) {
	path := lockPath(dir)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	for range maxLockTries {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil && path != innerLockPath(dir) {
			// Nothing can be made beside the folder (a read-only or
			// foreign parent, as for a container's mounted volume).
			path = innerLockPath(dir)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := lockFile(f); err != nil {
			holder := readHolder(f)
			f.Close()
			if errors.Is(err, errWouldBlock) {
				return nil, fmt.Errorf("%w: another authspec%s is writing reports into %s; wait for it to end, or name another folder with -reports", ErrReportsLocked, holder, dir)
			}
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		if !sameInode(f, path) {
			f.Close() // the holder removed it as we opened it: lock the new one
			continue
		}
		_ = f.Truncate(0)
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
		return func() {
			os.Remove(path)
			f.Close()
		}, nil
	}
	return nil, fmt.Errorf("%w: the lock of %s kept changing hands", ErrReportsLocked, dir)
}

// lockPath is the lock file beside dir.
func lockPath(dir string) string {
	abs := absPath(dir)
	return filepath.Join(filepath.Dir(abs), "."+filepath.Base(abs)+".authspec-lock")
}

// innerLockPath is the lock file inside dir, for a parent that cannot be
// written.
func innerLockPath(dir string) string { return filepath.Join(absPath(dir), innerLockName) }

const innerLockName = ".authspec-lock"

// readHolder is " (pid N)" from a lock file, or "" when it says nothing
// readable.
func readHolder(f *os.File) string {
	buf := make([]byte, 16)
	n, _ := f.ReadAt(buf, 0)
	pid, err := strconv.Atoi(strings.TrimSpace(string(buf[:n])))
	if err != nil || pid <= 0 {
		return ""
	}
	return " run (pid " + strconv.Itoa(pid) + ")"
}

// sameInode reports whether the open file f is still the file at path.
func sameInode(f *os.File, path string) bool {
	a, err1 := f.Stat()
	b, err2 := os.Stat(path)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}

// absPath is path made absolute and clean (as it is when that fails).
func absPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}

// writeFolder writes the reports into a new folder beside dir, then puts
// them in place: a folder that holds nothing but authspec's reports is
// swapped for the new one in one rename (renameat2 RENAME_EXCHANGE, or
// two renames where the file system cannot exchange), so a reader sees
// one run's reports or the other's, never a mix, and a run that fails
// while writing leaves the last reports whole. A folder that holds other
// files too (or is a symbolic link) keeps them: the reports are moved in
// one by one, once all of them were written. Where nothing can be made
// beside the folder, or it cannot be swapped (a mounted volume, a parent
// that is not writable, as in a container), the reports are staged in a
// hidden folder inside it and moved in one by one.
func writeFolder(dir string, write func(tmp string) error) error {
	abs := absPath(dir)
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := stage(parent, "."+filepath.Base(abs)+".authspec-new-*")
	if err != nil {
		return writeInside(abs, write)
	}
	defer os.RemoveAll(tmp)
	if err := write(tmp); err != nil {
		return err
	}
	if err := place(tmp, abs); err != nil {
		// The folder could not take the new one's place (a mount point,
		// say): its files are moved in from inside it instead.
		return writeInside(abs, func(in string) error { return copyReports(tmp, in) })
	}
	return nil
}

// stage makes a temporary folder in parent with the mode of any build
// output.
func stage(parent, pattern string) (string, error) {
	tmp, err := os.MkdirTemp(parent, pattern)
	if err != nil {
		return "", err
	}
	if err := os.Chmod(tmp, 0o755&^umask()); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	return tmp, nil
}

// place puts the written folder tmp where dir is (see writeFolder).
func place(tmp, dir string) error {
	if failPlacing != nil {
		return failPlacing
	}
	fi, err := os.Lstat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return os.Rename(tmp, dir)
	case err != nil:
		return err
	case fi.IsDir() && onlyReports(dir):
		return swapFolders(tmp, dir)
	}
	return moveReports(tmp, dir)
}

// failPlacing, set by tests, makes place fail as on a mount point.
var failPlacing error

// writeInside writes the reports into a hidden folder inside dir, then
// moves them into dir, each by a rename within the folder.
func writeInside(dir string, write func(tmp string) error) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := stage(dir, ".authspec-new-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := write(tmp); err != nil {
		return err
	}
	return moveReports(tmp, dir)
}

// moveReports renames every report of folder from into folder to.
func moveReports(from, to string) error {
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	for _, name := range Files() {
		if err := os.Rename(filepath.Join(from, name), filepath.Join(to, name)); err != nil {
			return err
		}
	}
	return nil
}

// copyReports copies every report of folder from into folder to.
func copyReports(from, to string) error {
	for _, name := range Files() {
		err := writeAtomic(filepath.Join(to, name), func(f *os.File) error {
			src, err := os.Open(filepath.Join(from, name))
			if err != nil {
				return err
			}
			defer src.Close()
			_, err = io.Copy(f, src)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// swapFolders puts the folder tmp in dir's place and removes the old one.
func swapFolders(tmp, dir string) error {
	err := exchangeFolders(tmp, dir)
	if err == nil {
		return nil // tmp now holds the old reports; the caller removes it
	}
	if !exchangeUnsupported(err) {
		return err
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		_ = os.Rename(old, dir)
		return err
	}
	return os.RemoveAll(old)
}

// onlyReports reports whether dir holds nothing but authspec's reports
// (and its temporary files), so that swapping it away loses nothing else.
func onlyReports(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	ours := map[string]bool{}
	for _, name := range Files() {
		ours[name] = true
	}
	for _, e := range entries {
		if !ours[e.Name()] && !strings.HasPrefix(e.Name(), ".authspec-") || e.Name() == innerLockName {
			return false
		}
	}
	return true
}
