package workflows

import (
	"cmp"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
)

// redFlagWaits is the change that lets only the self-report deadline decide by the clock: a
// branch that has not reported by it is not in the running (自行申报 is the first of the three
// steps), and one that has reported waits for the committee's score as long as it takes,
// overdue after AssessBy (shown, searchable, reminded), until it is scored or an administrator
// goes on without the score, saying why. Runs begun before it replay as they ran: there the
// score was due by AssessBy and a branch was assessed whether it had reported or not.
const redFlagWaits = "redflag-waits"

// remindAssessmentEvery is how often an overdue assessment is chased when the branch's round
// names no cadence.
const remindAssessmentEvery = 24 * time.Hour

// reportThenAssessment is the branch's part since redFlagWaits: its self-report by the
// deadline, then the committee's assessment.
func (b *redFlagBranch) reportThenAssessment(ctx workflow.Context) (BranchResult, error) {
	if wait := b.in.Deadline.Sub(workflow.Now(ctx)); wait > 0 {
		if _, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{
			Timeout: wait, TimerOptions: workflow.TimerOptions{Summary: msg.Say("timer.self_report_due", "At", b.when(b.in.Deadline)).String()},
		}, func() bool { return b.self != nil }); err != nil {
			return BranchResult{}, err
		}
	}
	// A report taken before the deadline may still be being recorded.
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return BranchResult{}, err
	}
	if b.self == nil {
		return b.settle(ctx, msg.Say("settled.redflag.not_reported", "Due", b.when(b.in.Deadline)).String())
	}
	b.details(ctx)
	if err := b.awaitAssessment(ctx); err != nil {
		return BranchResult{}, err
	}
	reason := msg.Say("settled.redflag.proceeded", "Reason", b.proceeded).String()
	switch {
	case b.committee != nil:
		reason = msg.Say("settled.redflag.assessed", "Score", b.committee.Total).String()
	case b.outOfRunning != "":
		reason = msg.Say("settled.redflag.out_of_running", "Reason", b.outOfRunning).String()
	}
	b.details(ctx)
	return b.settle(ctx, reason)
}

// awaitAssessment waits for the committee's score, or an administrator's decision to go on
// without it. Once AssessBy has passed the wait is overdue: in the status, the details and
// WenmingOverdueSince, and the office is reminded at once and on the round's cadence; but a
// branch a violation has taken out of the running meanwhile waits for nobody.
func (b *redFlagBranch) awaitAssessment(ctx workflow.Context) error {
	done := func() bool { return b.committee != nil || b.proceeded != "" || b.outOfRunning != "" }
	every := b.in.RemindEvery
	if every <= 0 {
		every = remindAssessmentEvery
	}
	for !done() {
		wait, timer := every, msg.Say("timer.assess_remind")
		if b.overdueSince.IsZero() {
			if left := b.in.AssessBy.Sub(workflow.Now(ctx)); left > 0 {
				wait, timer = left, msg.Say("timer.assess_due", "At", b.when(b.in.AssessBy))
			} else if err := b.becomeOverdue(ctx); err != nil {
				return err
			}
		}
		ok, err := workflow.AwaitWithOptions(ctx, workflow.AwaitOptions{Timeout: wait, TimerOptions: workflow.TimerOptions{Summary: timer.String()}}, done)
		if err != nil {
			return err
		}
		if !ok && !b.overdueSince.IsZero() {
			if err := b.remindIfInRunning(ctx); err != nil {
				return err
			}
		}
	}
	if b.overdueSince.IsZero() {
		return nil
	}
	b.overdueSince = time.Time{}
	_, err := showOverdue(ctx, time.Time{})
	return err
}

func (b *redFlagBranch) becomeOverdue(ctx workflow.Context) error {
	b.overdueSince = b.in.AssessBy
	b.details(ctx)
	if _, err := showOverdue(ctx, b.overdueSince); err != nil {
		return err
	}
	return b.remindIfInRunning(ctx)
}

// remindIfInRunning reminds the office of the overdue score, unless a violation has taken the
// branch out of the running: then nothing waits for the score.
func (b *redFlagBranch) remindIfInRunning(ctx workflow.Context) error {
	var st activities.Standing
	if err := workflow.ExecuteActivity(withWrites(ctx), acts.BranchStanding, activities.BranchRef{
		RoundID: b.in.RoundID, BranchID: b.in.BranchID}).Get(ctx, &st); err != nil {
		return err
	}
	if !st.Eligible {
		b.outOfRunning = cmp.Or(st.Reason, "-")
		return nil
	}
	return b.remindOverdue(ctx)
}

// remindOverdue writes to the office's outbox (kind overdue-assess-<branch>, the round's id in
// place of a campaign's) that the committee's score of the branch is overdue.
func (b *redFlagBranch) remindOverdue(ctx workflow.Context) error {
	b.log.Warn("the committee's assessment is overdue: still waiting, reminding", "since", b.overdueSince)
	b.reminders++
	return workflow.ExecuteActivity(withWrites(ctx), acts.RemindOverdue, activities.OverdueReminder{
		CampaignID: b.in.RoundID, Kind: "overdue-assess-" + b.in.BranchID, Seq: b.reminders, At: workflow.Now(ctx),
		Text: msg.Say("reminder.overdue.assess", "Round", b.in.RoundID, "Branch", b.in.BranchID, "Since", b.when(b.overdueSince)),
	}).Get(ctx, nil)
}

// An administrator goes on without the committee's score of a branch once its time has passed:
// the branch is ranked without a score, by their decision, recorded with their name and reason.

func (b *redFlagBranch) checkProceed(now time.Time, r ProceedRequest) error {
	if err := checkSubmission(r.Submission); err != nil || b.seen.has(r.ID) {
		return err
	}
	if r.Step != StepAssess {
		return invalid("refuse.proceed.step", "Step", r.Step, "Steps", []string{StepAssess})
	}
	if err := checkProceedReason(r.Reason); err != nil {
		return err
	}
	switch {
	case !b.waits:
		return invalid("refuse.proceed.assess_ends_itself", "Branch", b.in.BranchID, "Due", b.when(b.in.AssessBy))
	case b.self == nil || b.committee != nil || b.proceeded != "" || b.outOfRunning != "" || b.settled != "":
		return invalid("refuse.proceed.assess_not_waiting", "Branch", b.in.BranchID)
	case now.Before(b.in.AssessBy):
		return invalid("refuse.proceed.assess_not_due", "Branch", b.in.BranchID, "Due", b.when(b.in.AssessBy))
	}
	return nil
}

func (b *redFlagBranch) proceed(ctx workflow.Context, _ time.Time, r ProceedRequest) (Receipt, error) {
	why := strings.TrimSpace(r.Reason)
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordRoundDecision, activities.RoundDecision{
		// Keyed by branch: an id a person reuses for another branch is another decision.
		RoundID: b.in.RoundID, SubmissionID: b.in.BranchID + "/" + r.ID, Kind: "proceed",
		Detail: map[string]any{"step": r.Step, "branch": b.in.BranchID, "reason": why}, By: r.By, At: workflow.Now(ctx),
	}).Get(ctx, nil); err != nil {
		return Receipt{}, err
	}
	b.proceeded = why
	b.details(ctx)
	return recorded(msg.Say("receipt.proceed.assess", "Branch", b.in.BranchID, "Reason", why)), nil
}
