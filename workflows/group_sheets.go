package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/fanout"
)

// ErrSheetsToBranches is how a group refuses sheets when its branches take their own (a
// round opened before groups took them, or not a pioneer round): the sender hands them to the
// branches one by one.
const ErrSheetsToBranches = "SheetsToBranches"

// groupTakesSheets is the change by which a pioneer round's group takes its branches' sheets
// and starts a branch's workflow only when the branch has something to decide: with its
// accepted sheet, or at the voting deadline without one. Groups started before it start every
// branch at once and each branch takes its own sheet.
const groupTakesSheets = "group-takes-sheets"

// sheetsTravelOneWay: a group drops the copies of the sheets it answers itself (refused by its
// rules, or received before under another copy) in the transaction that accepts the others,
// instead of leaving them to the office. Batches taken before it left them.
const sheetsTravelOneWay = "sheets-travel-one-way"

// takesSheets says whether the group's members are branches that may wait for their sheets
// without a workflow: a pioneer round's (a red-flag branch has two forms and a deadline each).
func (in GroupInput) takesSheets() bool { return in.Branch != nil && spec(in.Branch.Kind).TakesSheets }

// refuseSheets answers a batch sent to a group whose branches take their own sheets.
func refuseSheets(ctx workflow.Context) error {
	return onUpdate(ctx, UpdateBallotSheets, func(workflow.Context, BallotSheetsRequest) (SheetsReceipt, error) {
		return SheetsReceipt{}, nil
	}, workflow.UpdateHandlerOptions{Validator: func(workflow.Context, BallotSheetsRequest) error {
		return refusalOfType(msg.Say("refuse.sheets.to_branches"), ErrSheetsToBranches)
	}})
}

// sheetGroup is a pioneer round's group that takes its branches' sheets. A branch's workflow
// starts with its accepted sheet, so the branch tallies, settles and ends in one go; the
// branches still without a sheet at the deadline start then, and settle without one.
type sheetGroup struct {
	in       GroupInput
	template BranchInput
	index    map[string]int                          // member -> its place (looked up, never iterated)
	sheets   map[string]string                       // member -> its accepted sheet's submission
	children map[string]workflow.ChildWorkflowFuture // member -> its workflow, once started
	started  []workflow.ChildWorkflowFuture          // in the order started
	closed   bool                                    // the voting is over: no more sheets
}

func newSheetGroup(in GroupInput) *sheetGroup {
	g := &sheetGroup{in: in, template: *in.Branch, index: map[string]int{}, sheets: map[string]string{},
		children: map[string]workflow.ChildWorkflowFuture{}}
	for i, id := range in.Members {
		g.index[id] = i
	}
	return g
}

func (g *sheetGroup) run(ctx workflow.Context) (GroupResult, error) {
	if err := onUpdate(ctx, UpdateBallotSheets, g.take, workflow.UpdateHandlerOptions{
		Validator: func(_ workflow.Context, r BallotSheetsRequest) error { return g.check(r) },
	}); err != nil {
		return GroupResult{}, err
	}
	// Nothing to start before the sheets come: the owner may move on at once.
	if err := tellParent(ctx, SignalGroupReady, g.in.Group); err != nil {
		return GroupResult{}, err
	}
	g.in.details(ctx, 0)
	if err := g.awaitVoting(ctx); err != nil {
		return GroupResult{}, err
	}
	if err := g.startUnheard(ctx); err != nil {
		return GroupResult{}, err
	}
	// A branch's part ends when it settles (a tie at its cut decided first): its end is its word.
	for i, c := range g.started {
		if err := c.Get(ctx, nil); err != nil {
			return GroupResult{}, err
		}
		g.in.details(ctx, i+1)
	}
	workflow.GetLogger(ctx).Info("every member of the group is ready for review", "owner", g.in.Owner, "group", g.in.Group)
	if err := tellParent(ctx, SignalGroupSettled, GroupSettled{Group: g.in.Group, Members: len(g.in.Members)}); err != nil {
		return GroupResult{}, err
	}
	workflow.GetSignalChannel(ctx, SignalClose).Receive(ctx, nil)
	return GroupResult{Members: len(g.in.Members)}, nil
}

// awaitVoting waits until every branch has its sheet or the voting deadline passes, then
// lets the batches already being taken finish: after it, a sheet comes too late.
func (g *sheetGroup) awaitVoting(ctx workflow.Context) error {
	allIn := func() bool { return len(g.children) == len(g.in.Members) }
	if wait := g.template.Deadline.Sub(workflow.Now(ctx)); wait > 0 {
		when := msg.At{T: g.template.Deadline, TZ: g.template.Timezone}
		if _, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{
			Timeout: wait, TimerOptions: workflow.TimerOptions{Summary: msg.Say("timer.voting_closes", "At", when).String()},
		}, allIn); err != nil {
			return err
		}
	}
	g.closed = true
	return workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
}

// startUnheard starts, in the group's order, the branches that handed in no sheet: each
// settles at once without one, and shows so in the Web UI like every other branch.
func (g *sheetGroup) startUnheard(ctx workflow.Context) error {
	var unheard []workflow.ChildWorkflowFuture
	for _, id := range g.in.Members {
		if _, ok := g.children[id]; !ok {
			unheard = append(unheard, g.start(ctx, id, nil, ""))
		}
	}
	return awaitStarts(ctx, unheard)
}

