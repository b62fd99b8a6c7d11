package activities

import (
	"context"
	"time"

	"wenming/store"
)

// PublishNotice records a public notice and its list.
func (a *Activities) PublishNotice(ctx context.Context, in PublicNotice) error {
	return classify(store.PublishNotice(ctx, a.DB, store.PublicNotice(in)))
}

// RecordObjection records an objection.
func (a *Activities) RecordObjection(ctx context.Context, in Objection) error {
	return classify(store.RecordObjection(ctx, a.DB, store.Objection(in)))
}

// DecideObjection records an objection's decision.
func (a *Activities) DecideObjection(ctx context.Context, in ObjectionDecision) error {
	return classify(store.DecideObjection(ctx, a.DB, store.ObjectionDecision(in)))
}

// CloseNoticeInput ends a notice.
type CloseNoticeInput struct {
	NoticeID string
	At       time.Time
}

// CloseNotice records the end of a notice.
func (a *Activities) CloseNotice(ctx context.Context, in CloseNoticeInput) error {
	return classify(store.CloseNotice(ctx, a.DB, in.NoticeID, in.At))
}
