package office

import (
	"context"
	"errors"
	"slices"
	"time"

	"wenming/input/problem"
	"wenming/msg"
	"wenming/store"
	"wenming/workflows"
)

// Violation is a disciplinary violation (违纪), a criticism (通报批评) or a media exposure
// (媒体曝光) of a member or a branch: it takes eligibility away in its period.
type Violation struct {
	ID          string
	SubjectKind string // member or branch
	Subject     string
	Kind        string // one of store.ViolationKinds
	On          time.Time
	Note        string
}

// ViolationReceipt says what recording a violation did: whether it was new (a resend changes
// nothing), and its effect on each round whose period holds its day.
type ViolationReceipt struct {
	SubmissionID string
	Added        bool
	Effects      []store.ViolationEffect
}

// Lines say what recording v did, in the catalogue's words: recorded (or received before), then
// what it did in each round.
func (r ViolationReceipt) Lines(v Violation) []msg.Text {
	var out []msg.Text
	if r.SubmissionID != "" {
		if r.Added {
			out = append(out, msg.Say("office.violation.recorded", "ID", r.SubmissionID, "SubjectKind", v.SubjectKind, "Subject", v.Subject,
				"Kind", v.Kind, "Date", v.On.Format(time.DateOnly)))
		} else {
			out = append(out, msg.Say("office.receipt.duplicate", "ID", r.SubmissionID))
		}
	}
	for _, e := range r.Effects {
		out = append(out, e.Lines...)
		out = append(out, e.Retallied...)
	}
	return out
}

// Changed says whether the violation changed any round's result.
func (r ViolationReceipt) Changed() bool {
	for _, e := range r.Effects {
		if e.Changed() {
			return true
		}
	}
	return false
}

// RecordViolation records a violation and applies it to each round whose period holds its day:
// a running round through its workflow (it may have to recommend again), an ended one in the
// database (its honours are revoked). A resend changes nothing and says again what the first
// did.
func (o *Office) RecordViolation(ctx context.Context, in Violation) (ViolationReceipt, error) {
	if !slices.Contains(store.ViolationKinds, in.Kind) {
		return ViolationReceipt{}, problem.New("", 0, "--kind", "problem.violation.kind", "Kind", in.Kind, "Kinds", store.ViolationKinds)
	}
	db, err := o.database(ctx)
	if err != nil {
		return ViolationReceipt{}, err
	}
	if in.ID == "" {
		in.ID = DerivedID("violation", in.SubjectKind+"/"+in.Subject, []string{in.Kind, in.On.Format(time.DateOnly), in.Note})
	}
	v := store.Violation{SubmissionID: in.ID, SubjectKind: in.SubjectKind, SubjectID: in.Subject, Kind: in.Kind, On: in.On, Note: in.Note, By: o.actor}
	added, err := store.RecordViolation(ctx, db, v, time.Now())
	var bad problem.Errors
	if errors.As(err, &bad) {
		return ViolationReceipt{}, err
	}
	if err != nil {
		return ViolationReceipt{}, msg.Wrap(err, "office.violation.failed")
	}
	out := ViolationReceipt{SubmissionID: in.ID, Added: added}
	rounds, err := store.RoundsTouched(ctx, db, v)
	if err != nil {
		return out, msg.Wrap(err, "office.violation.failed")
	}
	for _, round := range rounds {
		e, err := o.applyViolation(ctx, round, v.SubmissionID)
		if err != nil {
			return out, msg.Wrap(err, "office.violation.failed")
		}
		out.Effects = append(out.Effects, e)
	}
	return out, nil
}

// applyViolation applies a violation to one round: a running round takes it as an update
// (its receipt is the stored effect), a round that has ended or not opened in the database.
func (o *Office) applyViolation(ctx context.Context, round, violation string) (store.ViolationEffect, error) {
	db, err := o.database(ctx)
	if err != nil {
		return store.ViolationEffect{}, err
	}
	running, err := store.RoundRunning(ctx, db, round)
	if err != nil {
		return store.ViolationEffect{}, err
	}
	if running {
		rec, err := o.submit(ctx, violation, round, workflows.UpdateViolation, &workflows.ViolationRequest{Violation: violation})
		if err == nil {
			err = rec.Err()
		}
		if err != nil {
			// The round may have closed meanwhile: then its honours are the database's.
			if still, again := store.RoundRunning(ctx, db, round); again != nil || still {
				return store.ViolationEffect{}, err
			}
		}
	}
	return store.ApplyViolation(ctx, db, round, violation, o.actor, time.Now())
}
