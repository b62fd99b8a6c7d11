package activities

import (
	"context"
	"database/sql"
	"errors"

	"wenming/store"
)

// UnitRef names a unit of a campaign.
type UnitRef struct {
	CampaignID string
	UnitID     string
}

// UnitStart is what a unit's workflow loads when it starts: its tasks, and whether it was
// vetoed before the workflow could be told.
type UnitStart struct {
	Tasks  []store.TaskRef
	Vetoed string
}

// LoadUnit reads a unit's tasks and veto.
func (a *Activities) LoadUnit(ctx context.Context, in UnitRef) (UnitStart, error) {
	tasks, err := store.UnitTasks(ctx, a.DB, in.CampaignID, in.UnitID)
	if err != nil {
		return UnitStart{}, classify(err)
	}
	var veto string
	err = a.DB.GetContext(ctx, &veto, `SELECT veto_id FROM vetoes WHERE campaign_id = $1 AND unit_id = $2`, in.CampaignID, in.UnitID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return UnitStart{}, classify(err)
	}
	return UnitStart{Tasks: tasks, Vetoed: veto}, nil
}

// RecordTaskReport records progress on a task.
func (a *Activities) RecordTaskReport(ctx context.Context, in store.TaskReport) error {
	return classify(store.RecordTaskReport(ctx, a.DB, in))
}

// RecordSelfCheck records a self-score.
func (a *Activities) RecordSelfCheck(ctx context.Context, in store.ScoreSheet) error {
	return classify(store.RecordSelfCheck(ctx, a.DB, in))
}

// RecordDeclaration records a declaration.
func (a *Activities) RecordDeclaration(ctx context.Context, in store.Declaration) error {
	return classify(store.RecordDeclaration(ctx, a.DB, in))
}

// InspectionResult lists the rectification notices issued.
type InspectionResult struct {
	Notices []store.NoticeRef
}

// RecordInspection records the actual score and issues the rectification notices.
func (a *Activities) RecordInspection(ctx context.Context, in store.Inspection) (InspectionResult, error) {
	n, err := store.RecordInspection(ctx, a.DB, in)
	return InspectionResult{Notices: n}, classify(err)
}

// RecordRectification records an action on a rectification notice.
func (a *Activities) RecordRectification(ctx context.Context, in store.Rectification) (store.NoticeRef, error) {
	n, err := store.RecordRectification(ctx, a.DB, in)
	return n, classify(err)
}
