package office

import (
	"context"
	"time"

	"wenming/msg"
	"wenming/rules/title"
	"wenming/store"
	"wenming/workflows"
)

// A title after naming is managed by its own workflow (动态管理): the office's decisions
// about it go there.

// TitleWorkflowID is the workflow that manages a title of the register.
func TitleWorkflowID(t store.Title) string {
	return workflows.TitleWorkflowID(t.Kind, t.UnitID, t.Person != "", t.ID, t.ConferredOn.Format(time.DateOnly))
}

// TitleDecision is a decision about a title: warn, rectify, verify, suspend, restore, revoke
// or renew.
type TitleDecision struct {
	Title    store.Title
	ID       string
	Action   title.Action
	Reason   string
	Document string        // the decision's document number, if any
	Within   time.Duration // with Rectify: how long the holder has
}

// DecideTitle records a decision about a title. A year's title of the year-end commendation
// has no workflow: it falls with the honours it rests on (a violation recorded), so a
// decision about it is refused, saying so.
func (o *Office) DecideTitle(ctx context.Context, d TitleDecision) (Receipt, error) {
	if d.Title.Yearly() {
		why := msg.Say("office.title.yearly", "ID", d.Title.ID, "Title", d.Title.Name)
		return o.refuseHere(ctx, d.ID, workflows.UpdateTitle, TitleWorkflowID(d.Title), d, why), nil
	}
	return o.toTitle(ctx, d.Title, d.ID, &workflows.TitleRequest{Action: d.Action, Reason: d.Reason, Document: d.Document, Within: d.Within})
}

// toTitle sends a decision to a title's workflow. The workflow of a title revoked or expired
// has ended: a decision it recorded before (the revocation, sent again) is answered from the
// register as received before; any other is refused, the title's status said.
func (o *Office) toTitle(ctx context.Context, t store.Title, id string, req *workflows.TitleRequest) (Receipt, error) {
	target := TitleWorkflowID(t)
	if !title.Status(t.Status).Ended() {
		return o.submit(ctx, id, target, workflows.UpdateTitle, req)
	}
	id, seen, err := o.decidedBefore(ctx, t, id, req)
	switch {
	case err != nil:
		return Receipt{}, err
	case seen:
		return alreadyReceived(id), nil
	}
	why := msg.Say("refuse.title.action", "Title", t.Name, "Action", string(req.Action),
		"Status", title.StatusWords[title.Status(t.Status)], "From", title.Words(title.From(req.Action)))
	return o.refuseHere(ctx, id, workflows.UpdateTitle, target, req, why), nil
}

// decidedBefore says whether a decision (named by id, or by what it asks as a sent one would
// be) is on the title's record: sent again to a title whose workflow has ended.
func (o *Office) decidedBefore(ctx context.Context, t store.Title, id string, req *workflows.TitleRequest) (string, bool, error) {
	if id == "" {
		id = DerivedID(workflows.UpdateTitle, TitleWorkflowID(t), req)
	}
	db, err := o.database(ctx)
	if err != nil {
		return id, false, err
	}
	seen, err := store.TitleDecided(ctx, db, t.ID, id)
	return id, seen, err
}
