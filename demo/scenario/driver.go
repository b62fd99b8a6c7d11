// Package scenario is the example the demo shows and the integration tests check: a whole
// campaign (and evaluation rounds) done through the office's actions against a running back
// end, step by step as an office would work, each act and view shown as the CLI verb that
// does the same.
package scenario

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.temporal.io/sdk/client"

	"wenming/msg"
	"wenming/office"
	"wenming/workflows"
)

// Driver does the scenario's acts through the office (see Act) and shows what a person reads
// through the office's queries (see View).
type Driver struct {
	Ctx    context.Context
	Office *office.Office // the office the acts go through
	// CLI, when set, runs a CLI command line (cli.Run, given by the CLI's tests): each act's
	// verb runs after the office did the act and must be answered as the same act.
	CLI func(ctx context.Context, argv []string, out, errOut io.Writer) int
	// CLIFirst, with CLI, does each act through its verb first, as an administrator types it;
	// then the office must answer it as the same act done again (the demo's test runs so, the
	// CLI's own tests the other way round).
	CLIFirst bool
	Flags    []string  // connection flags added to every CLI command (--address, --database-url, --task-queue)
	Out      io.Writer // each command as typed, and what it printed
	Client   client.Client
	Root     string // the repository, for examples/ and standards/
	Dir      string // where generated sheets are written
	// Stretch multiplies every duration of the demo's campaign spec and schedules (0 or 1: as
	// written), for runs that must tolerate pauses (tests of faults).
	Stretch int
	// OnStep, when set, runs as each step begins, before its commands (tests of faults stop
	// and start parts of the stack there).
	OnStep func(title string)
	// P is the language the demo narrates in (nil: Chinese). The commands it runs speak the
	// language of their environment (--lang, WENMING_LANG, LANG), as an administrator's would.
	P *msg.Printer

	// What the runs ran, named once as they begin: a run that crosses the end of a quarter,
	// half-year or month still names its rounds and its briefing month rightly.
	pioneer, redflag string // the rounds RunRounds started
	year             int    // the year of the demo's quarter: its year-end round
	month            string // the month RunCampaign began in (Asia/Shanghai), for the briefing
}

// Rounds are the rounds RunRounds started (empty before it ran).
func (d *Driver) Rounds() (pioneer, redflag string) { return d.pioneer, d.redflag }

// Year is the year of the demo's quarter, whose year-end round RunYearEnd runs.
func (d *Driver) Year() int { return d.year }

// Month is the month the campaign began in, as the briefing names it (2026-12).
func (d *Driver) Month() string { return d.month }

// seconds is a duration in seconds as the demo's files write it: "15s", "+4s".
var seconds = regexp.MustCompile(`\b(\d+)s\b`)

// Example is an example file as this run uses it: as written, or with its durations stretched
// into a copy under Dir.
func (d *Driver) Example(rel string) (string, error) {
	path := d.Path(rel)
	if d.Stretch <= 1 {
		return path, nil
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	stretched := seconds.ReplaceAllStringFunc(string(text), func(m string) string {
		n, _ := strconv.Atoi(strings.TrimSuffix(m, "s"))
		return strconv.Itoa(n*d.Stretch) + "s"
	})
	return d.Write(filepath.Base(rel), stretched)
}

// Step prints the heading of a part of the scenario, a catalogue message; OnStep gets its
// Chinese, which starts with the part's name (组织实施 ...).
func (d *Driver) Step(id string) {
	d.say("\n== " + d.tr(id) + " ==")
	if d.OnStep != nil {
		d.OnStep(msg.Say(id).String())
	}
}

// tr is a catalogue message in the demo's language.
func (d *Driver) tr(id string, pairs ...any) string {
	p := d.P
	if p == nil {
		p = msg.For(msg.Chinese)
	}
	return p.Render(msg.Say(id, pairs...))
}

// say prints a line of the demo's narration.
func (d *Driver) say(line string) { fmt.Fprintln(d.Out, line) }

func quote(argv []string) []string {
	out := make([]string, len(argv))
	for i, a := range argv {
		if strings.ContainsAny(a, " \t'\"") {
			a = strconv.Quote(a)
		}
		out[i] = a
	}
	return out
}

// Path is a file of the repository.
func (d *Driver) Path(rel string) string { return filepath.Join(d.Root, rel) }

// Write puts a generated file into the scenario's directory and returns its path.
func (d *Driver) Write(name, text string) (string, error) {
	p := filepath.Join(d.Dir, name)
	return p, os.WriteFile(p, []byte(text), 0o644)
}

// WaitCampaign waits until the campaign's status satisfies cond.
func (d *Driver) WaitCampaign(id, what string, cond func(workflows.CampaignStatus) bool) error {
	return d.wait(workflows.CampaignWorkflowID(id), what, func(get func(any) error) bool {
		var st workflows.CampaignStatus
		return get(&st) == nil && cond(st)
	})
}

// WaitUnit waits until a unit's status in a campaign satisfies cond.
func (d *Driver) WaitUnit(campaignID, unitID, what string, cond func(workflows.UnitStatus) bool) error {
	return d.wait(workflows.UnitWorkflowID(campaignID, unitID), what, func(get func(any) error) bool {
		var st workflows.UnitStatus
		return get(&st) == nil && cond(st)
	})
}

// wait waits until the workflow's status satisfies ok, as the workflow has committed it.
//
// A query can answer from a worker's state one step ahead of the workflow's history: the
// worker has run a workflow task (a timer fired, say) but not yet reported it done, and if it
// dies then, the task runs again elsewhere. A submission sent at once would meet the state
// from before that step and be refused (a phase not yet open). So a status that satisfies ok
// counts only once no workflow task is pending: then its step is in the history.
func (d *Driver) wait(workflowID, what string, ok func(get func(any) error) bool) error {
	d.say("\n" + d.tr("demo.waiting", "What", msg.Say(what)))
	ctx, cancel := context.WithTimeout(d.Ctx, 3*time.Minute)
	defer cancel()
	for delay := 50 * time.Millisecond; ; delay = min(2*delay, time.Second) {
		if v, err := d.Client.QueryWorkflow(ctx, workflowID, "", workflows.QueryStatus); err == nil && ok(v.Get) {
			desc, err := d.Client.DescribeWorkflowExecution(ctx, workflowID, "")
			if err == nil && desc.GetPendingWorkflowTask() == nil {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: gave up waiting for %s: %w", workflowID, what, ctx.Err())
		case <-time.After(delay):
		}
	}
}
