package activities

import (
	"context"
	"time"

	"wenming/msg"
	"wenming/rules/title"
	"wenming/store"
)

// TitleAction is a decision about a title, as its workflow asks for it to be written.
type TitleAction struct {
	TitleID      int64
	SubmissionID string
	Action       title.Action
	Reason       string
	Document     string `json:",omitempty"`
	By           string
	At           time.Time
	RectifyBy    time.Time `json:",omitempty"`
	TermEnd      time.Time `json:",omitempty"`
}

// TitleResult is the title after a decision, or why the register refused it.
type TitleResult struct {
	Status  title.Status
	TermEnd time.Time `json:",omitempty"`
	Refused *msg.Text `json:",omitempty"`
}

// ActOnTitle writes a decision about a title; one the register's status does not allow comes
// back as Refused, an answer to the sender.
func (a *Activities) ActOnTitle(ctx context.Context, in TitleAction) (TitleResult, error) {
	t, err := store.ActOnTitle(ctx, a.DB, store.TitleAction(in))
	if refused, err := refusedOr(err); refused.Refused != nil || err != nil {
		return TitleResult{Refused: refused.Refused}, err
	}
	out := TitleResult{Status: title.Status(t.Status)}
	if t.TermEnd != nil {
		out.TermEnd = *t.TermEnd
	}
	return out, nil
}
