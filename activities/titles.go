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
	RectifyBy    time.Time  `json:",omitempty"`
	TermEnd      time.Time  `json:",omitempty"`
	Veto         *TitleVeto `json:",omitempty"` // a revocation for a veto event
}

// TitleVeto is the veto event a revocation is for: recorded against the campaign that
// conferred the title, whose result for the unit becomes revoked.
type TitleVeto struct {
	CampaignID string
	VetoID     string
	VetoText   string
	Note       string `json:",omitempty"`
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
	sa := store.TitleAction{TitleID: in.TitleID, SubmissionID: in.SubmissionID, Action: in.Action, Reason: in.Reason,
		Document: in.Document, By: in.By, At: in.At, RectifyBy: in.RectifyBy, TermEnd: in.TermEnd}
	if v := in.Veto; v != nil {
		// The unit is the title holder's, read by the write with the title's row locked.
		sa.Veto = &store.Veto{Submission: store.Submission{CampaignID: v.CampaignID, SubmissionID: in.SubmissionID,
			By: in.By, At: in.At}, VetoID: v.VetoID, VetoText: v.VetoText, Note: v.Note, Phase: "closed"}
	}
	t, err := store.ActOnTitle(ctx, a.DB, sa)
	if refused, err := refusedOr(err); refused.Refused != nil || err != nil {
		return TitleResult{Refused: refused.Refused}, err
	}
	out := TitleResult{Status: title.Status(t.Status)}
	if t.TermEnd != nil {
		out.TermEnd = *t.TermEnd
	}
	return out, nil
}

// TitleReminder is the n-th reminder about a title: an overdue rectification, or a
// re-inspection that is due.
type TitleReminder struct {
	TitleID int64
	N       int
	At      time.Time
}

// RemindOverdueRectification writes the reminder to the office's outbox.
func (a *Activities) RemindOverdueRectification(ctx context.Context, in TitleReminder) error {
	return classify(store.RemindOverdueRectification(ctx, a.DB, in.TitleID, in.N, in.At))
}

// RemindReinspection writes to the office's outbox that a re-inspection of the title is due.
func (a *Activities) RemindReinspection(ctx context.Context, in TitleReminder) error {
	return classify(store.RemindReinspection(ctx, a.DB, in.TitleID, in.N, in.At))
}
