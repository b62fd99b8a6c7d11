// Package e2e holds what the end-to-end test packages under integration/ share: the stack
// they run on, a driver of the CLI's verbs with the demo's rosters, the demo's expected
// results and reports, worker processes and the faults done to them. The tests are split into
// packages (demo, faults, cluster, verbs) so that each finishes well inside its timeout on
// CI's two cores; this package is not a test itself.
package e2e

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"wenming/cli"
	"wenming/demo/scenario"
	"wenming/office"
	"wenming/rules/campaign"
	"wenming/testenv/dbsnap"
	"wenming/testenv/stacktest"
)

// Main starts PostgreSQL and Temporal for a test package and runs its tests. The tests read
// what the product prints in its default language, whatever the machine's locale says.
func Main(m *testing.M) {
	os.Setenv("WENMING_LANG", "zh")
	stacktest.Main(m)
}

// Root is the repository's folder: the examples, standards and the worker's source are
// found from it, whichever package under integration/ runs.
var Root = func() string {
	dir, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			panic("e2e: no go.mod above the test's folder")
		}
		dir = parent
	}
}()

// Example is the path of a file under examples/.
func Example(name string) string { return filepath.Join(Root, "examples", name) }

// RecordHistories, when set, is the folder where the demo's tests keep the longest history of
// each workflow type for the replay tests (go tool task histories).
var RecordHistories = flag.String("record-histories", "", "write the longest history of each workflow type of the demo run into this folder (go tool task histories)")

// NewDriver drives the scenario against the test's stack, with the demo's rosters imported:
// each act through the office, then through its CLI verb, which must be answered as the same
// act (Driver.CLI).
func NewDriver(t *testing.T, env *stacktest.Env) (*Driver, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	// A bound, not a measure: the longest user, the campaign under SIGKILLs, takes 5 to 6 min.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	t.Cleanup(cancel)
	acts := office.New(office.Opened{Client: env.Client, DB: env.DB}, "integration")
	acts.TaskQueue = env.TaskQueue
	d := &Driver{&scenario.Driver{Ctx: ctx, Office: acts, CLI: cli.Run, Out: &out, Client: env.Client, Root: Root, Dir: t.TempDir(),
		Flags: []string{"--address", env.Address, "--database-url", env.DBURL, "--task-queue", env.TaskQueue, "--by", "integration"}}}
	// The demo's rosters, as its setup imports them: the windows are units, and the register of
	// titles held decides who may declare the unit title.
	for _, roster := range [][2]string{{"units", "units"}, {"units", "windows"}, {"branches", "branches"}, {"members", "members"}, {"titles", "titles"}} {
		require.Equal(t, 0, cli.Run(ctx, append([]string{"roster", "import", roster[0], Example(roster[1] + ".csv")}, d.Flags...), &out, &out), out.String())
	}
	return d, &out
}

// Driver is the scenario's driver with the CLI's command lines, for the CLI's own end-to-end
// tests.
type Driver struct{ *scenario.Driver }

// Run runs one command line that must succeed, printing it and its output on the driver's.
func (d *Driver) Run(argv ...string) error {
	if code := d.exec(argv, ""); code != 0 {
		return fmt.Errorf("starter %s exited with %d", strings.Join(argv, " "), code)
	}
	return nil
}

// Refused runs a command line that must be refused as bad input (exit status 2).
func (d *Driver) Refused(argv ...string) error {
	if code := d.exec(argv, "    # refused on purpose"); code != 2 {
		return fmt.Errorf("starter %s exited with %d, expected 2 (refused)", strings.Join(argv, " "), code)
	}
	return nil
}

func (d *Driver) exec(argv []string, note string) int {
	fmt.Fprintf(d.Out, "\n$ starter %s%s\n", strings.Join(argv, " "), note)
	return d.CLI(d.Ctx, append(argv, d.Flags...), d.Out, d.Out)
}

// Run runs a CLI command line on its own output (for commands run concurrently).
func Run(ctx context.Context, flags []string, argv ...string) (int, string) {
	var out bytes.Buffer
	code := cli.Run(ctx, append(argv, flags...), &out, &out)
	return code, out.String()
}

// Comparable is what two runs of the demo's scenario must hold alike, row for row: every table
// but what the periodic checks saw when they ran (the weekly progress checks, the worker
// check), and without the plans and round configurations that hold the durations, which a
// run stretched for faults writes longer, or the audit log's chain, which is in the order the
// lines were committed and hashes their times.
var Comparable = dbsnap.Options{IgnoreTables: []string{"reminders", "supervision_checks", "worker_checks"},
	IgnoreColumns: []string{"campaigns.plan", "rounds.config", "audit_log.chain_seq", "audit_log.prev_hash", "audit_log.row_hash"}}

// RowDiff is what differs between two runs' rows (see Comparable). Runs that crossed midnight
// where the product dates its records (the office's time zone) may rightly date the same
// record a day apart, so then calendar days are left out of the comparison, and the test says
// so; since is when the earlier run began.
func RowDiff(t *testing.T, want, got dbsnap.Snapshot, since time.Time) []string {
	t.Helper()
	if crossedMidnight(since, time.Now()) {
		t.Logf("the runs crossed midnight in %s: calendar days are not compared", campaign.DefaultTimezone)
		return dbsnap.Diff(want.WithoutDays(), got.WithoutDays())
	}
	return dbsnap.Diff(want, got)
}

// crossedMidnight says whether from and to fall on different days in the office's time zone.
func crossedMidnight(from, to time.Time) bool {
	loc, err := time.LoadLocation(campaign.DefaultTimezone)
	if err != nil {
		return true // unknown: compare without days rather than fail for the calendar
	}
	y1, m1, d1 := from.In(loc).Date()
	y2, m2, d2 := to.In(loc).Date()
	return y1 != y2 || m1 != m2 || d1 != d2
}
