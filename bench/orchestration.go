package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"wenming/connect"
	"wenming/rules/schedule"
	"wenming/store"
	"wenming/workflows"
)

const noopQueue = "bench-noop"

// noop is the ceiling: a workflow that does nothing.
func noop(ctx workflow.Context) error { return nil }

// noopGroup is a group with nothing to do: it takes one update naming its members, starts
// each, waits for each to end and for the close, and ends.
func noopGroup(ctx workflow.Context) error {
	var children []workflow.ChildWorkflowFuture
	taken := false
	if err := workflow.SetUpdateHandler(ctx, "members", func(ctx workflow.Context, ids []string) (int, error) {
		for _, id := range ids {
			children = append(children, workflow.ExecuteChildWorkflow(workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{WorkflowID: id}), noopMember))
		}
		for _, c := range children {
			if err := c.GetChildWorkflowExecution().Get(ctx, nil); err != nil {
				return 0, err
			}
		}
		taken = true
		return len(ids), nil
	}); err != nil {
		return err
	}
	if err := workflow.Await(ctx, func() bool { return taken }); err != nil {
		return err
	}
	for _, c := range children {
		if err := c.Get(ctx, nil); err != nil {
			return err
		}
	}
	workflow.GetSignalChannel(ctx, workflows.SignalClose).Receive(ctx, nil)
	return nil
}

// noopMember does nothing: its end is its word to the group.
func noopMember(ctx workflow.Context) error { return nil }

// noopFanOut runs n no-op members in no-op groups of 200, with the messages of the product's
// branches: one update per group, a start and an end per member, the close.
func noopFanOut(ctx context.Context, e *env, n int, o *orchPass) error {
	prefix := "bench-noop-groups-" + suffix()
	groups := chunks(n)
	start := time.Now()
	if err := parallel(len(groups), 32, func(g int) error {
		id := fmt.Sprintf("%s-%d", prefix, g)
		run, err := e.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: noopQueue}, noopGroup)
		if err != nil {
			return err
		}
		var ids []string
		for i := groups[g][0]; i < groups[g][1]; i++ {
			ids = append(ids, fmt.Sprintf("%s-m%d", prefix, i))
		}
		h, err := e.client.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: "members", Args: []any{ids},
			WaitForStage: client.WorkflowUpdateStageCompleted})
		if err != nil {
			return err
		}
		if err := h.Get(ctx, nil); err != nil {
			return err
		}
		if err := e.client.SignalWorkflow(ctx, id, "", workflows.SignalClose, nil); err != nil {
			return err
		}
		return run.Get(ctx, nil)
	}); err != nil {
		return err
	}
	o.NoopMessages = float64(n) / time.Since(start).Seconds()
	return nil
}

// noopUpdates measures no-op updates: n no-op workflows started, one update each, ended.
func noopUpdates(ctx context.Context, e *env, n int, o *orchPass) error {
	prefix := "bench-noop-updates-" + suffix()
	runs := make([]client.WorkflowRun, n)
	if err := parallel(n, 32, func(i int) (err error) {
		runs[i], err = e.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: fmt.Sprintf("%s-%d", prefix, i), TaskQueue: noopQueue}, noopUpdate)
		return err
	}); err != nil {
		return err
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
		return err
	}
	o.NoopUpdates = float64(n) / time.Since(updates).Seconds()
	return parallel(n, 32, func(i int) error { return runs[i].Get(ctx, nil) })
}

// noopUpdate takes one update that does nothing and ends, as a campaign's unit takes each
// submission.
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
	e.noop.RegisterWorkflow(noopGroup)
	e.noop.RegisterWorkflow(noopMember)
	e.noop.RegisterWorkflow(noopParent)
	return e.noop.Start()
}

// orchFigures are the orchestration's passes: on the same server in the same run, no-op
// workflows started by the client, no-op workflows started by the server as children of
// groups (as branches are), no-op groups taking a branch's messages, the product's branches
// (in groups, each group taking its branches' sheets in one update, each branch tallying,
// reporting and ending), and no-op updates.
type orchFigures struct {
	Workflows int `json:"workflows"` // of each kind, in each pass
	// PassesRun is how many passes were measured: more than len(Passes) when only the best
	// of each kind was kept (the runs before every pass was recorded).
	PassesRun int        `json:"passes_run"`
	Passes    []orchPass `json:"passes"`
}

