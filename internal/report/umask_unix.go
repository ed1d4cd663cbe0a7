//go:build unix

package report

import (
	"os"
	"syscall"
)

// readUmask reads the process's umask (setting it back at once).
func readUmask() os.FileMode {
	old := syscall.Umask(0)
	syscall.Umask(old)
	return os.FileMode(old)
}
