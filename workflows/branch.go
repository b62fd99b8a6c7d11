package workflows

import (
	"time"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/workflow"

	"wenming/msg"
)

// branchRun is what both kinds of branch workflow share: one submission at a time, resends
// answered as such, telling the group once the branch is ready, ending when the round closes.
type branchRun struct {
	in      BranchInput
	seen    seenSet
	intake  *intake
	changed bool
	settled string
	log     log.Logger
}

func newBranchRun(ctx workflow.Context, in BranchInput) *branchRun {
	b := &branchRun{in: in, seen: seenSet{}, log: log.With(workflow.GetLogger(ctx), "round", in.RoundID, "branch", in.BranchID)}
	b.intake = newIntake(ctx, &b.seen, nil, func(workflow.Context) { b.changed = true })
	return b
}

// when is a moment of the round, to be shown in its time zone.
func (b *branchRun) when(t time.Time) msg.At { return msg.At{T: t, TZ: b.in.Timezone} }

// settle tells the group the branch is ready and ends the branch's part: what remains of the
// round (approval, notice, award) is the committee's. Anything sent to the branch later is
// refused as coming after its part ended.
func (b *branchRun) settle(ctx workflow.Context, reason string) (BranchResult, error) {
	b.settled = reason
	b.log.Info("branch settled", "reason", reason)
	if !b.in.EndsSettled {
		if err := tellParent(ctx, SignalMemberSettled, MemberSettled{ID: b.in.BranchID, Reason: reason}); err != nil {
			return BranchResult{}, err
		}
	}
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return BranchResult{}, err
	}
	return BranchResult{Settled: reason}, nil
}

// show sets the branch's details: its title line and where it stands, in Chinese.
func (b *branchRun) show(ctx workflow.Context, title string, state msg.Text) {
	workflow.SetCurrentDetails(ctx, msg.Say(title, "Period", b.in.Period, "Branch", b.in.BranchID).String()+"\n\n"+state.String())
}
