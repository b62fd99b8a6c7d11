package workflows

import (
	"strings"
	"time"
	"unicode/utf8"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/standard"
)

// RedFlagBranch is one branch's part in a red-flag round (红旗党支部): its self-report on the
// form before the deadline, and the committee's assessment score, which ranks it.
func RedFlagBranch(ctx workflow.Context, in BranchInput) (BranchResult, error) {
	b := &redFlagBranch{branchRun: newBranchRun(ctx, in)}
	b.waits = workflow.GetVersion(ctx, redFlagWaits, workflow.DefaultVersion, 1) >= 1
	if err := b.register(ctx); err != nil {
		return BranchResult{}, err
	}
	if err := workflow.ExecuteActivity(withWrites(ctx), acts.LoadStandard, activities.StandardRef{ID: in.StandardID}).Get(ctx, &b.std); err != nil {
		return BranchResult{}, err
	}
	b.details(ctx)
	if b.waits {
		return b.reportThenAssessment(ctx)
	}
	if wait := in.AssessBy.Sub(workflow.Now(ctx)); wait > 0 {
		if _, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{
			Timeout: wait, TimerOptions: workflow.TimerOptions{Summary: msg.Say("timer.assess_due", "At", b.when(in.AssessBy)).String()},
		}, func() bool { return b.committee != nil }); err != nil {
			return BranchResult{}, err
		}
	}
	reason := msg.Say("settled.redflag.no_score").String()
	if b.committee != nil {
		reason = msg.Say("settled.redflag.assessed", "Score", b.committee.Total).String()
	}
	b.details(ctx)
	return b.settle(ctx, reason)
}

type redFlagBranch struct {
	*branchRun
	std             *standard.Standard
	self, committee *standard.Result
	waits           bool      // since redFlagWaits: only the self-report deadline decides by the clock
	overdueSince    time.Time // the committee's score is overdue since then
	proceeded       string    // an administrator went on without the score, for this reason
	outOfRunning    string    // a violation took the branch out of the running while it waited, for this reason
	reminders       int       // overdue reminders written
}

func (b *redFlagBranch) register(ctx workflow.Context) error {
	if err := onQuery(ctx, QueryStatus, func() (BranchStatus, error) {
		st := BranchStatus{RoundID: b.in.RoundID, BranchID: b.in.BranchID, Deadline: b.in.Deadline, AssessBy: b.in.AssessBy,
			Timezone: b.in.Timezone, Settled: b.settled}
		if b.self != nil {
			st.SelfScore = &b.self.Total
		}
		if b.committee != nil {
			st.Committee = &b.committee.Total
		}
		st.OverdueSince, st.Proceeded = b.overdueSince, b.proceeded
		return st, nil
	}); err != nil {
		return err
	}
	// Until the form is loaded, validators accept and the handler checks after waiting.
	loaded := func() bool { return b.std != nil }
	b.intake.ready = loaded
	for _, kind := range []string{UpdateSelfReport, UpdateAssess} {
		check := func(now time.Time, r ScoreRequest) (standard.Result, error) { return b.checkScore(now, kind, r) }
		apply := func(ctx workflow.Context, _ time.Time, r ScoreRequest, res standard.Result) (Receipt, error) {
			return b.score(ctx, kind, r, res)
		}
		if err := onCheckedSubmission(ctx, b.intake, kind, loaded, check, apply); err != nil {
			return err
		}
	}
	return onSubmission(ctx, b.intake, UpdateProceed, loaded, b.checkProceed, b.proceed)
}

func (b *redFlagBranch) checkScore(now time.Time, kind string, r ScoreRequest) (standard.Result, error) {
	if err := checkSubmission(r.Submission); err != nil || b.seen.has(r.ID) {
		return standard.Result{}, err
	}
	if err := checkBasis(kind, r.Basis); err != nil {
		return standard.Result{}, err
	}
	if kind == UpdateSelfReport && !now.Before(b.in.Deadline) {
		return standard.Result{}, invalid("refuse.redflag.self_late", "Due", b.when(b.in.Deadline))
	}
	if kind == UpdateSelfReport && b.waits && (b.committee != nil || b.settled != "") {
		// The committee has scored the branch: its part ends on that score.
		return standard.Result{}, invalid("refuse.redflag.self_after_assessment", "Branch", b.in.BranchID)
	}
	if kind == UpdateAssess {
		if err := b.checkAssessable(now); err != nil {
			return standard.Result{}, err
		}
	}
	res, err := b.std.Score(r.Sheet)
	if err != nil {
		return standard.Result{}, refusalOf(err)
	}
	return res, nil
}

