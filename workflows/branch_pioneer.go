package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/rank"
)

// PioneerBranch is one branch's democratic evaluation (民主测评) in a pioneer-post round: the
// branch meeting's sheet of anonymous forms comes in before the voting deadline, is tallied
// in SQL, and the branch recommends at most its share of members (支部推荐); a tie at the cut
// goes to the committee.
func PioneerBranch(ctx workflow.Context, in BranchInput) (BranchResult, error) {
	b := &pioneerBranch{branchRun: newBranchRun(ctx, in)}
	if err := b.register(ctx); err != nil {
		return BranchResult{}, err
	}
	if in.Sheet != nil { // its group took the sheet
		b.sheet, b.digest = in.Sheet, in.SheetDigest
		b.seen.add(in.Sheet.ID)
	}
	b.details(ctx)
	if wait := in.Deadline.Sub(workflow.Now(ctx)); wait > 0 && b.sheet == nil {
		if _, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{
			Timeout: wait, TimerOptions: workflow.TimerOptions{Summary: msg.Say("timer.voting_closes", "At", b.when(in.Deadline)).String()},
		}, func() bool { return b.sheet != nil }); err != nil {
			return BranchResult{}, err
		}
	}
	b.closed = true
	if err := b.recommend(ctx); err != nil {
		return BranchResult{}, err
	}
	reason := msg.Say("settled.branch.no_sheet").String()
	if b.sheet != nil {
		reason = msg.Say("settled.branch.recommended", "N", len(b.tally.Recommended), "Members", b.tally.Members).String()
	}
	b.details(ctx)
	return b.settle(ctx, reason)
}

// lateSheet is the refusal of a sheet after the voting closed, by the branch while it runs
// and by the CLI once its part is over.
func lateSheet(branch string, closed msg.At) msg.Text {
	return msg.Say("refuse.sheet.late", "Closed", closed, "Branch", branch)
}

func sheetTaken(branch, submission string) msg.Text {
	return msg.Say("refuse.sheet.taken", "Branch", branch, "Submission", submission)
}

// LateSheet says why a sheet sent to a branch whose part is over is refused, from the branch's
// last status; false when the branch never closed its voting (a red-flag branch).
func (s BranchStatus) LateSheet() (msg.Text, bool) {
	if s.Deadline.IsZero() || !s.AssessBy.IsZero() {
		return msg.Text{}, false
	}
	if s.Sheet != nil {
		return sheetTaken(s.BranchID, s.Sheet.ID), true
	}
	return lateSheet(s.BranchID, msg.At{T: s.Deadline, TZ: s.Timezone}), true
}

type pioneerBranch struct {
	*branchRun
	sheet  *BallotSheetRequest
	digest string // of the sheet's ballots as accepted: the tally checks them against it
	closed bool   // no more sheets: one came in, or the deadline passed
	tally  *activities.Tally
	tie    tieGate
}

func (b *pioneerBranch) register(ctx workflow.Context) error {
	if err := onQuery(ctx, QueryStatus, func() (BranchStatus, error) {
		return BranchStatus{RoundID: b.in.RoundID, BranchID: b.in.BranchID, Deadline: b.in.Deadline, Timezone: b.in.Timezone,
			Sheet: b.sheet, Tally: b.tally, Settled: b.settled}, nil
	}); err != nil {
		return err
	}
	if err := onSubmission(ctx, b.intake, UpdateBallotSheet, nil, b.checkSheet, b.acceptSheet); err != nil {
		return err
	}
	return onSubmission(ctx, b.intake, UpdateResolveTie, nil, anyTime(b.checkTie), b.resolveTie)
}

func (b *pioneerBranch) checkSheet(now time.Time, r BallotSheetRequest) error {
	if err := checkSubmission(r.Submission); err != nil || b.seen.has(r.ID) {
		return err
	}
	switch {
	case b.sheet != nil:
		return refusal(sheetTaken(b.in.BranchID, b.sheet.ID))
	case b.closed || !now.Before(b.in.Deadline):
		return refusal(lateSheet(b.in.BranchID, b.when(b.in.Deadline)))
	}
	if t, bad := sheetCounts(r); bad {
		return refusal(t)
	}
	return nil
}

