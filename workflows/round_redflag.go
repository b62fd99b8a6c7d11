package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/rank"
)

// RedFlagRound is a half-year's red-flag round (红旗党支部): every eligible branch reports on
// the form, the committee scores it, the top ones after the public notice receive the rotating
// red flag, and a second flag in a row makes an advanced branch of the year.
func RedFlagRound(ctx workflow.Context, in RoundInput) (RoundResult, error) {
	r := &redFlagRound{roundRun: newRoundRun(ctx, in)}
	if err := r.register(ctx); err != nil {
		return RoundResult{}, err
	}
	selfBy := workflow.Now(ctx).Add(in.Config.SelfReport)
	assessBy := selfBy.Add(in.Config.Assessment)
	if err := r.open(ctx, BranchInput{Deadline: selfBy, AssessBy: assessBy}); err != nil {
		return RoundResult{}, err
	}
	// 自行申报 and 党委考核测评.
	if err := r.setPhase(ctx, RoundAssessment, msg.Say("next.round.assessment",
		"SelfBy", msg.At{T: selfBy, TZ: in.Config.Timezone}, "AssessBy", msg.At{T: assessBy, TZ: in.Config.Timezone})); err != nil {
		return RoundResult{}, err
	}
	if err := r.awaitBranches(ctx); err != nil {
		return RoundResult{}, err
	}
	// Rank by the committee's score; a tie at the cut waits for the committee.
	if err := r.setPhase(ctx, RoundReview, msg.Text{}); err != nil {
		return RoundResult{}, err
	}
	if err := r.rank(ctx); err != nil {
		return RoundResult{}, err
	}
	return r.finish(ctx)
}

type redFlagRound struct {
	*roundRun
	tie tieGate
}

func (r *redFlagRound) register(ctx workflow.Context) error {
	if err := onQuery(ctx, QueryStatus, func() (RoundStatus, error) {
		st := r.status()
		st.PendingTie = r.tie.pending
		return st, nil
	}); err != nil {
		return err
	}
	if err := onSubmission(ctx, r.intake, UpdateResolveTie, nil, anyTime(r.checkTie), r.resolveTie); err != nil {
		return err
	}
	return r.registerViolations(ctx, nil)
}

func (r *redFlagRound) rank(ctx workflow.Context) error {
	rankOnce := func(decisions []rank.Decision) (*rank.Tie, error) {
		var res activities.ReviewResult
		if err := workflow.ExecuteActivity(withWrites(ctx), acts.RankRedFlag, activities.RankRedFlagInput{
			RoundID: r.id, Flags: r.in.Config.Flags, Decisions: decisions,
		}).Get(ctx, &res); err != nil {
			return nil, err
		}
		r.proposed = len(res.Proposed)
		return res.Pending, nil
	}
	return r.tie.rankUntilDecided(ctx, rankOnce, func(ctx workflow.Context, t *rank.Tie) error {
		r.next = msg.Say("next.round.tie", "Tied", t.Units, "Total", t.Total, "Slots", t.Slots, "Round", r.id)
		r.details(ctx)
		return awaitChange(ctx, &r.changed)
	})
}

func (r *redFlagRound) checkTie(req TieRequest) error {
	if err := checkSubmission(req.Submission); err != nil || r.seen.has(req.ID) {
		return err
	}
	return r.tie.check(req, func() error { return invalid("refuse.tie.none_in_round", "Round", r.id, "Phase", r.phase) })
}

func (r *redFlagRound) resolveTie(ctx workflow.Context, _ time.Time, req TieRequest) (Receipt, error) {
	if err := r.tie.resolve(req, func(d rank.Decision) error {
		return workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordRoundDecision, activities.RoundDecision{
			RoundID: r.id, SubmissionID: req.ID, Kind: "tie", Detail: d, By: req.By, At: workflow.Now(ctx),
		}).Get(ctx, nil)
	}); err != nil {
		return Receipt{}, err
	}
	return recorded(msg.Say("receipt.tie.flag", "Include", req.Include)), nil
}
