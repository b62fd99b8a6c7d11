package cli

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"wenming/msg"
	"wenming/rules/problem"
	"wenming/store"
	"wenming/workflows"
)

// submission is what every submitting verb shares: the optional --id.
type submission struct {
	id string
}

func (s *submission) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&s.id, "id", "", "submission id (default: derived from the content, so a resend is a no-op)")
}

// derivedID names a submission by its content: sending the same thing again is a resend.
func derivedID(kind, target string, payload any) string {
	b, _ := json.Marshal(payload)
	sum := sha256.Sum256(append([]byte(kind+"\x00"+target+"\x00"), b...))
	return "s-" + hex.EncodeToString(sum[:8])
}

// send delivers an update carrying a submission to a workflow and prints the receipt.
func (a *app) send(ctx context.Context, s submission, target, update string, req workflows.Submitted) (workflows.Receipt, error) {
	rec, id, err := a.deliver(ctx, s, target, update, req)
	if err != nil {
		return rec, err
	}
	fmt.Fprintln(a.out, a.receipt(rec, id))
	return rec, nil
}

// receipt says what became of a submission, in the user's language: "已受理（提交编号 …）：…" or
// "已收到过（提交编号 …），未作改动".
func (a *app) receipt(rec workflows.Receipt, id string) string {
	if rec.Duplicate {
		return a.p.T("cli.receipt.duplicate", map[string]string{"ID": id})
	}
	what := rec.Message
	if rec.Text.ID != "" {
		what = a.p.Render(rec.Text)
		for _, more := range rec.More {
			what += "\n" + a.p.Render(more)
		}
	}
	return a.p.T("cli.receipt.accepted", map[string]string{"ID": id, "What": what})
}

// deliver sends an update carrying a submission to a workflow and waits for its receipt. The
// request's embedded workflows.Submission is filled in here: the id (given, or derived from
// the rest of the request) and who sends it. A refusal comes back as bad input (problem).
func (a *app) deliver(ctx context.Context, s submission, target, update string, req workflows.Submitted) (workflows.Receipt, string, error) {
	var rec workflows.Receipt
	id, sent, err := a.deliverInto(ctx, s, target, update, req, &rec)
	if err != nil && sent {
		if a.acceptedBefore(ctx, target, id, err) {
			return workflows.Receipt{SubmissionID: id, Duplicate: true}, id, nil
		}
		return rec, id, a.refused(ctx, update, target, id, err)
	}
	return rec, id, err
}

// deliverInto sends the update and decodes its answer into out. sent says whether the error,
// if any, is the workflow's or the server's answer (to be read), rather than the CLI's own.
func (a *app) deliverInto(ctx context.Context, s submission, target, update string, req workflows.Submitted, out any) (id string, sent bool, err error) {
	id = s.id
	if id == "" {
		id = derivedID(update, target, req)
	}
	req.Stamp(id, a.actor)

	// Every submission ends in PostgreSQL: while it is down, say so at once instead of
	// leaving the update waiting on the worker's retries.
	if _, err := a.database(ctx); err != nil {
		return id, false, unavailable(err)
	}
	tc, err := a.temporal(ctx)
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
			a.warn("cli.update.waiting", "ID", target, "Wait", updateWait)
		}
	}
}

// updateWait is how long a submission waits for its answer before it is reported as not
// delivered (sending it again is harmless).
const updateWait = 10 * time.Minute

// updateID names one sending of a submission: the resend of a submission is another update,
// answered as received before.
func updateID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// acceptedBefore tells a resend to a workflow that has ended (a branch whose part is over)
// from a submission that comes too late: the first was accepted and is in the audit log.
func (a *app) acceptedBefore(ctx context.Context, target, id string, err error) bool {
	var notFound *serviceerror.NotFound
	if !errors.As(err, &notFound) {
		return false
	}
	db, derr := a.database(ctx)
	if derr != nil {
		return false
	}
	ok, derr := store.AcceptedBefore(ctx, db, target, id)
	return derr == nil && ok
}

// refused turns an update's failure into what the administrator should read, and records a
// refusal in the audit log.
func (a *app) refused(ctx context.Context, kind, target, id string, err error) error {
	var appErr *temporal.ApplicationError
	var notFound *serviceerror.NotFound
	switch {
	case errors.As(err, &appErr) && appErr.Type() == workflows.ErrInvalid:
		a.auditRefusal(ctx, kind, target, id, appErr.Message())
		reason := appErr.Message()
		if t, ok := workflows.RefusalText(appErr); ok {
			reason = a.p.Render(t)
		}
		return a.refusal(reason)
	case errors.As(err, &notFound):
		if round, branch, ok := workflows.ParseBranchWorkflowID(target); ok {
			if t, ok := a.partOver(ctx, kind, target); ok {
				a.auditRefusal(ctx, kind, target, id, t.String())
				return a.refusal(a.p.Render(t))
			}
			reason := msg.Say("cli.submit.no_part", "Branch", branch, "Round", round)
			a.auditRefusal(ctx, kind, target, id, reason.String())
			return a.refusal(a.p.Render(reason))
		}
		return msg.Err("cli.submit.not_running", "Target", target)
	}
	return msg.Wrap(err, "cli.submit.failed", "Kind", kind, "Target", target)
}

// partOver asks a branch whose part is over why a sheet comes too late (its history answers
// the query); false when it cannot say.
func (a *app) partOver(ctx context.Context, kind, target string) (msg.Text, bool) {
	if kind != workflows.UpdateBallotSheet {
		return msg.Text{}, false
	}
	tc, err := a.temporal(ctx)
	if err != nil {
		return msg.Text{}, false
	}
	v, err := tc.QueryWorkflow(ctx, target, "", workflows.QueryStatus)
	var st workflows.BranchStatus
	if err != nil || v.Get(&st) != nil {
		return msg.Text{}, false
	}
	return st.LateSheet()
}

// refusal is a submission refused with its reason (exit status 2).
func (a *app) refusal(reason string) error {
	return problem.New("", 0, "", "cli.refused", "Reason", reason)
}

func (a *app) auditRefusal(ctx context.Context, kind, target, id, reason string) {
	db, err := a.database(ctx)
	if err == nil {
		err = store.RecordAudit(ctx, db, store.Audit{Kind: kind, Target: target, SubmissionID: id, Actor: a.actor, Reason: reason})
	}
	if err != nil {
		a.warn("cli.audit.failed", "Detail", err)
	}
}

// localRefusal reports bad input found before sending (a sheet that does not score, say),
// recorded in the audit log like a refusal by the workflow, by the number and kind of its
// problems only ("2 处问题：score ×1、整行 ×1"): their text quotes the file (a header, a
// cell), which can hold scores or personal data the log must not keep.
func (a *app) localRefusal(ctx context.Context, kind, target string, err error) error {
	a.auditRefusal(ctx, kind, target, "(not sent)", problem.Summary(err))
	return err
}

// ballotRefusal records a refused ballot sheet in the audit log as localRefusal does: the
// problems' text can quote a paper's scores.
func (a *app) ballotRefusal(ctx context.Context, target string, err error) error {
	return a.localRefusal(ctx, workflows.UpdateBallotSheet, target, err)
}

// unavailable says that a submission was not sent because the database cannot be reached.
func unavailable(err error) error {
	return msg.Wrap(err, "cli.unavailable")
}
