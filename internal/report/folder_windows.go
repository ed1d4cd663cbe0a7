package report

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// errWouldBlock is lockFile's error when another process holds the lock.
var errWouldBlock = windows.ERROR_LOCK_VIOLATION

// lockFile locks f's first byte (LockFileEx) without waiting; Windows lets
// it go when the process ends.
func lockFile(f *os.File) error {
	var ol windows.Overlapped
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
}

// errNoExchange: Windows cannot exchange two folders in one step; the
// caller renames one after the other.
var errNoExchange = errors.New("no atomic exchange of folders here")

func exchangeFolders(tmp, dir string) error { return errNoExchange }

func exchangeUnsupported(err error) bool { return errors.Is(err, errNoExchange) }
