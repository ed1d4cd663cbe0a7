// Package browser starts Debian's headless Chromium for the tests and tools
// that look at report.html as a person would: the browser test of the
// report and `make screenshot`. It drives Chromium over the DevTools
// protocol with chromedp.
//
// Chromium is not needed to build or test authspec: only the CI stage that
// installs it runs the browser test. The flags keep it off the network: it
// must not try to reach Google's services (it would hang on them where the
// network is closed) and must load nothing but the file it is given.
package browser

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/chromedp/chromedp"
)

// Names Chromium's command has on Debian and elsewhere, tried in order.
var commands = []string{"chromium", "chromium-browser"}

// ErrNoChromium says Chromium is not installed.
var ErrNoChromium = errors.New("chromium is not installed: install Debian's chromium package (apt-get install chromium)")

// Find returns the path of Chromium's command.
func Find() (string, error) {
	for _, name := range commands {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", ErrNoChromium
}

// Start starts a headless Chromium with a page of width × height pixels
// and a fresh profile, and returns a chromedp context for its first tab.
// stop ends the browser and removes the profile.
func Start(parent context.Context, width, height int) (ctx context.Context, stop func(), err error) {
	path, err := Find()
	if err != nil {
		return nil, nil, err
	}
	profile, err := os.MkdirTemp("", "authspec-chromium-")
	if err != nil {
		return nil, nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(width, height),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true), // CI runs as root, where the sandbox cannot start
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("font-render-hinting", "none"),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(parent, opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	stop = func() {
		cancelTab()
		cancelAlloc()
		os.RemoveAll(profile)
	}
	// The first action starts the browser: fail here, with the reason,
	// rather than in the caller's first step.
	// The window includes the browser's own frame; the page gets exactly
	// width × height.
	if err := chromedp.Do(tabCtx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		stop()
		return nil, nil, fmt.Errorf("starting %s: %w", path, err)
	}
	return tabCtx, stop, nil
}

// OpenReport loads the report.html at path from file:// and waits until
// its script has drawn the matrix.
func OpenReport(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	return chromedp.Do(ctx,
		chromedp.Navigate(u.String()),
		chromedp.WaitVisible(chromedp.CSS(`html[data-ready="true"] #matrix`)),
	)
}
