package report

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// errWouldBlock is lockFile's error when another process holds the lock.
var errWouldBlock = unix.EWOULDBLOCK

// lockFile takes flock(2) on f without waiting; the kernel lets it go when
// the process ends.
func lockFile(f *os.File) error {
	return unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
}

// exchangeFolders swaps tmp and dir in one step (renameat2 with
// RENAME_EXCHANGE).
func exchangeFolders(tmp, dir string) error {
	return unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dir, unix.RENAME_EXCHANGE)
}

// exchangeUnsupported reports whether exchangeFolders failed because the
// kernel or file system cannot exchange, so the caller renames instead.
func exchangeUnsupported(err error) bool {
	return errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, syscall.EOPNOTSUPP)
}
