package openapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"syscall"
	"time"

	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/probe"
)

// MaxDocumentSize is the most bytes read of a document or of a file one of
// its $refs points to. Large public APIs describe themselves in a few
// megabytes; the cap keeps a wrong URL or a hostile server from filling
// memory.
const MaxDocumentSize = 16 << 20

// reader reads documents for one target: files from disk, http(s) URLs
// with the target's TLS settings and timeout, both size-limited.
type reader struct {
	client  *http.Client
	timeout time.Duration
}

// newReader prepares the reader of target t. The http client ignores
// proxies from the environment and follows no redirect to another host,
// like the probes: the document is read from where targets.yaml says.
func newReader(t *config.Target) (*reader, error) {
	conf, err := probe.ClientTLSConfig(t.TLS) // as the probes connect
	if err != nil {
		return nil, err
	}
	timeout := t.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	tr := &http.Transport{TLSClientConfig: conf, Proxy: nil, ResponseHeaderTimeout: timeout}
	client := &http.Client{
		Transport: tr,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("more than 5 redirects")
			}
			if req.URL.Host != via[0].URL.Host {
				return fmt.Errorf("redirected to another host (%s)", req.URL.Host)
			}
			return nil
		},
	}
	return &reader{client: client, timeout: timeout}, nil
}

// read returns the bytes at u: a file (u has no scheme) or an http(s) URL.
func (r *reader) read(u *url.URL) ([]byte, error) {
	if u.Scheme == "" || u.Scheme == "file" {
		return readFile(u.Path)
	}
	return r.fetch(u)
}

// readFile reads at most MaxDocumentSize bytes of a regular file. What is
// not one (a FIFO, a device, a socket, a folder) is refused before it is
// opened: opening a FIFO for reading blocks until a writer comes, and a
// device may never end. The file is opened without blocking all the same,
// and checked again once open, in case it was replaced in between.
func readFile(path string) ([]byte, error) {
	if info, err := os.Stat(path); err != nil {
		return nil, unwrapPath(err)
	} else if err := regular(info); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, unwrapPath(err)
	}
	if err := regular(info); err != nil {
		return nil, err
	}
	return capped(f)
}

// regular refuses what is not a regular file, saying what it is.
func regular(info os.FileInfo) error {
	m := info.Mode()
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return errors.New("is a folder, not a regular file")
	case m&os.ModeNamedPipe != 0:
		return errors.New("is a FIFO, not a regular file")
	case m&os.ModeDevice != 0:
		return errors.New("is a device, not a regular file")
	}
	return errors.New("is not a regular file")
}

// fetch GETs an http(s) URL within the target's timeout.
func (r *reader) fetch(u *url.URL) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), r.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/vnd.oai.openapi, application/yaml, application/json;q=0.9, */*;q=0.5")
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, r.describe(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetching it got %s, not 200 OK", resp.Status)
	}
	return capped(resp.Body)
}

// describe says why a fetch failed without repeating the URL, which the
// message names already, and names a timeout as the target's setting.
func (r *reader) describe(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return fmt.Errorf("no answer within %v (the target's timeout)", r.timeout)
		}
		return ue.Err
	}
	return err
}

// capped reads all of rd, failing past MaxDocumentSize.
func capped(rd io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(rd, MaxDocumentSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxDocumentSize {
		return nil, fmt.Errorf("is larger than %d MiB", MaxDocumentSize>>20)
	}
	return data, nil
}

// unwrapPath drops the path an *os.PathError repeats: messages name the
// document already.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
