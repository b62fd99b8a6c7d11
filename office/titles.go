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
		why := msg.Say("cli.title.yearly", "ID", d.Title.ID, "Title", d.Title.Name)
		return o.refuseHere(ctx, d.ID, workflows.UpdateTitle, TitleWorkflowID(d.Title), d, why), nil
	}
	return o.submit(ctx, d.ID, TitleWorkflowID(d.Title), workflows.UpdateTitle,
		&workflows.TitleRequest{Action: d.Action, Reason: d.Reason, Document: d.Document, Within: d.Within})
}
