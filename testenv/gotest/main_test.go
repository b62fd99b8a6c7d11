package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A failed package's whole output is printed and kept in a file; a passed one is a line with
// its share of the timeout; a package past half its timeout is named at the end.
func TestTheRunnerKeepsAFailedPackagesOutput(t *testing.T) {
	var out strings.Builder
	r := &runner{timeout: 10 * time.Minute, packages: map[string]*pkg{}, out: &out, logDir: t.TempDir()}
	events := `{"Action":"start","Package":"wenming/a"}
{"Action":"output","Package":"wenming/a","Test":"TestX","Output":"=== RUN   TestX\n"}
{"Action":"output","Package":"wenming/a","Test":"TestX","Output":"    x_test.go:9: the rows differ\n"}
{"Action":"fail","Package":"wenming/a","Test":"TestX","Elapsed":1}
{"Action":"fail","Package":"wenming/a","Elapsed":360}
{"Action":"output","Package":"wenming/b","Output":"ok\n"}
{"Action":"pass","Package":"wenming/b","Elapsed":2.5}
{"Action":"skip","Package":"wenming/c","Elapsed":0}
not json: go's own message
`
	r.read(strings.NewReader(events))
	r.summary()
	text := out.String()
	assert.Contains(t, text, "    x_test.go:9: the rows differ\n", "the failed package's output is printed")
	assert.Contains(t, text, "ok  \twenming/b\t2.5s (0% of the 10m0s timeout)")
	assert.Contains(t, text, "WARNING: wenming/a took more than half its timeout (6m0s of 10m0s)")
	assert.NotContains(t, text, "wenming/c", "a package without tests is not listed")
	assert.Contains(t, text, "not json: go's own message")
	log := filepath.Join(r.logDir, "wenming-test-wenming-a.log")
	assert.Contains(t, text, "failed: wenming/a: "+log)
	kept, err := os.ReadFile(log)
	require.NoError(t, err)
	assert.Contains(t, string(kept), "the rows differ")
	assert.NotContains(t, text, "WARNING: wenming/b")
}

func TestTimeoutOfReadsGoTestsFlag(t *testing.T) {
	for args, want := range map[string]time.Duration{
		"-timeout 25m ./...": 25 * time.Minute, "-timeout=90s -v": 90 * time.Second, "./...": 10 * time.Minute,
	} {
		assert.Equal(t, want, timeoutOf(strings.Fields(args)), args)
	}
}
