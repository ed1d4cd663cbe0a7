package report

import (
	"fmt"
	"testing"
)

// countingWriter counts what is written to it.
type countingWriter struct{ n int }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	return len(p), nil
}

// BenchmarkWriteHTML writes the report of 1,000 and of 5,000 resources and
// reports its size: report.html must stay linear in the resources and a
// few megabytes at most. (How long a browser takes to load it is logged by
// the browser test, report/htmlbrowser.)
func BenchmarkWriteHTML(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		run := bigRun(n)
		b.Run(fmt.Sprintf("resources=%d", n), func(b *testing.B) {
			var size int
			for b.Loop() {
				var w countingWriter
				if err := WriteHTML(&w, run); err != nil {
					b.Fatal(err)
				}
				size = w.n
			}
			b.ReportMetric(float64(size), "bytes/report")
		})
	}
}
