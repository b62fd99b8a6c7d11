package workflows

import (
	"strconv"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
)

// Phases of a year-end round.
const (
	RoundWaiting    = "waiting"    // for the year's last pioneer and red-flag rounds to be awarded
	RoundNomination = "nomination" // nominations, and the committee's approval of the list
)

// AnnualRound is a year's commendation (年终表彰), conferred at the year-end meeting. It waits
// until the year's last pioneer round (Q4) and red-flag round (H2) are awarded, or until an
// administrator lets it go on without them; its list then holds the year's streak holders,
// named without further evaluation (免评), and the nominations; the committee approves,
// striking nominations with reasons; the list is publicly noticed; the titles are conferred,
// each with how it was earned.
func AnnualRound(ctx workflow.Context, in RoundInput) (RoundResult, error) {
	r := &annualRound{roundRun: newRoundRun(ctx, in)}
	r.committee = committee{r: r.roundRun, phase: RoundNomination, write: acts.ApproveAnnual}
	r.year, _ = strconv.Atoi(in.Period)
	if err := r.register(ctx); err != nil {
		return RoundResult{}, err
	}
	opening := activities.AnnualOpening{RoundID: r.id, Year: r.year, At: workflow.Now(ctx)}
	if err := workflow.ExecuteActivity(withWrites(ctx), acts.OpenAnnual, opening).Get(ctx, nil); err != nil {
		return RoundResult{}, err
	}
	if err := r.awaitYear(ctx); err != nil {
		return RoundResult{}, err
	}
	// 免评: the streak holders of the year are on the list without evaluation.
	opening.At = workflow.Now(ctx)
	if err := workflow.ExecuteActivity(withWrites(ctx), acts.ListAnnual, opening).Get(ctx, &r.listed); err != nil {
		return RoundResult{}, err
	}
	// Nominations, and the committee's approval (党委审批).
	if err := r.setPhase(ctx, RoundNomination, msg.Say("next.annual.nomination", "Round", r.id)); err != nil {
		return RoundResult{}, err
	}
	if err := r.committee.await(ctx); err != nil {
		return RoundResult{}, err
	}
	return r.finish(ctx)
}

type annualRound struct {
	*roundRun
	year      int
	pending   []string // the year's last rounds not awarded yet
	proceeded bool     // an administrator let the round go on without them
	listed    int
	committee committee
}

func (r *annualRound) register(ctx workflow.Context) error {
	if err := onQuery(ctx, QueryStatus, func() (RoundStatus, error) {
		st := r.status()
		st.Listed, st.Pending = r.listed, r.pending
		return st, nil
	}); err != nil {
		return err
	}
	if err := onSubmission(ctx, r.intake, UpdateProceed, nil, anyTime(r.checkProceed), r.proceed); err != nil {
		return err
	}
	if err := onSubmission(ctx, r.intake, UpdateNominate, nil, anyTime(r.checkNominate), r.nominate); err != nil {
		return err
	}
	return r.committee.register(ctx)
}

// awaitYear waits, looking again every CheckEvery, until the year's last rounds are awarded
// or an administrator lets the round go on without them.
func (r *annualRound) awaitYear(ctx workflow.Context) error {
	for {
		var pending []string
		if err := workflow.ExecuteActivity(withWrites(ctx), acts.LastRoundsPending, activities.YearInput{Year: r.year}).Get(ctx, &pending); err != nil {
			return err
		}
		if len(pending) == 0 || r.proceeded {
			r.pending = nil
			return nil
		}
		if r.phase != RoundWaiting || strings.Join(pending, ",") != strings.Join(r.pending, ",") {
			r.pending = pending
			if err := r.setPhase(ctx, RoundWaiting, msg.Say("next.annual.waiting", "Rounds", pending, "Round", r.id)); err != nil {
				return err
			}
		}
		if _, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{
			Timeout: r.in.Config.CheckEvery, TimerOptions: workflow.TimerOptions{Summary: msg.Say("timer.annual_check", "Rounds", pending).String()},
		}, func() bool { return r.proceeded }); err != nil {
			return err
		}
	}
}

func (r *annualRound) checkProceed(req ProceedRequest) error {
	if err := checkSubmission(req.Submission); err != nil || r.seen.has(req.ID) {
		return err
	}
	if r.phase != RoundWaiting || r.proceeded {
		return invalid("refuse.annual.not_waiting", "Round", r.id)
	}
	if strings.TrimSpace(req.Reason) == "" {
		return invalid("refuse.annual.proceed_reason")
	}
	return nil
}

func (r *annualRound) proceed(ctx workflow.Context, _ time.Time, req ProceedRequest) (Receipt, error) {
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordRoundDecision, activities.RoundDecision{
		RoundID: r.id, SubmissionID: req.ID, Kind: "proceed", Detail: map[string]any{"without": r.pending, "reason": req.Reason},
		By: req.By, At: workflow.Now(ctx),
	}).Get(ctx, nil); err != nil {
		return Receipt{}, err
	}
	r.proceeded = true
	return recorded(msg.Say("receipt.annual.proceed", "Round", r.id, "Without", r.pending)), nil
}

func (r *annualRound) checkNominate(req NominateRequest) error {
	if err := checkSubmission(req.Submission); err != nil || r.seen.has(req.ID) {
		return err
	}
	if r.committee.approved || (r.phase != RoundWaiting && r.phase != RoundNomination) {
		return invalid("refuse.annual.nominations_closed", "Round", r.id)
	}
	if req.SubjectKind != "member" && req.SubjectKind != "branch" || req.Subject == "" {
		return invalid("refuse.annual.nominee")
	}
	if strings.TrimSpace(req.Reason) == "" {
		return invalid("refuse.annual.nomination_reason")
	}
	return nil
}

func (r *annualRound) nominate(ctx workflow.Context, _ time.Time, req NominateRequest) (Receipt, error) {
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.Nominate, activities.Nomination{
		RoundID: r.id, SubmissionID: req.ID, SubjectKind: req.SubjectKind, SubjectID: req.Subject, Reason: req.Reason,
		By: req.By, At: workflow.Now(ctx),
	}).Get(ctx, nil); err != nil {
		return Receipt{}, err
	}
	r.listed++
	return recorded(msg.Say("receipt.annual.nominated", "Kind", req.SubjectKind, "Subject", req.Subject, "Round", r.id)), nil
}
