package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"wenming/office"
	"wenming/rules/schedule"
	"wenming/store"
	"wenming/workflows"
)

// phase is a timed step of an end-to-end run, or (Aside) a part timed within the step before
// it: the submissions of a campaign's window, which then waits for its deadline.
type phase struct {
	Name  string        `json:"name"`
	Took  time.Duration `json:"took_ns"`
	Aside bool          `json:"aside,omitempty"`
}

// e2e is one end-to-end run at a scale.
type e2e struct {
	What      string           `json:"what"`
	Stack     string           `json:"stack"` // embedded, or the cluster mode with its workers
	Scale     int              `json:"scale"`
	Rows      int              `json:"rows"` // result rows written
	Phases    []phase          `json:"phases"`
	Total     time.Duration    `json:"total_ns"`
	Usage     map[string]usage `json:"usage"` // CPU used during the run, peak memory during the run
	Histories []history        `json:"histories"`
	Profiles  []cpuProfile     `json:"profiles,omitempty"` // of the largest run: where the CPU went, step by step
	Tally     string           `json:"tally,omitempty"`    // of the largest round: EXPLAIN ANALYZE of a branch's tally
	// Processing is a campaign's own time, its waiting windows left out.
	Processing *processing `json:"processing,omitempty"`
}

// processing is what a campaign's own time adds up: its units' starts, the submissions, and
// what follows the last deadline less the notice and the management period it waits out.
type processing struct {
	UnitsStarted     time.Duration `json:"units_started_ns"`
	Submissions      time.Duration `json:"self_checks_and_declarations_ns"`
	Inspections      time.Duration `json:"inspections_ns"`
	Naming           time.Duration `json:"review_and_naming_ns"` // without the notice
	Closing          time.Duration `json:"close_ns"`             // without the management period
	Notice           time.Duration `json:"notice_ns"`
	ManagementPeriod time.Duration `json:"management_period_ns"`
}

func (p processing) total() time.Duration {
	return p.UnitsStarted + p.Submissions + p.Inspections + p.Naming + p.Closing
}

// embedded is the stack of `go tool task demo`: the dev server on SQLite.
const embedded = "embedded"

// pioneerRound runs a whole pioneer-post round for n branches of 20 members: the round opens,
// every branch's sheet of 380 forms is copied in and handed to its branch, the branches
// tally, the committee approves, the notice runs, the posts are awarded. The voting deadline
// is never waited for: the branches settle as their sheets come in.
func pioneerRound(ctx context.Context, e *env, n int, period string, profiled bool) (e2e, error) {
	res := e2e{What: "pioneer round", Stack: e.stack, Scale: n}
	org := newOrg("r"+period, n, 20)
	if err := org.save(ctx, e.db); err != nil {
		return res, fmt.Errorf("save the roster: %w", err)
	}
	roundID := workflows.RoundWorkflowID(workflows.KindPioneer, period)
	sheets, err := writeSheets(filepath.Join(e.dir, "sheets-"+period), org, rand.New(rand.NewPCG(uint64(n), 5)))
	if err != nil {
		return res, err
	}
	cfg := schedule.Config{Kind: schedule.Pioneer, Timezone: "Asia/Shanghai", StandardID: "pioneer-post", Voting: 24 * time.Hour,
		ShareBP: 3000, Notice: 2 * time.Second, RemindEvery: time.Second, GroupSize: 200, Branches: org.branches}
	// Each round starts on a settled database, as an office's would: the rows of what ran
	// before vacuumed and analysed, not left to autovacuum in the middle of the round.
	if _, err := e.db.ExecContext(ctx, `VACUUM (ANALYZE)`); err != nil {
		return res, fmt.Errorf("vacuum before the round: %w", err)
	}
	e.sampler.reset()
	before := e.sampler.snapshot()
	start := time.Now()
	var prof *profiling
	var paused time.Duration // waiting for a profile that outlasted its step
	profile := func(step string) {
		if profiled {
			prof = e.profileStep(ctx, step, profileSeconds)
		}
	}
	mark := func(name string) {
		res.Phases = append(res.Phases, phase{Name: name, Took: time.Since(start) - paused - sum(res.Phases)})
		if prof != nil {
			waited := time.Now()
			ps, err := prof.wait()
			if err != nil {
				slog.Warn("no profile", "error", err)
			}
			res.Profiles, prof = append(res.Profiles, ps...), nil
			paused += time.Since(waited)
		}
	}
	profile("open")
	started, err := e.office().OpenRound(ctx, schedule.Pioneer, period, cfg)
	switch {
	case err != nil:
		return res, fmt.Errorf("start %s: %w", roundID, err)
	case started.Already:
		return res, fmt.Errorf("start %s: it has run before on this database", roundID)
	}
	run := e.client.GetWorkflow(ctx, roundID, "")
	if err := waitRound(ctx, e, roundID, workflows.RoundVoting); err != nil {
		return res, err
	}
	mark(fmt.Sprintf("open: snapshot, %d groups started (a branch starts when its sheet comes in)", (n+groupSize-1)/groupSize))
	profile("ballots")
	if err := importBallots(ctx, e, roundID, sheets); err != nil {
		return res, err
	}
	mark(fmt.Sprintf("ballots: the office's ballot import (what `starter ballots import-all` calls, without the manifest) of %d sheets (%d forms): read, checked, copied in, handed to the groups (one message each) and accepted", n, n*380))
	if err := waitRound(ctx, e, roundID, workflows.RoundCommittee); err != nil {
		return res, err
	}
	mark(fmt.Sprintf("branches: %d workflows started with their sheets, tallied, every branch recommended", n))
	profile("approval to close")
	rec, err := e.office().Approve(ctx, office.Approval{Round: roundID})
	if err == nil {
		err = rec.Err()
	}
	if err != nil {
		return res, fmt.Errorf("approve %s: %w", roundID, err)
	}
	if err := awaitEnd(ctx, run); err != nil {
		return res, fmt.Errorf("wait for %s to close: %w", roundID, err)
	}
	mark("approval, 2s notice, award, close")
	res.Total = time.Since(start) - paused
	res.Usage = delta(before, e.sampler.snapshot())
	if err := e.db.GetContext(ctx, &res.Rows, `SELECT count(*) FROM round_results WHERE round_id = $1`, roundID); err != nil {
		return res, fmt.Errorf("count the results of %s: %w", roundID, err)
	}
	if res.Rows != n*20 {
		return res, fmt.Errorf("%s wrote %d results for %d members", roundID, res.Rows, n*20)
	}
	if profiled {
		if res.Tally, err = store.ExplainTally(ctx, e.db, roundID, org.branches[len(org.branches)/2]); err != nil {
			return res, err
		}
	}
	if res.Histories, err = histories(ctx, e, roundID, org.branches); err != nil {
		return res, fmt.Errorf("describe the histories of %s: %w", roundID, err)
	}
	return res, nil
}

