package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"wenming/rules/schedule"
	"wenming/store"
	"wenming/workflows"
)

const noopQueue = "bench-noop"

// noop is the ceiling: a workflow that does nothing.
func noop(ctx workflow.Context) error { return nil }

// noopUpdate takes one update that does nothing and ends, as a branch ends once its sheet
// is in.
func noopUpdate(ctx workflow.Context) error {
	done := false
	if err := workflow.SetUpdateHandler(ctx, "noop", func(ctx workflow.Context, n int) (int, error) { done = true; return n, nil }); err != nil {
		return err
	}
	return workflow.Await(ctx, func() bool { return done && workflow.AllHandlersFinished(ctx) })
}

// startNoopWorker runs the ceiling's workflows in this process, on their own task queue of
// the same server.
func (e *env) startNoopWorker() error {
	e.noop = worker.New(e.client, noopQueue, worker.Options{})
	e.noop.RegisterWorkflow(noop)
	e.noop.RegisterWorkflow(noopUpdate)
	return e.noop.Start()
}

// orchestration compares, on the same server in the same run: no-op workflows with the
// product's branch workflows (each taking a ballot sheet, tallying, reporting and ending),
// and no-op updates with ballot-sheet updates.
type orchestration struct {
	Workflows        int
	NoopRate         float64 // no-op workflows started and completed, per second
	NoopMessagesRate float64 // no-op workflows taking a branch's messages (a start and an update), per second
	BranchRate       float64 // branch workflows through a sheet and a tally to their end, per second
	NoopUpdateRate   float64
	BallotUpdateRate float64
}

func orchestrate(ctx context.Context, e *env, n int) (orchestration, error) {
	o := orchestration{Workflows: n}
	start := time.Now()
	if err := parallel(n, 32, func(i int) error {
		run, err := e.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: fmt.Sprintf("bench-noop-%s-%d", suffix(), i), TaskQueue: noopQueue}, noop)
		if err != nil {
			return err
		}
		return run.Get(ctx, nil)
	}); err != nil {
		return o, err
	}
	o.NoopRate = float64(n) / time.Since(start).Seconds()

	// No-op workflows with a branch's messages: started, then one update each.
	prefix := "bench-noop-updates-" + suffix()
	runs := make([]client.WorkflowRun, n)
	start = time.Now()
	if err := parallel(n, 32, func(i int) (err error) {
		runs[i], err = e.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: fmt.Sprintf("%s-%d", prefix, i), TaskQueue: noopQueue}, noopUpdate)
		return err
	}); err != nil {
		return o, err
	}
	updates := time.Now()
	if err := parallel(n, 32, func(i int) error {
		h, err := e.client.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: fmt.Sprintf("%s-%d", prefix, i), UpdateName: "noop",
			Args: []any{i}, WaitForStage: client.WorkflowUpdateStageCompleted})
		if err != nil {
			return err
		}
		return h.Get(ctx, nil)
	}); err != nil {
		return o, err
	}
	o.NoopUpdateRate = float64(n) / time.Since(updates).Seconds()
	if err := parallel(n, 32, func(i int) error { return runs[i].Get(ctx, nil) }); err != nil {
		return o, err
	}
	o.NoopMessagesRate = float64(n) / time.Since(start).Seconds()

	return o, branchWorkflows(ctx, e, n, &o)
}

// branchWorkflows runs n of the product's PioneerBranch workflows on their own: each is
// started, takes its sheet (accepted and tallied in PostgreSQL), settles and ends.
func branchWorkflows(ctx context.Context, e *env, n int, o *orchestration) error {
	rng := rand.New(rand.NewPCG(3, 4))
	org := newOrg(fmt.Sprintf("o%d", n), n, 20)
	if err := org.save(ctx, e.db); err != nil {
		return err
	}
	roundID := "pioneer/" + org.prefix
	if _, err := store.OpenRound(ctx, e.db, store.RoundOpening{RoundID: roundID, Kind: schedule.Pioneer, Period: org.prefix,
		Config: schedule.Config{GroupSize: 200, Branches: org.branches}, PeriodStart: time.Now().AddDate(-1, 0, 0), PeriodEnd: time.Now(), At: time.Now()}); err != nil {
		return err
	}
	copies := make([]store.SheetCopy, n)
	for i, b := range org.branches {
		copies[i] = store.SheetCopy{CopyID: store.NewCopyID(), RoundID: roundID, BranchID: b, SubmissionID: fmt.Sprintf("%s-%d", org.prefix, i),
			Rows: sheet(rng, org.members[b])}
	}
	if err := store.CopyBallots(ctx, e.db, copies, time.Now()); err != nil {
		return err
	}
	ids := make([]string, n)
	runs := make([]client.WorkflowRun, n)
	start := time.Now()
	if err := parallel(n, 32, func(i int) (err error) {
		b := org.branches[i]
		ids[i] = workflows.BranchWorkflowID(roundID, b)
		runs[i], err = e.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: ids[i], TaskQueue: workflows.TaskQueue}, workflows.PioneerBranch,
			workflows.BranchInput{RoundID: roundID, Kind: workflows.KindPioneer, Period: org.prefix, BranchID: b, Members: 20,
				Deadline: time.Now().Add(time.Hour), ShareBP: 3000, StandardID: "pioneer-post", Timezone: "Asia/Shanghai"})
		return err
	}); err != nil {
		return err
	}
	updates := time.Now()
	if err := parallel(n, 32, func(i int) error {
		h, err := e.client.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: ids[i], UpdateName: workflows.UpdateBallotSheet,
			Args: []any{workflows.BallotSheetRequest{Submission: workflows.Submission{ID: copies[i].SubmissionID, By: "bench"},
				Copy: copies[i].CopyID, Present: 20, Ballots: 20, Forms: 380}}, WaitForStage: client.WorkflowUpdateStageCompleted})
		if err != nil {
			return err
		}
		return h.Get(ctx, nil)
	}); err != nil {
		return err
	}
	o.BallotUpdateRate = float64(n) / time.Since(updates).Seconds()
	if err := parallel(n, 32, func(i int) error { return runs[i].Get(ctx, nil) }); err != nil {
		return err
	}
	o.BranchRate = float64(n) / time.Since(start).Seconds()
	return nil
}

// parallel runs fn for 0..n-1 on `width` goroutines and returns the first error.
func parallel(n, width int, fn func(i int) error) error {
	jobs := make(chan int)
	errs := make(chan error, width)
	var wg sync.WaitGroup
	for range width {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := fn(i); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	var first error
	for i := 0; i < n && first == nil; i++ {
		select {
		case jobs <- i:
		case first = <-errs:
		}
	}
	close(jobs)
	wg.Wait()
	close(errs)
	if first == nil {
		first = <-errs
	}
	return first
}