// orchPass is one pass: each kind's rate, per second.
type orchPass struct {
	Noop         float64 `json:"noop_per_s"`                    // no-op workflows started by the client and completed
	NoopChildren float64 `json:"noop_children_per_s,omitempty"` // no-op children of no-op groups; 0 when not measured
	NoopMessages float64 `json:"noop_messages_per_s"`           // no-op members in no-op groups with a branch's messages
	Branches     float64 `json:"branches_per_s"`                // branches through their group's batch, a tally and a report to their end
	NoopUpdates  float64 `json:"noop_updates_per_s"`            // no-op updates completed (sizes a campaign's windows)
}

// orchestrate measures every kind in each pass, the kinds in order in the first pass, in
// reverse order in the second, and so on, and keeps every pass: the embedded server's pace drifts within a
// run (by up to 2x between runs of the same code), so the ratios are each pass's own, their
// median reported with their range.
func orchestrate(ctx context.Context, e *env, n, passes int) (*orchFigures, error) {
	f := &orchFigures{Workflows: n, PassesRun: passes}
	for pass := range passes {
		o, err := orchestratePass(ctx, e, n, pass)
		if err != nil {
			return f, err
		}
		f.Passes = append(f.Passes, o)
	}
	return f, nil
}

func orchestratePass(ctx context.Context, e *env, n, pass int) (orchPass, error) {
	var o orchPass
	kinds := []func() error{
		func() error { return noopWorkflows(ctx, e, n, &o) },
		// No-op workflows started as branches are: by the server, as children of a group.
		func() error { return noopChildren(ctx, e, n, &o) },
		// No-op workflows taking a branch's messages: a no-op group takes one update naming
		// its members and starts each; each tells the group it is done and ends.
		func() error { return noopFanOut(ctx, e, n, &o) },
		// No-op updates: what a campaign's unit takes for each submission.
		func() error { return noopUpdates(ctx, e, n, &o) },
		func() error { return branchWorkflows(ctx, e, n, pass, &o) },
	}
	if pass%2 == 1 {
		slices.Reverse(kinds)
	}
	for _, k := range kinds {
		if err := k(); err != nil {
			return o, err
		}
	}
	return o, nil
}

// noopWorkflows is the client's ceiling: n no-op workflows, each started by the client.
func noopWorkflows(ctx context.Context, e *env, n int, o *orchPass) error {
	prefix := "bench-noop-" + suffix()
	start := time.Now()
	if err := parallel(n, 32, func(i int) error {
		run, err := e.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: fmt.Sprintf("%s-%d", prefix, i), TaskQueue: noopQueue}, noop)
		if err != nil {
			return err
		}
		return run.Get(ctx, nil)
	}); err != nil {
		return err
	}
	o.Noop = float64(n) / time.Since(start).Seconds()
	return nil
}

// noopChildren is the ceiling started the way branches are: the client starts no-op groups
// of 200 with their members' ids; the server starts each member as the group's child; each
// member ends at once, and the group ends when they all have.
func noopChildren(ctx context.Context, e *env, n int, o *orchPass) error {
	prefix := "bench-noop-children-" + suffix()
	groups := chunks(n)
	start := time.Now()
	if err := parallel(len(groups), 32, func(g int) error {
		var ids []string
		for i := groups[g][0]; i < groups[g][1]; i++ {
			ids = append(ids, fmt.Sprintf("%s-m%d", prefix, i))
		}
		run, err := e.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: fmt.Sprintf("%s-%d", prefix, g), TaskQueue: noopQueue}, noopParent, ids)
		if err != nil {
			return err
		}
		return run.Get(ctx, nil)
	}); err != nil {
		return err
	}
	o.NoopChildren = float64(n) / time.Since(start).Seconds()
	return nil
}

