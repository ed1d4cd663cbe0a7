// Package htmlbrowser holds the browser test of report.html: the report of
// a real fixture run, opened from file:// in Debian's headless Chromium
// and driven over the DevTools protocol. It checks what a person sees
// (the matrix's cells, a filter, a cell's evidence) and that the page
// requests nothing from the network, and logs how long a report of 1,000
// resources takes to load.
//
// The test needs Chromium, which a fresh machine does not have, so it runs
// only when AUTHSPEC_CHROMIUM=1, in the CI stage that installs it:
//
//	apt-get install -y chromium
//	AUTHSPEC_CHROMIUM=1 go test -count=1 -run Browser ./report/...
//
// With the variable set and Chromium missing, it fails rather than skips.
package htmlbrowser
