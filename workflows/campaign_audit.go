package workflows

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/campaign"
)

// officeAudit is the change that puts the list to the office after the committee's opinions
// and before the notice (三创三树方案 四.5: 在征求市直纪工委或相关部门意见基础上，报市文明办审核).
// Runs begun before it, whose plans name no audit body, go from the opinions to the notice.
const officeAudit = "office-audit"

// maxAuditReason bounds the reason for returning a name.
const maxAuditReason = 500

// audit waits for the office's audit of the list: it accepts it as it is, or returns names with
// reasons, which leave the list (their places stay empty). The campaign waits, and says whom
// for; past the plan's time for it the wait is overdue and the office is reminded.
func (c *campaignRun) audit(ctx workflow.Context) error {
	if c.plan.Decision.AuditBody == "" || len(c.listed()) == 0 {
		return nil
	}
	if workflow.GetVersion(ctx, officeAudit, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		c.dec.audited = true // the run went straight on: nothing to audit
		return nil
	}
	if err := c.setPhase(ctx, campaign.PhaseAudit); err != nil {
		return err
	}
	c.next = msg.Say("next.campaign.audit", "Body", c.plan.Decision.AuditBody, "Campaign", c.plan.ID)
	c.details(ctx)
	// The plans give the audit no time: the plan's own (decision.audit_within) makes it overdue,
	// shown and reminded, never decided.
	if _, err := c.awaitPerson(ctx, personWait{kind: "audit", timer: "timer.audit_reminder",
		dueAt: c.planDue(ctx, func(w *campaign.WaitLimits) time.Duration { return w.Audit }),
		done:  func() bool { return c.dec.audited },
		remind: func(since time.Time) msg.Text {
			return msg.Say("reminder.overdue.audit", "Campaign", c.plan.ID, "Body", c.plan.Decision.AuditBody, "Since", c.when(since))
		}}); err != nil {
		return err
	}
	c.log.Info("audit done", "returned", len(c.dec.returned))
	return nil
}

func (c *campaignRun) checkAudit(r AuditRequest) error {
	if err := checkSubmission(r.Submission); err != nil || c.seen.has(r.ID) {
		return err
	}
	if c.phase != campaign.PhaseAudit || c.dec.audited {
		return invalid("refuse.audit.not_now", "Campaign", c.plan.ID, "Phase", string(c.phase))
	}
	listed, seen := c.listed(), map[string]bool{}
	for _, n := range r.Return {
		why := strings.TrimSpace(n.Reason)
		switch {
		case !slices.Contains(listed, n.Unit):
			return invalid("refuse.audit.not_listed", "Unit", n.Unit, "Listed", listed)
		case seen[n.Unit]:
			return invalid("refuse.audit.twice", "Unit", n.Unit)
		case why == "":
			return invalid("refuse.audit.no_reason", "Unit", n.Unit)
		case utf8.RuneCountInString(why) > maxAuditReason:
			return invalid("refuse.audit.reason_too_long", "Unit", n.Unit, "Chars", utf8.RuneCountInString(why), "Max", maxAuditReason)
		}
		seen[n.Unit] = true
	}
	return nil
}

// auditList records the office's audit, as its decision, and goes on to the notice.
func (c *campaignRun) auditList(ctx workflow.Context, _ time.Time, r AuditRequest) (Receipt, error) {
	returned := make([]activities.UnitReason, 0, len(r.Return))
	for _, n := range r.Return {
		returned = append(returned, activities.UnitReason{Unit: n.Unit, Reason: strings.TrimSpace(n.Reason)})
	}
	slices.SortFunc(returned, func(a, b activities.UnitReason) int { return strings.Compare(a.Unit, b.Unit) })
	if err := workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordDecision, activities.Decision{
		CampaignID: c.plan.ID, SubmissionID: r.ID, Kind: "audit",
		Detail: map[string]any{"body": c.plan.Decision.AuditBody, "returned": returned}, By: r.By, At: workflow.Now(ctx),
	}).Get(ctx, nil); err != nil {
		return Receipt{}, err
	}
	c.dec.returned, c.dec.audited = returned, true
	units := make([]string, len(returned))
	for i, u := range returned {
		units[i] = u.Unit
	}
	if len(units) == 0 {
		return recorded(msg.Say("receipt.audit.accepted", "Body", c.plan.Decision.AuditBody, "Listed", len(c.listed()))), nil
	}
	return recorded(msg.Say("receipt.audit.returned", "Body", c.plan.Decision.AuditBody, "Units", units, "Listed", len(c.listed()))), nil
}

func (c *campaignRun) isReturned(unit string) bool {
	return slices.ContainsFunc(c.dec.returned, func(r activities.UnitReason) bool { return r.Unit == unit })
}

// withheld are the names not approved for a reason given as it stands: objections that
// lapsed in a run that let them, and the names the office returned at its audit.
func (c *campaignRun) withheld() []activities.UnitReason {
	out := slices.Clone(c.naming.withheld)
	for _, r := range c.dec.returned {
		out = append(out, activities.UnitReason{Unit: r.Unit,
			Reason: msg.Say("reason.audit_returned", "Body", c.plan.Decision.AuditBody, "Reason", r.Reason).String()})
	}
	return out
}
