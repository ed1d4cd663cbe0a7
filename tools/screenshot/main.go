// Command screenshot makes the README's picture of report.html from a real
// run: the suite against a few of authspec's fixture servers (see
// internal/demorun), its report opened in headless Chromium from file://,
// a failing grammar rule clicked so that its evidence and caret show, and
// the window saved as a PNG. `make screenshot` runs it; it needs Debian's
// chromium package.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/authspec/authspec/internal/browser"
	"github.com/authspec/authspec/internal/demorun"
	"github.com/authspec/authspec/internal/report"
)

// pickCell finds the target-level cell of a result whose message points
// into the challenge (it has carets), so the picture shows one, and
// returns its selector.
const pickCell = `(() => {
  const d = JSON.parse(document.getElementById('authspec-data').textContent);
  for (let t = 0; t < d.targets.length; t++)
    for (const x of d.targets[t].results)
      if (x.k && x.o === 'fail') return 'td.cell[data-t="' + t + '"][data-r="' + x.r + '"]:not([data-u])';
  return 'td.cell[data-o="fail"]';
})()`

// fixtureRun runs the suite against the fixtures into ./reports; its
// summary is shown only when verbose.
func fixtureRun(verbose bool) error {
	out := io.Discard
	if verbose {
		out = os.Stderr
	}
	_, err := demorun.Run(".", out)
	return err
}

func main() {
	out := flag.String("out", "docs/report.png", "PNG file to write")
	width := flag.Int("width", 1440, "window width in pixels")
	height := flag.Int("height", 800, "window height in pixels")
	verbose := flag.Bool("v", false, "show the suite's output")
	flag.Parse()
	if err := run(*out, *width, *height, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "screenshot:", err)
		os.Exit(1)
	}
}

func run(out string, width, height int, verbose bool) error {
	out, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "authspec-screenshot-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	// The run is made from inside its folder, so the report names its
	// targets file "targets.yaml" as a user's would, not a temporary path.
	if err := os.Chdir(dir); err != nil {
		return err
	}
	if err := fixtureRun(verbose); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	tab, stop, err := browser.Start(ctx, width, height)
	if err != nil {
		return err
	}
	defer stop()
	if err := browser.OpenReport(tab, filepath.Join("reports", report.HTMLFile)); err != nil {
		return fmt.Errorf("opening the report: %w", err)
	}
	sel, err := chromedp.Run(tab, chromedp.Evaluate[string](pickCell))
	if err != nil {
		return err
	}
	// Passes hidden: what broke, with one failure's evidence open.
	if err := chromedp.Do(tab,
		chromedp.Click(chromedp.CSS(`#f-pass`)),
		chromedp.Click(chromedp.CSS(sel)),
		chromedp.WaitVisible(chromedp.CSS(`#detail pre.head`)),
	); err != nil {
		return fmt.Errorf("opening a cell's evidence: %w", err)
	}
	png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(out, png, 0o644); err != nil {
		return err
	}
	fmt.Printf("screenshot: wrote %s (%d bytes)\n", out, len(png))
	return nil
}
