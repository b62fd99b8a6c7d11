package workflows

import (
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
)

// committee is a round's approval by the party committee (党委审批), one part of the rounds
// that have it (as the tie gate is of every ranking): in the round's committee phase it takes
// one approval, which strikes names with reasons, and writes it with the kind's activity.
type committee struct {
	r     *roundRun
	phase string // the phase in which the committee approves
	write any    // the activity that writes the approval (activities.Approve, ApproveAnnual)
	// ready says why the committee cannot approve yet (a branch's tie to resolve), or nil.
	ready    func() error
	approved bool
}

func (c *committee) register(ctx workflow.Context) error {
	return onSubmission(ctx, c.r.intake, UpdateApprove, nil, anyTime(c.check), c.approve)
}

// await waits until the committee has approved.
func (c *committee) await(ctx workflow.Context) error {
	return workflow.Await(ctx, func() bool { return c.approved })
}

func (c *committee) check(req ApproveRequest) error {
	if err := checkSubmission(req.Submission); err != nil || c.r.seen.has(req.ID) {
		return err
	}
	if c.r.phase != c.phase || c.approved {
		return invalid("refuse.round.not_committee", "Round", c.r.id, "Phase", c.r.phase)
	}
	if c.ready != nil {
		if err := c.ready(); err != nil {
			return err
		}
	}
	return checkStrikes(req.Strikes)
}

// checkStrikes refuses a name struck without its reason, or struck twice.
func checkStrikes(strikes []Strike) error {
	seen := map[string]bool{}
	for _, s := range strikes {
		if s.Member == "" || strings.TrimSpace(s.Reason) == "" {
			return invalid("refuse.round.strike_incomplete")
		}
		if seen[s.Member] {
			return invalid("refuse.round.struck_twice", "Member", s.Member)
		}
		seen[s.Member] = true
	}
	return nil
}

func (c *committee) approve(ctx workflow.Context, _ time.Time, req ApproveRequest) (Receipt, error) {
	var res activities.ApproveResult
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), c.write, activities.Approval{
		RoundID: c.r.id, SubmissionID: req.ID, Strikes: converted(req.Strikes, func(s Strike) activities.Strike { return activities.Strike(s) }), By: req.By, At: workflow.Now(ctx),
	}).Get(ctx, &res); err != nil {
		return Receipt{}, err
	}
	c.approved, c.r.proposed = true, res.Proposed
	return recorded(msg.Say("receipt.round.approved", "Proposed", res.Proposed, "Struck", len(req.Strikes))), nil
}
