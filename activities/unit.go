package activities

import (
	"context"
	"errors"

	"wenming/input/problem"
	"wenming/msg"
	"wenming/rules/campaign"
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
	Tasks  []TaskRef
	Vetoed string
}

// LoadUnit reads a unit's tasks and veto.
func (a *Activities) LoadUnit(ctx context.Context, in UnitRef) (UnitStart, error) {
	tasks, err := store.UnitTasks(ctx, a.DB, in.CampaignID, in.UnitID)
	if err != nil {
		return UnitStart{}, classify(err)
	}
	veto, err := store.UnitVeto(ctx, a.DB, in.CampaignID, in.UnitID)
	if err != nil {
		return UnitStart{}, classify(err)
	}
	return UnitStart{Tasks: taskRefs(tasks), Vetoed: veto}, nil
}

// RecordTaskReport records progress on a task.
func (a *Activities) RecordTaskReport(ctx context.Context, in TaskReport) error {
	return classify(store.RecordTaskReport(ctx, a.DB, store.TaskReport{Submission: in.Submission.store(), TaskID: in.TaskID, Percent: in.Percent, Note: in.Note}))
}

// RecordSelfCheck records a self-score.
func (a *Activities) RecordSelfCheck(ctx context.Context, in ScoreSheet) error {
	return classify(store.RecordSelfCheck(ctx, a.DB, in.store()))
}

// RecordDeclaration records a declaration.
// A declaration that breaks one of the plan's rules only the database can check (a title held,
// no prior honor, the parent's share) is not written, and comes back as Refused: an answer,
// not a failure, so the worker does not log a person's refused submission as an error.
func (a *Activities) RecordDeclaration(ctx context.Context, in Declaration) (DeclarationResult, error) {
	err := store.RecordDeclaration(ctx, a.DB, store.Declaration{Submission: in.Submission.store(), Report: in.Report,
		Opinion: in.Opinion, UnderReview: in.UnderReview, Recommendation: in.Recommendation, Summary: in.Summary, OnNotice: in.OnNotice,
		Rules: in.Rules, Timezone: in.Timezone})
	return refusedOr(err)
}

// RecordNomination records a nominee; one over the unit's quota by staff is not written and
// comes back as Refused, like a declaration that breaks the plan's rules.
func (a *Activities) RecordNomination(ctx context.Context, in PersonNomination) (DeclarationResult, error) {
	rules := in.Rules
	err := store.RecordNomination(ctx, a.DB, store.PersonNomination{Submission: in.Submission.store(), PersonID: in.PersonID,
		Name: in.Name, Post: in.Post, Categories: in.Categories, Deeds: in.Deeds, Recommendation: in.Recommendation,
		Rules: &rules, Source: in.Source})
	return refusedOr(err)
}

// refusedOr turns a single problem of a write into a refusal answered to the sender.
func refusedOr(err error) (DeclarationResult, error) {
	var es problem.Errors
	if errors.As(err, &es) && len(es) == 1 {
		reason := es[0].Reason
		return DeclarationResult{Refused: &reason}, nil
	}
	return DeclarationResult{}, classify(err)
}

// DeclarationResult says whether the declaration was refused, and why.
type DeclarationResult struct {
	Refused *msg.Text `json:",omitempty"`
}

// CheckScore is a unit's score in a check before the final acceptance.
type CheckScore struct {
	ScoreSheet
	CheckID string
	// Findings of the check, each a rectification notice, as an inspection's.
	Findings         []Finding        `json:",omitempty"`
	SmallFix, BigFix campaign.FixRule `json:",omitzero"`
	Timezone         string           `json:",omitempty"`
}

// RecordCheckScore records a unit's score in a check, with a rectification notice for each
// finding; it returns all the unit's notices.
func (a *Activities) RecordCheckScore(ctx context.Context, in CheckScore) (InspectionResult, error) {
	n, err := store.RecordCheckScore(ctx, a.DB, store.CheckScore{ScoreSheet: in.ScoreSheet.store(), CheckID: in.CheckID,
		Findings: findings(in.Findings), SmallFix: in.SmallFix, BigFix: in.BigFix, Timezone: in.Timezone})
	return InspectionResult{Rectifications: rectificationRefs(n)}, classify(err)
}

// RecordDeclaringNotice records how a declaration's notice before declaring ended.
func (a *Activities) RecordDeclaringNotice(ctx context.Context, in DeclaringNoticeResult) error {
	return classify(store.RecordDeclaringNotice(ctx, a.DB, store.DeclaringNoticeResult(in)))
}

// RecordDeclarationReview records the office's verdict on a declaration's materials.
func (a *Activities) RecordDeclarationReview(ctx context.Context, in DeclarationReview) error {
	return classify(store.ReviewDeclaration(ctx, a.DB, store.DeclarationReview{Submission: in.Submission.store(),
		Status: in.Status, Note: in.Note, FixBy: in.FixBy}))
}

// InspectionResult lists the rectifications ordered.
type InspectionResult struct {
	Rectifications []RectificationRef `json:"Notices"`
}

// RecordInspection records the actual score and issues the rectification notices.
func (a *Activities) RecordInspection(ctx context.Context, in Inspection) (InspectionResult, error) {
	n, err := store.RecordInspection(ctx, a.DB, store.Inspection{ScoreSheet: in.ScoreSheet.store(), Findings: findings(in.Findings),
		SmallFix: in.SmallFix, BigFix: in.BigFix, Timezone: in.Timezone})
	return InspectionResult{Rectifications: rectificationRefs(n)}, classify(err)
}

// RecordRectification records an action on a rectification notice.
func (a *Activities) RecordRectification(ctx context.Context, in Rectification) (RectificationRef, error) {
	n, err := store.RecordRectification(ctx, a.DB, store.Rectification{Submission: in.Submission.store(), NoticeNo: in.No,
		Action: in.Action, Note: in.Note, Fix: in.Fix, Timezone: in.Timezone})
	return RectificationRef(n), classify(err)
}