// profileSeconds is how long each step of the largest round is profiled: a sample of a step
// that takes minutes at province scale.
const profileSeconds = 30

func waitRound(ctx context.Context, e *env, id, phase string) error {
	for delay := 20 * time.Millisecond; ; delay = min(2*delay, time.Second) {
		v, err := e.client.QueryWorkflow(ctx, id, "", workflows.QueryStatus)
		if err == nil {
			var st workflows.RoundStatus
			if v.Get(&st) == nil && st.Phase == phase {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: waiting for phase %s: %w", id, phase, ctx.Err())
		case <-time.After(delay):
		}
	}
}

// awaitEnd waits for a workflow to end. A busy server may let one long poll of its history run
// past the client's deadline: that is no answer, so it asks again.
func awaitEnd(ctx context.Context, run client.WorkflowRun) error {
	for {
		err := run.Get(ctx, nil)
		var slow *serviceerror.DeadlineExceeded
		if !errors.As(err, &slow) || ctx.Err() != nil {
			return err
		}
		slog.Warn("no answer yet, asking again", "workflow", run.GetID(), "error", err)
	}
}

// sum is the time of the steps so far, the asides (parts of a step) not counted again.
func sum(ps []phase) time.Duration {
	var t time.Duration
	for _, p := range ps {
		if !p.Aside {
			t += p.Took
		}
	}
	return t
}

// delta is the CPU each role used between two snapshots, with the peak memory of the second.
func delta(before, after map[string]usage) map[string]usage {
	out := map[string]usage{}
	for name, a := range after {
		out[name] = usage{CPU: a.CPU - before[name].CPU, PeakRSS: a.PeakRSS}
	}
	return out
}

// writeSheets writes each branch's sheet as a CSV file, as its branch's meeting would hand it
// over, and returns the sheets to import.
func writeSheets(dir string, org *org, rng *rand.Rand) ([]office.SheetFile, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var sheets []office.SheetFile
	for _, b := range org.branches {
		path := filepath.Join(dir, b+".csv")
		if err := os.WriteFile(path, sheetCSV(rng, org.members[b]), 0o644); err != nil {
			return nil, err
		}
		sheets = append(sheets, office.SheetFile{Branch: b, Present: len(org.members[b]), Path: path, Where: path,
			Read: func() ([]byte, error) { return os.ReadFile(path) }})
	}
	return sheets, nil
}

// importBallots hands in every branch's sheet through the office; any sheet refused or not
// delivered fails the measurement.
func importBallots(ctx context.Context, e *env, round string, sheets []office.SheetFile) error {
	var failed []error
	err := e.office().ImportBallots(ctx, office.BallotImport{Round: round, Sheets: sheets}, func(i int, h office.Handed) {
		err := h.Err
		if err == nil {
			err = h.Receipt.Err()
		}
		if err != nil {
			failed = append(failed, fmt.Errorf("%s: %w", sheets[i].Branch, err))
		}
	})
	if err != nil {
		return fmt.Errorf("import the sheets of %s: %w", round, err)
	}
	return errors.Join(failed...)
}