// noopParent is a group with nothing to do, started with its members as the product's groups
// are: it starts each as its child, waits for each to end, and ends.
func noopParent(ctx workflow.Context, ids []string) error {
	children := make([]workflow.ChildWorkflowFuture, len(ids))
	for i, id := range ids {
		children[i] = workflow.ExecuteChildWorkflow(workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{WorkflowID: id}), noopMember)
	}
	for _, c := range children {
		if err := c.Get(ctx, nil); err != nil {
			return err
		}
	}
	return nil
}

// branchWorkflows runs n of the product's pioneer branches the way a round runs them, in
// groups of 200 (the product's Group workflow): each group takes its branches' sheets in one
// update (accepted in PostgreSQL in one transaction) and starts each branch with its sheet;
// the branch tallies, settles and ends; the group, told the round is over, ends.
func branchWorkflows(ctx context.Context, e *env, n, pass int, o *orchPass) error {
	rng := rand.New(rand.NewPCG(3, 4))
	org := newOrg(fmt.Sprintf("o%dp%d", n, pass), n, 20)
	if err := org.save(ctx, e.db); err != nil {
		return err
	}
	roundID := "pioneer/" + org.prefix
	if _, err := store.OpenRound(ctx, e.db, store.RoundOpening{RoundID: roundID, Kind: schedule.Pioneer, Period: org.prefix,
		Config: schedule.Config{GroupSize: groupSize, Branches: org.branches}, PeriodStart: time.Now().AddDate(-1, 0, 0), PeriodEnd: time.Now(), At: time.Now()}); err != nil {
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
	template := workflows.BranchInput{RoundID: roundID, Kind: workflows.KindPioneer, Period: org.prefix, Deadline: time.Now().Add(time.Hour),
		ShareBP: 3000, StandardID: "pioneer-post", Timezone: "Asia/Shanghai"}
	groups := chunks(n)
	runs := make([]client.WorkflowRun, len(groups))
	start := time.Now()
	if err := parallel(len(groups), 32, func(g int) (err error) {
		members := org.branches[groups[g][0]:groups[g][1]]
		runs[g], err = e.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: workflows.GroupWorkflowID(roundID, g), TaskQueue: connect.DefaultTaskQueue},
			workflows.Group, workflows.GroupInput{Owner: roundID, Group: g, Members: members, Sizes: repeat(len(members), 20), Branch: &template})
		if err != nil {
			return err
		}
		req := workflows.BallotSheetsRequest{Submission: workflows.Submission{ID: fmt.Sprintf("batch-%d", g), By: "bench"}}
		for i := groups[g][0]; i < groups[g][1]; i++ {
			req.Sheets = append(req.Sheets, workflows.BranchSheet{Branch: org.branches[i], Sheet: workflows.BallotSheetRequest{
				Submission: workflows.Submission{ID: copies[i].SubmissionID, By: "bench"}, Copy: copies[i].CopyID, Present: 20, Ballots: 20, Forms: 380}})
		}
		h, err := e.client.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: runs[g].GetID(), UpdateName: workflows.UpdateBallotSheets,
			Args: []any{req}, WaitForStage: client.WorkflowUpdateStageCompleted})
		if err != nil {
			return err
		}
		var rec workflows.SheetsReceipt
		if err := h.Get(ctx, &rec); err != nil {
			return err
		}
		for _, a := range rec.Sheets {
			if a.Refused != nil {
				return fmt.Errorf("group %d refused the sheet of %s: %s", g, a.Branch, a.Refused)
			}
		}
		return nil
	}); err != nil {
		return err
	}
	// The round's word that it is over: a group takes it once its branches have settled, and
	// ends when they have ended.
	if err := parallel(len(groups), 32, func(g int) error {
		if err := e.client.SignalWorkflow(ctx, runs[g].GetID(), "", workflows.SignalClose, nil); err != nil {
			return err
		}
		return runs[g].Get(ctx, nil)
	}); err != nil {
		return err
	}
	o.Branches = float64(n) / time.Since(start).Seconds()
	return nil
}

// groupSize is the product's default group.
const groupSize = 200

// chunks are the [start, end) of each group of n members.
func chunks(n int) [][2]int {
	var out [][2]int
	for s := 0; s < n; s += groupSize {
		out = append(out, [2]int{s, min(s+groupSize, n)})
	}
	return out
}

func repeat(n, each int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = each
	}
	return out
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
