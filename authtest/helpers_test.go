package authtest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/onsi/gomega"
	"github.com/onsi/gomega/gleak"
)

func sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }

// gleakT checks that no goroutine started since a snapshot is still
// running, giving closing connections a moment to end.
type gleakT struct{ t *testing.T }

func (g gleakT) Expect(before []gleak.Goroutine) {
	g.t.Helper()
	gomega.NewWithT(g.t).Eventually(gleak.Goroutines).WithTimeout(5 * time.Second).ShouldNot(gleak.HaveLeaked(before))
}
