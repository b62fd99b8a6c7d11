package workflows

import (
	"strings"
	"time"
	"unicode/utf8"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/campaign"
)

// maxProceedReason bounds an administrator's reason for proceeding past a wait.
const maxProceedReason = 500

// Proceeding past an overdue wait: a wait for people never ends by the clock; once its time has
// passed an administrator may go on without what it waits for, saying why. The decision is
// theirs, recorded with their name.

func (c *campaignRun) checkProceed(now time.Time, r ProceedRequest) error {
	if err := checkSubmission(r.Submission); err != nil || c.seen.has(r.ID) {
		return err
	}
	if r.Step != StepConsult {
		return invalid("refuse.proceed.step", "Step", r.Step, "Steps", []string{StepConsult})
	}
	if err := checkProceedReason(r.Reason); err != nil {
		return err
	}
	if !c.deciding || c.phase != campaign.PhaseConsult || c.dec.closed {
		return invalid("refuse.proceed.not_consulting", "Campaign", c.plan.ID, "Phase", string(c.phase))
	}
	if !c.dec.waitsForAll {
		// The run began when silence was consent: the consultation ends by itself at its time.
		return invalid("refuse.proceed.consult_ends_itself", "Campaign", c.plan.ID, "Due", c.when(c.dec.consultBy))
	}
	if now.Before(c.dec.consultBy) {
		return invalid("refuse.proceed.not_due", "Body", c.plan.Decision.ConsultBody, "Due", c.when(c.dec.consultBy))
	}
	if len(c.silent()) == 0 {
		// Every opinion is in: the consultation ends by itself, nothing to go on without.
		return invalid("refuse.proceed.none_silent", "Body", c.plan.Decision.ConsultBody)
	}
	return nil
}

// checkProceedReason refuses a proceeding without its reason, or with one too long to record.
func checkProceedReason(reason string) error {
	why := strings.TrimSpace(reason)
	if why == "" {
		return invalid("refuse.proceed.no_reason")
	}
	if n := utf8.RuneCountInString(why); n > maxProceedReason {
		return invalid("refuse.proceed.reason_too_long", "Chars", n, "Max", maxProceedReason)
	}
	return nil
}

// proceedConsult goes on without the committee's missing opinions: the units it was silent on
// stay on the list, by the administrator's decision, not by the committee's consent.
func (c *campaignRun) proceedConsult(ctx workflow.Context, _ time.Time, r ProceedRequest) (Receipt, error) {
	silent, why := c.silent(), strings.TrimSpace(r.Reason)
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordDecision, activities.Decision{
		CampaignID: c.plan.ID, SubmissionID: r.ID, Kind: "proceed",
		Detail: map[string]any{"step": r.Step, "without_opinion": silent, "reason": why}, By: r.By, At: workflow.Now(ctx),
	}).Get(ctx, nil); err != nil {
		return Receipt{}, err
	}
	for _, u := range silent {
		c.dec.opinions[u] = ""
	}
	return recorded(msg.Say("receipt.proceed.consult", "Body", c.plan.Decision.ConsultBody, "Units", silent, "Reason", why)), nil
}
