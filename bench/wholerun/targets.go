package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// writeTargets writes a targets.yaml with one target per farm server. The
// credentials go through ${FARM_USER} and ${FARM_PASS}, as a real file's
// would (a literal secret draws a warning), and the child gets them in its
// environment. The timeout leaves room for the farm's delay.
func writeTargets(path string, urls []string, s scenario, o options) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Written by bench/wholerun for the latency farm: %d targets × %d resources, %v per answer.\n",
		s.targets, s.resources, s.delay)
	fmt.Fprintf(&b, "defaults:\n  timeout: %v\n  concurrency: %d\n  rate: %g\n", s.delay+10*time.Second, o.concurrency, o.rate)
	b.WriteString("targets:\n")
	for i, u := range urls {
		writeTarget(&b, fmt.Sprintf("farm-%03d", i), u, s.resources)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// writeTarget appends one target and its resources /r/0 … /r/n-1.
func writeTarget(b *strings.Builder, name, url string, n int) {
	fmt.Fprintf(b, "  - name: %s\n    url: %s\n    expect_schemes: [Basic]\n", name, url)
	b.WriteString("    credentials:\n      username: ${FARM_USER}\n      password: ${FARM_PASS}\n")
	b.WriteString("    resources:\n")
	for k := range n {
		fmt.Fprintf(b, "      - /r/%d\n", k)
	}
}
