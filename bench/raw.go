package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The raw figures of a run: every measurement with its passes, the run's date, arguments and
// machine. The harness writes them to a JSON file beside the markdown (BENCHMARKS.json beside
// BENCHMARKS.md) and renders the markdown from that file alone, so the committed pair always
// agrees: a test renders the committed BENCHMARKS.json and compares it with BENCHMARKS.md,
// and `go run ./bench --render` renders it again after a change to the renderer.

// figuresFormat is the raw file's format: raise it when a field changes meaning.
const figuresFormat = 1

// results are the raw figures of one run.
type results struct {
	Format int           `json:"format"`
	Run    runInfo       `json:"run"`
	Sizes  sizes         `json:"sizes"`
	Writes []writeMethod `json:"writes,omitempty"`
	Orch   *orchFigures  `json:"orchestration,omitempty"`
	Runs   []e2e         `json:"runs,omitempty"`
}

// runInfo is when, how and where the run was made.
type runInfo struct {
	Started  time.Time     `json:"started"` // UTC
	Took     time.Duration `json:"took_ns"`
	Quick    bool          `json:"quick"`
	Partial  bool          `json:"partial"` // some parts or sizes chosen on the command line
	Args     string        `json:"args"`    // the command line's arguments
	Machine  string        `json:"machine"`
	Postgres string        `json:"postgres"` // how PostgreSQL ran
	// Note says where the figures came from when the harness did not record them itself.
	Note string `json:"note,omitempty"`
}

// rawPath is the raw figures' file beside a markdown file: BENCHMARKS.md's is BENCHMARKS.json.
func rawPath(markdown string) string {
	return strings.TrimSuffix(markdown, filepath.Ext(markdown)) + ".json"
}

// writeFigures writes the raw figures, indented, one field a line, so that a new run's diff
// reads figure by figure.
func writeFigures(path string, r results) error {
	r.Format = figuresFormat
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// readFigures reads raw figures; a field it does not know is an error, not a figure dropped.
func readFigures(path string) (results, error) {
	var r results
	b, err := os.ReadFile(path)
	if err != nil {
		return r, err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&r); err != nil {
		return r, fmt.Errorf("%s: %w", path, err)
	}
	if r.Format != figuresFormat {
		return r, fmt.Errorf("%s: format %d, this harness reads %d", path, r.Format, figuresFormat)
	}
	return r, nil
}

// spread is a figure measured in passes: their median and their range.
type spread struct {
	Median, Lo, Hi float64
	N              int // passes
}

func spreadOf(xs []float64) spread {
	if len(xs) == 0 {
		return spread{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	m := s[n/2]
	if n%2 == 0 {
		m = (s[n/2-1] + s[n/2]) / 2
	}
	return spread{Median: m, Lo: s[0], Hi: s[n-1], N: n}
}

// show is the median, with the passes' range when there are several.
func (s spread) show(format string) string {
	if s.N < 2 {
		return fmt.Sprintf(format, s.Median)
	}
	return fmt.Sprintf(format+" (passes "+format+"–"+format+")", s.Median, s.Lo, s.Hi)
}

// rangeOf is the passes' range alone, or nothing for one pass.
func (s spread) rangeOf(format string) string {
	if s.N < 2 {
		return ""
	}
	return fmt.Sprintf(format+"–"+format, s.Lo, s.Hi)
}

// atMost judges a target of at most limit from repeated passes: met when every pass is
// within it, missed when none is (by how much, from the median), within noise when the
// passes' range covers the limit. One pass is met or missed.
func atMost(s spread, limit float64, format, miss string) string {
	switch {
	case s.Hi <= limit:
		return "met"
	case s.Lo > limit:
		return "**missed**: " + miss
	default:
		return withinNoise(s, limit, format)
	}
}

// atLeast judges a target of at least limit the same way.
func atLeast(s spread, limit float64, format, miss string) string {
	switch {
	case s.Lo >= limit:
		return "met"
	case s.Hi < limit:
		return "**missed**: " + miss
	default:
		return withinNoise(s, limit, format)
	}
}

func withinNoise(s spread, limit float64, format string) string {
	return fmt.Sprintf("within noise: the passes' "+format+"–"+format+" cover "+format, s.Lo, s.Hi, limit)
}
