package workflows

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"io"
	"sync"
	"time"
)

// zoneinfo is the IANA time-zone database as Go 1.26 ships it (lib/time/zoneinfo.zip),
// compiled into the worker. Workflow code reads zones only from here, never from the
// machine's files or environment: every worker running the same build renders a time the
// same way, whatever tzdata its machine has. What it renders is display only (details,
// receipts, timer summaries), which replay does not compare, so a later build with newer zone
// rules changes words on a screen, never a decision.
//
//go:embed zoneinfo/zoneinfo.zip
var zoneinfo []byte

var zones struct {
	once  sync.Once
	files map[string]*zip.File
	mu    sync.Mutex
	cache map[string]*time.Location
}

// location returns the named zone from the embedded database; an unknown or empty name is UTC.
func location(tz string) *time.Location {
	zones.once.Do(func() {
		zones.files, zones.cache = map[string]*zip.File{}, map[string]*time.Location{}
		r, err := zip.NewReader(bytes.NewReader(zoneinfo), int64(len(zoneinfo)))
		if err != nil {
			return
		}
		for _, f := range r.File {
			zones.files[f.Name] = f
		}
	})
	zones.mu.Lock()
	defer zones.mu.Unlock()
	if loc, ok := zones.cache[tz]; ok {
		return loc
	}
	loc := time.UTC
	if f, ok := zones.files[tz]; ok && tz != "" {
		if data, err := readZip(f); err == nil {
			if l, err := time.LoadLocationFromTZData(tz, data); err == nil {
				loc = l
			}
		}
	}
	zones.cache[tz] = loc
	return loc
}

func readZip(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// local formats a time for people in the campaign's time zone (display only: no decision
// depends on it). Seconds show only when there are any, as in a compressed demo.
func local(t time.Time, tz string) string {
	loc := location(tz)
	if t.Second() != 0 {
		return t.In(loc).Format("2006-01-02 15:04:05 MST")
	}
	return t.In(loc).Format("2006-01-02 15:04 MST")
}
