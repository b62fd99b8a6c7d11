package office

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"wenming/input/problem"
	"wenming/msg"
	"wenming/store"
	"wenming/workflows"
)

// DerivedID names a submission by its content: sending the same thing again is a resend,
// and two different acts never share a name.
func DerivedID(kind, target string, payload any) string {
	b, _ := json.Marshal(payload)
	sum := sha256.Sum256(append([]byte(kind+"\x00"+target+"\x00"), b...))
	return "s-" + hex.EncodeToString(sum[:8])
}

// submit sends an update carrying a submission to a workflow and returns its receipt. The
// request's embedded workflows.Submission is filled in here: the id (given, or derived from
// the rest of the request) and who acts. A refusal is a receipt, recorded in the audit log;
// the error is for an act that could not be delivered.
func (o *Office) submit(ctx context.Context, id, target, update string, req workflows.Submitted) (Receipt, error) {
	var rec workflows.Receipt
	id, sent, err := o.send(ctx, id, target, update, req, &rec)
	switch {
	case err == nil:
		return accepted(id, rec), nil
	case !sent:
		return Receipt{}, err
	case o.acceptedBefore(ctx, update, target, id, err):
		return alreadyReceived(id), nil
	}
	why, err := o.refusal(ctx, update, target, err)
	if err != nil {
		return Receipt{}, err
	}
	o.audit(ctx, update, target, id, why.String())
	return refused(id, why), nil
}

// send sends the update and decodes its answer into out. sent says whether the error, if
// any, is the workflow's or the server's answer (to be read), rather than the office's own.
func (o *Office) send(ctx context.Context, id, target, update string, req workflows.Submitted, out any) (string, bool, error) {
	if id == "" {
		id = DerivedID(update, target, req)
	}
	req.Stamp(id, o.actor)

	// Every submission ends in PostgreSQL: while it is down, say so at once instead of
	// leaving the update waiting on the worker's retries.
	if _, err := o.database(ctx); err != nil {
		return id, false, err
	}
	tc, err := o.conn.Temporal(ctx)
	if err != nil {
		return id, false, err
	}
	// The SDK gives up on an update the server has not answered within a minute; a group's
	// batch on a busy server can take longer. The update keeps its id, so asking again joins
	// the same update (the server never runs one id twice) and gets its answer.
	opts := client.UpdateWorkflowOptions{
		UpdateID: updateID(), WorkflowID: target, UpdateName: update, Args: []any{req},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	}
	began := time.Now()
	for asked := 1; ; asked++ {
		handle, err := tc.UpdateWorkflow(ctx, opts)
		if err == nil {
			err = handle.Get(ctx, out)
		}
		var slow *client.WorkflowUpdateServiceTimeoutOrCanceledError
		if !errors.As(err, &slow) || ctx.Err() != nil || time.Since(began) >= updateWait {
			return id, err != nil, err
		}
		if asked == 1 {
			o.note("office.update.waiting", "ID", target, "Wait", updateWait)
		}
	}
}

// updateID names one sending of a submission: the resend of a submission is another update,
// answered as received before.
func updateID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// acceptedBefore tells a resend to a workflow that has ended (a branch whose part is over)
// from a submission that comes too late: the first was accepted and is in the audit log,
// against the branch or, for a tie the branch resolved, against its round (where the tie's
// decision is recorded).
func (o *Office) acceptedBefore(ctx context.Context, update, target, id string, err error) bool {
	var notFound *serviceerror.NotFound
	if !errors.As(err, &notFound) {
		return false
	}
	db, derr := o.conn.Database(ctx)
	if derr != nil {
		return false
	}
	ok, derr := store.AcceptedBefore(ctx, db, target, id)
	if round, _, branch := workflows.ParseBranchWorkflowID(target); derr == nil && !ok && branch && update == workflows.UpdateResolveTie {
		ok, derr = store.AcceptedBefore(ctx, db, round, id)
	}
	return derr == nil && ok
}

// refusal reads why a workflow did not take an update: the rules' reason, or a branch whose
// part is over. An error is an act not delivered (no such workflow, the server's failure).
func (o *Office) refusal(ctx context.Context, update, target string, err error) (msg.Text, error) {
	var appErr *temporal.ApplicationError
	var notFound *serviceerror.NotFound
	switch {
	case errors.As(err, &appErr) && appErr.Type() == workflows.ErrInvalid:
		if t, ok := workflows.RefusalText(appErr); ok {
			return t, nil
		}
		return msg.Say("problem.detail", "Detail", appErr.Message()), nil
	case errors.As(err, &notFound):
		if round, branch, ok := workflows.ParseBranchWorkflowID(target); ok {
			if t, ok := o.partOver(ctx, update, target); ok {
				return t, nil
			}
			return msg.Say("office.submit.no_part", "Branch", branch, "Round", round), nil
		}
		return msg.Text{}, msg.Err("office.submit.not_running", "Target", target)
	}
	return msg.Text{}, msg.Wrap(err, "office.submit.failed", "Kind", update, "Target", target)
}

// partOver asks a branch whose part is over why: a sheet comes too late, or a red-flag form or
// proceeding comes after the branch settled (its history answers the query); false when it
// cannot say.
func (o *Office) partOver(ctx context.Context, update, target string) (msg.Text, bool) {
	switch update {
	case workflows.UpdateBallotSheet, workflows.UpdateSelfReport, workflows.UpdateAssess, workflows.UpdateProceed:
	default:
		return msg.Text{}, false
	}
	tc, err := o.conn.Temporal(ctx)
	if err != nil {
		return msg.Text{}, false
	}
	v, err := tc.QueryWorkflow(ctx, target, "", workflows.QueryStatus)
	var st workflows.BranchStatus
	if err != nil || v.Get(&st) != nil {
		return msg.Text{}, false
	}
	if update == workflows.UpdateBallotSheet {
		return st.LateSheet()
	}
	if st.Settled == "" {
		return msg.Text{}, false
	}
	return msg.Say("office.submit.branch_settled", "Branch", st.BranchID, "Round", st.RoundID, "Reason", st.Settled), true
}

// audit records a refusal in the audit log; a log that cannot be written is said, not fatal
// (the refusal itself stands).
func (o *Office) audit(ctx context.Context, update, target, id, reason string) {
	db, err := o.conn.Database(ctx)
	if err == nil {
		err = store.RecordAudit(ctx, db, store.Audit{Kind: update, Target: target, SubmissionID: id, Actor: o.actor, Reason: reason})
	}
	if err != nil {
		o.note("office.audit.failed", "Detail", err)
	}
}

// refuseHere answers an act the office refuses before sending it (what it checks itself),
// recorded in the audit log as a workflow's refusal is; an act without an id is named by
// what it asks, as a sent one would be.
func (o *Office) refuseHere(ctx context.Context, id, update, target string, act any, why msg.Text) Receipt {
	if id == "" {
		id = DerivedID(update, target, act)
	}
	o.audit(ctx, update, target, id, why.String())
	return refused(id, why)
}

// RefuseInput records bad input found before anything was sent (a sheet that does not score,
// say) in the audit log like a refusal by the workflow, by the number and kind of its
// problems only ("2 处问题：score ×1、整行 ×1"): their text quotes the file (a header, a cell),
// which can hold scores or personal data the log must not keep. It returns err.
func (o *Office) RefuseInput(ctx context.Context, update, target string, err error) error {
	o.audit(ctx, update, target, "(not sent)", problem.Summary(err))
	return err
}
