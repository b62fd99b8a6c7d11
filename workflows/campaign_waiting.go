package workflows

import (
	"time"

	"wenming/msg"
	"wenming/rules/campaign"
)

// Waiting says whom a campaign waits for, and since when, for `campaign status` and the
// Web UI. Who is a person or body; when the campaign waits only for a date, Who says so.
type Waiting struct {
	Who   msg.Text
	Since time.Time
	// OverdueSince, when set, is when the plan's time for this wait passed: the campaign
	// still waits for the people and reminds them; it never decides for them.
	OverdueSince time.Time `json:",omitzero"`
}

// waiting is whom the campaign waits for now. Phases driven by the calendar wait for the
// units (their self-check and declaration) or the inspectors until their deadlines; the review
// waits for the office's decision on a tie; the consultation for the discipline committee until
// its deadline; the notice for its end and every objection's decision; then the deciding body.
func (c *campaignRun) waiting(now time.Time) Waiting {
	tl, n := c.tl, c.sup.counts
	switch c.phase {
	case campaign.PhaseScheduled, campaign.PhaseMobilize, campaign.PhaseImplement:
		return c.waitingFor("date", msg.Say("waiting.date"), now)
	case campaign.PhaseSelfCheck:
		return Waiting{Who: msg.Say("waiting.units", "Declared", n.Declared, "Units", len(c.plan.Units), "Due", c.when(tl.DeclareBy)), Since: tl.SelfCheck}
	case campaign.PhaseAcceptance:
		if now.Before(tl.AcceptBy) {
			return Waiting{Who: msg.Say("waiting.inspectors", "Declared", n.Declared, "Inspected", n.Inspected, "Due", c.when(tl.AcceptBy)), Since: tl.DeclareBy}
		}
		// Units still not ready wait for their inspectors, or for an administrator to proceed:
		// each unit's own status says whether its wait is overdue.
		return Waiting{Who: msg.Say("waiting.groups", "Ready", len(c.settled), "Groups", len(c.groups)), Since: tl.AcceptBy}
	case campaign.PhaseReview:
		if c.tie.pending != nil {
			return c.waitingFor("tie", msg.Say("waiting.tie", "ID", c.plan.ID), now)
		}
	case campaign.PhaseConsult:
		if !c.dec.closed {
			id := "waiting.consult"
			if c.dec.waitsForAll {
				id = "waiting.consult_open"
			}
			return c.waitingFor("consult", msg.Say(id, "Body", c.plan.Decision.ConsultBody, "Given", len(c.dec.opinions),
				"Proposed", len(c.naming.proposed), "Due", c.when(c.dec.consultBy)), now)
		}
	case campaign.PhaseAudit:
		if !c.dec.audited {
			return c.waitingFor("audit", msg.Say("waiting.audit", "Body", c.plan.Decision.AuditBody, "Listed", len(c.listed()), "Campaign", c.plan.ID), now)
		}
	case campaign.PhaseDecision:
		if c.dec.decision == nil {
			return c.waitingFor("decision", msg.Say("waiting.decision", "Body", c.plan.Decision.DecidingBody), now)
		}
	case campaign.PhaseNotice:
		if len(c.naming.proposed) > 0 && !c.naming.named {
			return c.waitingFor("notice", msg.Say("waiting.notice", "Notice", c.noticeID()), now)
		}
	}
	return c.waitingFor("nobody", msg.Say("waiting.nobody"), now)
}

// waitingFor keeps the moment a wait began, as long as the campaign waits for the same one.
func (c *campaignRun) waitingFor(key string, who msg.Text, now time.Time) Waiting {
	if c.shown.key != key {
		c.shown.key, c.shown.since = key, now
	}
	return Waiting{Who: who, Since: c.shown.since, OverdueSince: c.overdueSince}
}
