package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/rank"
)

// A violation counts by the day it happened, whenever it is recorded. A running round takes
// one recorded in its period (the CLI tells it) and applies it by the stage it is at: before
// the committee approves, the member (branch) is no longer a candidate; during the notice
// they come off the list and the place stays empty; after the award the honor is revoked.
// A pioneer branch that had recommended the member recommends again; a new tie at its cut
// waits for the committee, here on the round (the branch's own part is over).

// branchTie is the committee's pending decision on a branch recommending again.
type branchTie struct {
	branch string
	gate   tieGate
}

func (r *roundRun) registerViolations(ctx workflow.Context, after func(ctx workflow.Context, e activities.ViolationEffect, rec *Receipt) error) error {
	return onSubmission(ctx, r.intake, UpdateViolation, nil, anyTime(r.checkViolation), func(ctx workflow.Context, _ time.Time, req ViolationRequest) (Receipt, error) {
		var e activities.ViolationEffect
		if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.ApplyViolation, activities.ViolationInput{
			RoundID: r.id, ViolationID: req.Violation, By: req.By, At: workflow.Now(ctx),
		}).Get(ctx, &e); err != nil {
			return Receipt{}, err
		}
		rec := recorded(msg.Say("receipt.violation", "Round", r.id))
		for _, l := range e.Lines {
			rec.also(l)
		}
		if after != nil {
			if err := after(ctx, e, &rec); err != nil {
				return Receipt{}, err
			}
		}
		r.details(ctx)
		return rec, nil
	})
}

func (r *roundRun) checkViolation(req ViolationRequest) error {
	if err := checkSubmission(req.Submission); err != nil || r.seen.has(req.ID) {
		return err
	}
	if req.Violation == "" {
		return invalid("refuse.violation.no_id")
	}
	if r.phase == RoundClosed {
		return invalid("refuse.violation.round_closed", "Round", r.id)
	}
	return nil
}

// tieOf is the pending tie of a branch recommending again, if any.
func (r *roundRun) tieOf(branch string) *branchTie {
	for i := range r.ties {
		if r.ties[i].branch == branch {
			return &r.ties[i]
		}
	}
	return nil
}

func (r *roundRun) branchTies() []BranchTie {
	var out []BranchTie
	for _, t := range r.ties {
		if t.gate.pending != nil {
			out = append(out, BranchTie{Branch: t.branch, Tie: *t.gate.pending})
		}
	}
	return out
}

// retally derives a branch's recommendation again (with the committee's recorded decisions
// on its ties) and says who moved up, or the tie that now waits for the committee.
func (r *pioneerRound) retally(ctx workflow.Context, branch, violation string) ([]msg.Text, error) {
	var t activities.Retally
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RetallyBranch, activities.RetallyInput{
		RoundID: r.id, BranchID: branch, ShareBP: r.in.Config.ShareBP, ViolationID: violation,
	}).Get(ctx, &t); err != nil {
		return nil, err
	}
	g := r.tieOf(branch)
	if g == nil && t.Pending != nil {
		r.ties = append(r.ties, branchTie{branch: branch})
		g = &r.ties[len(r.ties)-1]
	}
	if g != nil {
		g.gate.pending = t.Pending
	}
	return t.Lines, nil
}

// afterViolation derives again the recommendation of the branch the violation changed.
func (r *pioneerRound) afterViolation(ctx workflow.Context, e activities.ViolationEffect, rec *Receipt) error {
	if e.Retally == "" {
		return nil
	}
	lines, err := r.retally(ctx, e.Retally, e.ViolationID)
	for _, l := range lines {
		rec.also(l)
	}
	return err
}

func (r *pioneerRound) checkBranchTie(req TieRequest) error {
	if err := checkSubmission(req.Submission); err != nil || r.seen.has(req.ID) {
		return err
	}
	noTie := func() error { return invalid("refuse.tie.none_in_branch", "Branch", req.Branch) }
	t := r.tieOf(req.Branch)
	if t == nil {
		return noTie()
	}
	return t.gate.check(req, noTie)
}

// resolveBranchTie takes the committee's decision on a tie of a branch recommending again.
func (r *pioneerRound) resolveBranchTie(ctx workflow.Context, _ time.Time, req TieRequest) (Receipt, error) {
	if err := r.tieOf(req.Branch).gate.resolve(req, func(d rank.Decision) error {
		return workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordRoundDecision, activities.RoundDecision{
			RoundID: r.id, SubmissionID: req.ID, Kind: "tie", Detail: map[string]any{"branch": req.Branch, "decision": d},
			By: req.By, At: workflow.Now(ctx),
		}).Get(ctx, nil)
	}); err != nil {
		return Receipt{}, err
	}
	rec := recorded(msg.Say("receipt.tie.branch", "Branch", req.Branch, "Include", req.Include))
	lines, err := r.retally(ctx, req.Branch, "")
	if err != nil {
		return Receipt{}, err
	}
	for _, l := range lines {
		rec.also(l)
	}
	r.details(ctx)
	return rec, nil
}
