package office

import (
	"context"

	"wenming/store"
	"wenming/workflows"
)

// Notice names a public notice (公示): the names a campaign proposes, a unit's declaration
// before declaring (申报前公示), or a round's list.
type Notice struct{ workflowID string }

// CampaignNotice is the notice of the names a campaign proposes.
func CampaignNotice(campaignID string) Notice {
	return Notice{workflows.NoticeWorkflowID(workflows.CampaignWorkflowID(campaignID))}
}

// UnitNotice is a unit's notice before declaring.
func UnitNotice(u Unit) Notice { return Notice{workflows.NoticeWorkflowID(u.workflowID())} }

// RoundNotice is the notice of a round's list.
func RoundNotice(round string) Notice { return Notice{workflows.NoticeWorkflowID(round)} }

// Objection is an objection filed against an entry of a notice: a unit (or a unit's person,
// store.NomineeKey) on a campaign's, a member or a branch on a round's.
type Objection struct {
	Notice
	ID      string
	Entry   string
	Reason  string
	Contact string // how to reach whoever objects; may stay empty (anonymous); sealed in histories
}

// FileObjection files an objection; its receipt gives the objection's number.
func (o *Office) FileObjection(ctx context.Context, ob Objection) (Receipt, error) {
	return o.submit(ctx, ob.ID, ob.workflowID, workflows.UpdateFileObjection,
		&workflows.ObjectionRequest{Entry: ob.Entry, Reason: ob.Reason, Contact: ob.Contact})
}

// ObjectionDecision decides an objection: upheld, the entry is removed from the list;
// dismissed, it stays.
type ObjectionDecision struct {
	Notice
	ID     string
	Number int
	Uphold bool
	Note   string
}

// DecideObjection decides an objection.
func (o *Office) DecideObjection(ctx context.Context, d ObjectionDecision) (Receipt, error) {
	decision := store.Dismiss
	if d.Uphold {
		decision = store.Uphold
	}
	return o.submit(ctx, d.ID, d.workflowID, workflows.UpdateDecideObjection,
		&workflows.ObjectionDecisionRequest{Objection: d.Number, Decision: decision, Note: d.Note})
}
