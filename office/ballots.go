package office

import (
	"context"
	"errors"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/temporal"

	"wenming/msg"
	"wenming/workflows"
)

// Sheet is a branch's sheet of democratic-evaluation forms (民主测评表), checked and copied in
// (store.CopyBallots) under Copy, on its way to its branch.
type Sheet struct {
	Branch  string
	ID      string // the submission id: given, or derived from the sheet (see ImportBallots)
	Copy    string // the copy its forms are under
	Resent  bool   // the branch accepted this sheet before: its copy is the accepted one
	Present int
	Ballots int
	Forms   int
}

func (s Sheet) request() *workflows.BallotSheetRequest {
	return &workflows.BallotSheetRequest{Copy: s.Copy, Present: s.Present, Ballots: s.Ballots, Forms: s.Forms}
}

// Handed is what became of one sheet: its receipt, or why it was not delivered.
type Handed struct {
	Receipt
	Err error
}

// HandSheets hands a group of a round its sheets in one message and answers for each sheet, in
// order. A group that does not take sheets (a round opened before groups took them) or has
// ended (the round is over) leaves them to the branches, one by one. The office writes nothing
// after the answer: the group drops the copies of the sheets it refuses in the transaction
// that accepts the others, and a copy refused any other way (by a branch, or a batch refused
// as a whole) never counts and goes when the round closes.
func (o *Office) HandSheets(ctx context.Context, round string, group int, sheets []Sheet) []Handed {
	req := &workflows.BallotSheetsRequest{Sheets: make([]workflows.BranchSheet, len(sheets))}
	for i, s := range sheets {
		sheet := s.request()
		sheet.Stamp(s.ID, o.actor)
		req.Sheets[i] = workflows.BranchSheet{Branch: s.Branch, Sheet: *sheet}
	}
	target := workflows.GroupWorkflowID(round, group)
	var rec workflows.SheetsReceipt
	id, sent, err := o.send(ctx, "", target, workflows.UpdateBallotSheets, req, &rec)
	out := make([]Handed, len(sheets))
	switch {
	case sent && toBranches(err):
		for i, s := range sheets {
			out[i] = o.handToBranch(ctx, round, s)
		}
		return out
	case sent:
		why, ferr := o.refusal(ctx, workflows.UpdateBallotSheets, target, err)
		if ferr == nil {
			o.audit(ctx, workflows.UpdateBallotSheets, target, id, why.String())
			err = refused(id, why).Err()
		} else {
			err = ferr
		}
	case err == nil && len(rec.Sheets) != len(sheets):
		err = msg.Err("office.ballots.batch_answer", "Group", target, "Sheets", len(sheets), "Answers", len(rec.Sheets))
	}
	for i, s := range sheets {
		if err != nil {
			out[i] = Handed{Receipt: Receipt{SubmissionID: s.ID}, Err: err}
			continue
		}
		ans := rec.Sheets[i]
		if ans.Refused != nil {
			// The audit log names the branch: the sheet is its branch's.
			o.audit(ctx, workflows.UpdateBallotSheet, workflows.BranchWorkflowID(round, s.Branch), s.ID, ans.Refused.String())
			out[i] = Handed{Receipt: refused(s.ID, *ans.Refused)}
			continue
		}
		out[i] = Handed{Receipt: accepted(s.ID, ans.Receipt)}
	}
	return out
}

// toBranches says that a group leaves the sheets to its branches.
func toBranches(err error) bool {
	var appErr *temporal.ApplicationError
	var notFound *serviceerror.NotFound
	return errors.As(err, &notFound) || (errors.As(err, &appErr) && appErr.Type() == workflows.ErrSheetsToBranches)
}

// handToBranch hands one sheet to its branch's own workflow.
func (o *Office) handToBranch(ctx context.Context, round string, s Sheet) Handed {
	rec, err := o.submit(ctx, s.ID, workflows.BranchWorkflowID(round, s.Branch), workflows.UpdateBallotSheet, s.request())
	return Handed{Receipt: rec, Err: err}
}