// maxBasis bounds the committee's basis for its score.
const maxBasis = 500

// checkBasis refuses a basis on a self-report (the branch scores itself; the daily-assessment
// records are the party office's, for the committee), or one too long to record.
func checkBasis(kind, basis string) error {
	if basis = strings.TrimSpace(basis); basis == "" {
		return nil
	}
	if kind != UpdateAssess {
		return invalid("refuse.redflag.basis_self")
	}
	if n := utf8.RuneCountInString(basis); n > maxBasis {
		return invalid("refuse.redflag.basis_too_long", "Chars", n, "Max", maxBasis)
	}
	return nil
}

// checkAssessable says why the committee may not score the branch now: since redFlagWaits,
// when it has not reported (yet, or by the deadline), or once its part has ended (a late score
// is taken); before it, once the score's time had passed.
func (b *redFlagBranch) checkAssessable(now time.Time) error {
	switch {
	case !b.waits && (!now.Before(b.in.AssessBy) || b.settled != ""):
		return invalid("refuse.redflag.assess_late", "Due", b.when(b.in.AssessBy))
	case !b.waits:
		return nil
	case b.self == nil:
		return invalid("refuse.redflag.assess_unreported", "Branch", b.in.BranchID, "Due", b.when(b.in.Deadline))
	case b.settled != "" || b.proceeded != "":
		return invalid("refuse.redflag.assess_ended", "Branch", b.in.BranchID)
	}
	return nil
}

// score records a red-flag form of the kind (the self-report or the committee's assessment)
// with its score.
func (b *redFlagBranch) score(ctx workflow.Context, kind string, r ScoreRequest, res standard.Result) (Receipt, error) {
	who := map[string]string{UpdateSelfReport: "self", UpdateAssess: "committee"}[kind]
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordRedFlagScore, activities.RedFlagScore{
		RoundID: b.in.RoundID, BranchID: b.in.BranchID, Kind: who, SubmissionID: r.ID, Result: res, Basis: strings.TrimSpace(r.Basis),
		By: r.By, At: workflow.Now(ctx),
	}).Get(ctx, nil); err != nil {
		return Receipt{}, err
	}
	if who == "self" {
		b.self = &res
	} else {
		b.committee = &res
	}
	b.details(ctx)
	rec := recorded(msg.Say("receipt.redflag."+who, "Branch", b.in.BranchID, "Total", res.Total, "Max", res.Max))
	if basis := strings.TrimSpace(r.Basis); basis != "" {
		rec.also(msg.Say("receipt.redflag.basis", "Basis", basis))
	}
	return rec, nil
}

func (b *redFlagBranch) details(ctx workflow.Context) {
	var state msg.Text
	switch {
	case b.settled != "":
		state = msg.Say("details.branch.done", "Reason", b.settled)
	case b.committee != nil:
		state = msg.Say("details.redflag.assessed", "Score", b.committee.Total)
	case b.proceeded != "":
		state = msg.Say("details.redflag.proceeded", "Reason", b.proceeded)
	case b.waits && b.self == nil:
		state = msg.Say("details.redflag.waiting_report", "Until", b.when(b.in.Deadline))
	case !b.overdueSince.IsZero():
		state = msg.Say("details.redflag.assess_overdue", "Since", b.when(b.overdueSince), "Round", b.in.RoundID, "Branch", b.in.BranchID)
	default:
		state = msg.Say("details.redflag.waiting", "Until", b.when(b.in.AssessBy))
	}
	if b.self != nil {
		state = msg.Say("details.redflag.self", "Self", b.self.Total, "Then", state.String())
	}
	b.show(ctx, "details.branch.redflag", state)
}
