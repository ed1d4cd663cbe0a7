package report

import "os"

// readUmask: Windows has no umask; file modes there are advisory.
func readUmask() os.FileMode { return 0 }