// sheetCounts is what is wrong with a sheet's counts, if anything: whoever takes the sheet
// (its branch, or its group) refuses it for that.
func sheetCounts(r BallotSheetRequest) (msg.Text, bool) {
	switch {
	case r.Copy == "":
		return msg.Say("refuse.sheet.not_copied"), true
	case r.Present < 1 || r.Ballots < 1 || r.Forms < 1:
		return msg.Say("refuse.sheet.empty"), true
	case r.Ballots > r.Present:
		return msg.Say("refuse.sheet.too_many_ballots", "Ballots", r.Ballots, "Present", r.Present), true
	}
	return msg.Text{}, false
}

func (b *pioneerBranch) acceptSheet(ctx workflow.Context, _ time.Time, r BallotSheetRequest) (Receipt, error) {
	var accepted activities.SheetAccepted
	if err := workflow.ExecuteLocalActivity(withLocalAnswerWrites(ctx), acts.AcceptBallots, activities.SheetAcceptance{
		RoundID: b.in.RoundID, BranchID: b.in.BranchID, SubmissionID: r.ID, CopyID: r.Copy, Present: r.Present, Ballots: r.Ballots,
		Forms: r.Forms, By: r.By, At: workflow.Now(ctx),
	}).Get(ctx, &accepted); err != nil {
		return Receipt{}, err
	}
	sheet := r
	b.sheet, b.digest = &sheet, accepted.Digest
	return recorded(msg.Say("receipt.sheet", "Branch", b.in.BranchID, "Ballots", r.Ballots, "Present", r.Present)), nil
}

// recommend tallies until no tie at the cut waits for the committee.
func (b *pioneerBranch) recommend(ctx workflow.Context) error {
	tallyOnce := func(decisions []rank.Decision) (*rank.Tie, error) {
		var t activities.Tally
		if err := workflow.ExecuteLocalActivity(withLocalWrites(ctx), acts.TallyBranch, activities.TallyInput{
			RoundID: b.in.RoundID, BranchID: b.in.BranchID, ShareBP: b.in.ShareBP, Decisions: decisions, Digest: b.digest,
		}).Get(ctx, &t); err != nil {
			return nil, err
		}
		b.tally = &t
		b.details(ctx)
		return t.Pending, nil
	}
	return b.tie.rankUntilDecided(ctx, tallyOnce, func(ctx workflow.Context, _ *rank.Tie) error {
		return awaitChange(ctx, &b.changed)
	})
}

func (b *pioneerBranch) checkTie(r TieRequest) error {
	if err := checkSubmission(r.Submission); err != nil || b.seen.has(r.ID) {
		return err
	}
	return b.tie.check(r, func() error { return invalid("refuse.tie.none_in_branch", "Branch", b.in.BranchID) })
}

func (b *pioneerBranch) resolveTie(ctx workflow.Context, _ time.Time, r TieRequest) (Receipt, error) {
	if err := b.tie.resolve(r, func(d rank.Decision) error {
		return workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordRoundDecision, activities.RoundDecision{
			RoundID: b.in.RoundID, SubmissionID: r.ID, Kind: "tie", Detail: map[string]any{"branch": b.in.BranchID, "decision": d},
			By: r.By, At: workflow.Now(ctx),
		}).Get(ctx, nil)
	}); err != nil {
		return Receipt{}, err
	}
	return recorded(msg.Say("receipt.tie.branch", "Branch", b.in.BranchID, "Include", r.Include)), nil
}

func (b *pioneerBranch) details(ctx workflow.Context) {
	var state msg.Text
	switch {
	case b.settled != "":
		state = msg.Say("details.branch.done", "Reason", b.settled)
	case b.tally != nil && b.tally.Pending != nil:
		p := b.tally.Pending
		state = msg.Say("details.branch.tie", "Tied", p.Units, "Total", p.Total, "Slots", p.Slots)
	case b.sheet != nil:
		state = msg.Say("details.branch.tallying", "Ballots", b.sheet.Ballots, "Members", b.in.Members, "Present", b.sheet.Present, "Forms", b.sheet.Forms)
	default:
		state = msg.Say("details.branch.voting", "Members", b.in.Members, "Until", b.when(b.in.Deadline))
	}
	b.show(ctx, "details.branch.pioneer", state)
}
