package main

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/probe"
)

func TestVersionSaysVersionCommitAndGo(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.99.1", Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef"}, {Key: "vcs.modified", Value: "true"},
	}}
	var b bytes.Buffer
	writeVersion(&b, info)
	for _, want := range []string{"authspec " + probe.Version + "\n", "commit 0123456789abcdef (modified)\n", "go go1.99.1 "} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("version output lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	writeVersion(&b, nil)
	if !strings.Contains(b.String(), "commit unknown\n") {
		t.Errorf("without build information: %s", b.String())
	}
}
