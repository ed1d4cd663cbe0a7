package farm

import (
	"bufio"
	"bytes"
	"errors"
	"net"
	"strconv"
	"strings"
)

// The farm's servers are minimal HTTP/1.1 servers (rawserve, with serve
// below) rather than net/http's, because the farm shares the benchmark
// machine's cores with authspec while it stands for servers elsewhere:
// net/http's server spent a third more CPU per request (a Request and its
// Header map, a background read per request, chunked-writer layers), and
// every cycle the farm spends is taken from the run it measures. What it
// sends is what net/http's server would send for the same answers; the
// farm's tests read it with net/http's client.

// Limits on what a request may hold: authspec's biggest is its oversized
// malformed Authorization field, 8 KiB.
const (
	maxLineBytes = 16 << 10
	maxFields    = 100
	maxBodyBytes = 1 << 20
)

// request is what the farm reads of a request.
type request struct {
	method, target string
	authorization  []string // every Authorization field value
	close          bool     // answer, then close the connection
}

// errBadRequest ends a connection whose request the farm cannot read.
var errBadRequest = errors.New("farm: bad request")

// serve answers the requests of one connection in turn, keeping it open
// between them (HTTP/1.1 persistence) until the client closes it, asks
// to close it, or sends what the farm cannot read.
func (h *handler) serve(c net.Conn) {
	br := bufio.NewReaderSize(c, maxLineBytes)
	var out []byte
	for {
		var req request
		if err := readRequest(br, &req); err != nil {
			if errors.Is(err, errBadRequest) {
				c.Write([]byte("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
			}
			return
		}
		out = h.respond(out[:0], &req)
		if _, err := c.Write(out); err != nil || req.close {
			return
		}
	}
}

// readRequest reads one request head, and discards the content a
// Content-Length announces. A connection that ends before a request
// starts gives the reader's error; anything malformed gives
// errBadRequest.
func readRequest(br *bufio.Reader, req *request) error {
	line, err := readLine(br)
	if err != nil {
		return err
	}
	method, rest, ok1 := strings.Cut(string(line), " ")
	target, version, ok2 := strings.Cut(rest, " ")
	if !ok1 || !ok2 || method == "" || target == "" || !strings.HasPrefix(version, "HTTP/1.") {
		return errBadRequest
	}
	req.method, req.target, req.close = method, target, version == "HTTP/1.0"
	length := 0
	for n := 0; ; n++ {
		line, err := readLine(br)
		if err != nil {
			return errBadRequest
		}
		if len(line) == 0 {
			break
		}
		if n == maxFields {
			return errBadRequest
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return errBadRequest
		}
		v := string(bytes.Trim(value, " \t"))
		switch {
		case bytes.EqualFold(name, []byte("Authorization")):
			req.authorization = append(req.authorization, v)
		case bytes.EqualFold(name, []byte("Connection")):
			req.close = req.close || hasToken(v, "close")
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.Atoi(v); err != nil || length < 0 || length > maxBodyBytes {
				return errBadRequest
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			return errBadRequest // authspec sends no chunked content
		}
	}
	if _, err := br.Discard(length); err != nil {
		return errBadRequest
	}
	return nil
}

// readLine reads one line, without its CRLF (or bare LF). The slice is
// valid until the next read.
func readLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		if errors.Is(err, bufio.ErrBufferFull) {
			return nil, errBadRequest
		}
		return nil, err
	}
	line = line[:len(line)-1]
	return bytes.TrimSuffix(line, []byte("\r")), nil
}

// hasToken reports whether a comma-separated field value lists token,
// in any case.
func hasToken(value, token string) bool {
	for part := range strings.SplitSeq(value, ",") {
		if strings.EqualFold(strings.TrimSpace(part), token) {
			return true
		}
	}
	return false
}
