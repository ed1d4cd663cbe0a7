//go:build unix && !linux

package report

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// errWouldBlock is lockFile's error when another process holds the lock.
var errWouldBlock = unix.EWOULDBLOCK

// lockFile takes flock(2) on f without waiting.
func lockFile(f *os.File) error {
	return unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
}

// errNoExchange: only Linux exchanges two paths in one step (renameat2);
// elsewhere swapFolders renames one after the other.
var errNoExchange = errors.New("no atomic exchange of folders here")

func exchangeFolders(tmp, dir string) error { return errNoExchange }

func exchangeUnsupported(err error) bool { return errors.Is(err, errNoExchange) }
