// Package zones is the IANA time-zone database as Go 1.26 ships it (lib/time/zoneinfo.zip),
// compiled in. Workflow code and the message catalogue read zones only from here, never from
// the machine's files or environment: every worker running the same build renders a time the
// same way, whatever tzdata its machine has. Mostly what they render is display only (details,
// receipts, timer summaries), which replay does not compare. Two things decide by it: a
// decision's date read in the campaign's zone, and the first of each month a monthly ranking
// comes on; a later build whose zone rules moved a campaign's offset would move those, so a Go
// upgrade that changes the zones of running campaigns (Asia/Shanghai has been fixed since
// 1991) is one to replay before deploying.
package zones

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"io"
	"sync"
	"time"
)

//go:embed zoneinfo.zip
var zoneinfo []byte

var db struct {
	once  sync.Once
	files map[string]*zip.File
	mu    sync.Mutex
	cache map[string]*time.Location
}

// Location returns the named zone from the embedded database; an unknown or empty name is UTC.
func Location(tz string) *time.Location {
	db.once.Do(func() {
		db.files, db.cache = map[string]*zip.File{}, map[string]*time.Location{}
		r, err := zip.NewReader(bytes.NewReader(zoneinfo), int64(len(zoneinfo)))
		if err != nil {
			return
		}
		for _, f := range r.File {
			db.files[f.Name] = f
		}
	})
	db.mu.Lock()
	defer db.mu.Unlock()
	if loc, ok := db.cache[tz]; ok {
		return loc
	}
	loc := time.UTC
	if f, ok := db.files[tz]; ok && tz != "" {
		if data, err := readZip(f); err == nil {
			if l, err := time.LoadLocationFromTZData(tz, data); err == nil {
				loc = l
			}
		}
	}
	db.cache[tz] = loc
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
