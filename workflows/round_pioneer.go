package workflows

import (
	"go.temporal.io/sdk/workflow"

	"wenming/msg"
)

// PioneerRound is a quarter's pioneer-post round (党员先锋岗): every branch's meeting
// evaluates its members on anonymous forms and recommends at most its share of them; the
// committee approves or strikes names; the list is publicly noticed; the posts are awarded,
// and a fourth award in a row makes an excellent party member of the year.
func PioneerRound(ctx workflow.Context, in RoundInput) (RoundResult, error) {
	r := &pioneerRound{roundRun: newRoundRun(ctx, in)}
	r.committee = committee{r: r.roundRun, phase: RoundCommittee, write: acts.Approve, ready: r.branchTiesSettled}
	if err := r.register(ctx); err != nil {
		return RoundResult{}, err
	}
	deadline := workflow.Now(ctx).Add(in.Config.Voting)
	if err := r.open(ctx, BranchInput{Deadline: deadline, ShareBP: in.Config.ShareBP}); err != nil {
		return RoundResult{}, err
	}
	// 民主测评 and 支部推荐: each branch votes and recommends.
	if err := r.setPhase(ctx, RoundVoting, msg.Say("next.round.voting", "Until", msg.At{T: deadline, TZ: in.Config.Timezone})); err != nil {
		return RoundResult{}, err
	}
	if err := r.awaitBranches(ctx); err != nil {
		return RoundResult{}, err
	}
	// 党委审批: the committee approves all recommended names or strikes some, with reasons.
	if err := r.setPhase(ctx, RoundCommittee, msg.Say("next.round.committee")); err != nil {
		return RoundResult{}, err
	}
	if err := r.committee.await(ctx); err != nil {
		return RoundResult{}, err
	}
	return r.finish(ctx)
}

type pioneerRound struct {
	*roundRun
	committee committee
}

func (r *pioneerRound) register(ctx workflow.Context) error {
	if err := onQuery(ctx, QueryStatus, func() (RoundStatus, error) { return r.status(), nil }); err != nil {
		return err
	}
	if err := r.committee.register(ctx); err != nil {
		return err
	}
	if err := onSubmission(ctx, r.intake, UpdateResolveTie, nil, anyTime(r.checkBranchTie), r.resolveBranchTie); err != nil {
		return err
	}
	return r.registerViolations(ctx, r.afterViolation)
}

// branchTiesSettled refuses the committee's approval while a branch's tie waits.
func (r *pioneerRound) branchTiesSettled() error {
	if ties := r.branchTies(); len(ties) > 0 {
		return invalid("refuse.round.branch_tie_pending", "Branch", ties[0].Branch, "Round", r.id)
	}
	return nil
}
