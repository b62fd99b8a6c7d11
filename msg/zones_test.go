package msg

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Times render from the zone database compiled into the worker, never from the machine: a worker
// whose ZONEINFO (or system tzdata) says something else about Asia/Shanghai renders the same
// times as every other worker.
func TestTimesRenderFromTheEmbeddedZoneDatabase(t *testing.T) {
	berlin, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "lib", "time", "zoneinfo.zip"))
	require.NoError(t, err)
	berlin = zoneFile(t, berlin, "Europe/Berlin")
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "Asia"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Asia", "Shanghai"), berlin, 0o644))
	t.Setenv("ZONEINFO", dir)

	at := time.Date(2027, 10, 20, 10, 0, 0, 0, time.UTC)
	zh, en := For(Chinese), For(English)
	kept := func(t time.Time, tz string) string { return Say("x", "At", At{T: t, TZ: tz}).Args["At"] }
	assert.Equal(t, "2027年10月20日 18:00", zh.When(kept(at, "Asia/Shanghai")), "the machine's zone files are not read")
	assert.Equal(t, "2027-10-20 18:00 CST", en.When(kept(at, "Asia/Shanghai")))
	assert.Equal(t, "2027-10-20 12:00 CEST", en.When(kept(at, "Europe/Berlin")), "summer time from the zone's rules")
	assert.Equal(t, "2027-10-20 10:00 UTC", en.When(kept(at, "Nowhere/Else")))
	assert.Equal(t, "2027年10月20日 10:00:05", zh.When(kept(at.Add(5*time.Second), "")), "seconds only when there are any")
}

// zoneFile takes one zone's file out of a zoneinfo.zip.
func zoneFile(t *testing.T, zipped []byte, name string) []byte {
	r, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	require.NoError(t, err)
	f, err := r.Open(name)
	require.NoError(t, err)
	defer f.Close()
	b, err := io.ReadAll(f)
	require.NoError(t, err)
	return b
}