// check refuses a batch that is not this group's to take, before anything is recorded.
func (g *sheetGroup) check(r BallotSheetsRequest) error {
	if err := checkSubmission(r.Submission); err != nil {
		return err
	}
	if len(r.Sheets) == 0 || len(r.Sheets) > fanout.MaxGroupSize {
		return invalid("refuse.sheets.count", "N", len(r.Sheets), "Max", fanout.MaxGroupSize)
	}
	inBatch := map[string]bool{}
	for _, s := range r.Sheets {
		if _, ok := g.index[s.Branch]; !ok {
			return invalid("refuse.sheets.not_member", "Branch", s.Branch, "Group", GroupWorkflowID(g.in.Owner, g.in.Group))
		}
		if err := checkSubmission(s.Sheet.Submission); err != nil {
			return err
		}
		if inBatch[s.Branch] {
			return invalid("refuse.sheets.twice", "Branch", s.Branch)
		}
		inBatch[s.Branch] = true
	}
	return nil
}

// take accepts a batch's sheets in one transaction and starts the workflow of each branch
// whose sheet it accepted. Every sheet is answered: accepted, received before, or refused with
// the reason its branch would give. The answer goes out with the starts, not after them: the
// starts are recorded with it, and waiting for a group's worth of them (which the server
// makes one by one, shared with every other group) would keep the sender waiting past its
// deadline on a busy server. A start that fails fails the group, which waits for every branch.
func (g *sheetGroup) take(ctx workflow.Context, r BallotSheetsRequest) (SheetsReceipt, error) {
	now := workflow.Now(ctx)
	answers := make([]SheetAnswer, len(r.Sheets))
	var accepting []activities.SheetAcceptance
	var at []int
	var drop []activities.CopyOf // an accepted copy is never dropped: the store keeps it
	for i, s := range r.Sheets {
		answers[i].Branch = s.Branch
		copyOf := activities.CopyOf{CopyID: s.Sheet.Copy, RoundID: g.template.RoundID, BranchID: s.Branch, SubmissionID: s.Sheet.ID}
		if t, ok := g.refuse(s, now); ok {
			answers[i].Refused = &t
			drop = append(drop, copyOf)
			continue
		}
		if prev, ok := g.sheets[s.Branch]; ok && prev == s.Sheet.ID {
			answers[i].Receipt = duplicate(prev)
			drop = append(drop, copyOf)
			continue
		}
		accepting = append(accepting, activities.SheetAcceptance{RoundID: g.template.RoundID, BranchID: s.Branch,
			SubmissionID: s.Sheet.ID, CopyID: s.Sheet.Copy, Present: s.Sheet.Present, Ballots: s.Sheet.Ballots,
			Forms: s.Sheet.Forms, By: s.Sheet.By, At: now})
		at = append(at, i)
	}
	if workflow.GetVersion(ctx, sheetsTravelOneWay, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		drop = nil
	}
	if len(accepting) == 0 && len(drop) == 0 {
		return SheetsReceipt{SubmissionID: r.ID, Sheets: answers}, nil
	}
	var res activities.SheetsAccepted
	in := activities.SheetsAcceptance{Sheets: accepting, Drop: drop}
	if err := workflow.ExecuteLocalActivity(withLocalAnswerWrites(ctx), acts.AcceptSheets, in).Get(ctx, &res); err != nil {
		return SheetsReceipt{}, err
	}
	for j, i := range at {
		s := r.Sheets[i]
		if t := res.Refused[j]; t.ID != "" {
			answers[i].Refused = &t
			continue
		}
		if prev, ok := g.sheets[s.Branch]; ok && prev == s.Sheet.ID { // the same sheet, sent at the same time, taken meanwhile
			answers[i].Receipt = duplicate(prev)
			continue
		}
		g.sheets[s.Branch] = s.Sheet.ID
		answers[i].Receipt = recorded(msg.Say("receipt.sheet", "Branch", s.Branch, "Ballots", s.Sheet.Ballots, "Present", s.Sheet.Present))
		answers[i].Receipt.SubmissionID = s.Sheet.ID
		if _, ok := g.children[s.Branch]; !ok { // a batch taken at the same time may have started it
			sheet := s.Sheet
			g.start(ctx, s.Branch, &sheet, res.Digest(j))
		}
	}
	return SheetsReceipt{SubmissionID: r.ID, Sheets: answers}, nil
}

// refuse is why a branch's sheet cannot be taken as the group stands: the branch has another
// sheet, the voting is over, or the sheet's counts do not add up.
func (g *sheetGroup) refuse(s BranchSheet, now time.Time) (msg.Text, bool) {
	if prev, ok := g.sheets[s.Branch]; ok {
		return sheetTaken(s.Branch, prev), prev != s.Sheet.ID
	}
	if g.closed || !now.Before(g.template.Deadline) {
		return lateSheet(s.Branch, msg.At{T: g.template.Deadline, TZ: g.template.Timezone}), true
	}
	return sheetCounts(s.Sheet)
}

// start starts a branch's workflow, with its accepted sheet or (at the deadline) without.
func (g *sheetGroup) start(ctx workflow.Context, branch string, sheet *BallotSheetRequest, digest string) workflow.ChildWorkflowFuture {
	fn, arg, opts := g.in.child(g.index[branch], branch)
	in := arg.(BranchInput)
	in.Sheet, in.SheetDigest, in.EndsSettled = sheet, digest, true
	f := workflow.ExecuteChildWorkflow(workflow.WithChildOptions(ctx, opts), fn, in)
	g.children[branch] = f
	g.started = append(g.started, f)
	return f
}

// awaitStarts waits until each workflow has started.
func awaitStarts(ctx workflow.Context, fs []workflow.ChildWorkflowFuture) error {
	for _, f := range fs {
		if err := f.GetChildWorkflowExecution().Get(ctx, nil); err != nil {
			return fmt.Errorf("start member: %w", err)
		}
	}
	return nil
}
