package cli

import (
	"context"
	"errors"
	"slices"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/temporal"

	"wenming/msg"
	"wenming/store"
	"wenming/workflows"
)

// sheetBatch is the sheets of one group of a round, in the order they were listed.
type sheetBatch struct {
	group int
	imps  []*sheetImport
}

// batches sorts the sheets into their groups, in the groups' order.
func (rb *roundBallots) batches(ctx context.Context, imps []*sheetImport) ([]sheetBatch, error) {
	groups, err := store.BranchGroups(ctx, rb.db, rb.round)
	if err != nil {
		return nil, unavailable(err)
	}
	at := map[int]int{}
	var out []sheetBatch
	for _, imp := range imps {
		g := groups[imp.branch] // checked: every branch takes part in the round
		i, ok := at[g]
		if !ok {
			i = len(out)
			at[g] = i
			out = append(out, sheetBatch{group: g})
		}
		out[i].imps = append(out[i].imps, imp)
	}
	slices.SortStableFunc(out, func(x, y sheetBatch) int { return x.group - y.group })
	return out, nil
}

// handBatch hands a group its sheets in one message and answers for each sheet. A group that
// does not take sheets (a round opened before groups took them) or has ended (the round is
// over) leaves them to the branches, one by one, as before.
func (a *app) handBatch(ctx context.Context, rb *roundBallots, b sheetBatch) []handed {
	req := &workflows.BallotSheetsRequest{Sheets: make([]workflows.BranchSheet, len(b.imps))}
	for i, imp := range b.imps {
		sheet := imp.request()
		sheet.Stamp(imp.id, a.actor)
		req.Sheets[i] = workflows.BranchSheet{Branch: imp.branch, Sheet: *sheet}
	}
	target := workflows.GroupWorkflowID(rb.round, b.group)
	var rec workflows.SheetsReceipt
	id, sent, err := a.deliverInto(ctx, submission{}, target, workflows.UpdateBallotSheets, req, &rec)
	out := make([]handed, len(b.imps))
	switch {
	case sent && toBranches(err):
		for i, imp := range b.imps {
			out[i] = a.handToBranch(ctx, rb, imp)
		}
		return out
	case sent:
		err = a.refused(ctx, workflows.UpdateBallotSheets, target, id, err)
	case err == nil && len(rec.Sheets) != len(b.imps):
		err = msg.Err("cli.ballots.batch_answer", "Group", target, "Sheets", len(b.imps), "Answers", len(rec.Sheets))
	}
	for i, imp := range b.imps {
		out[i] = handed{imp: imp, id: imp.id, err: err}
		if err != nil {
			a.dropRefused(ctx, rb, imp, err)
			continue
		}
		ans := rec.Sheets[i]
		out[i].rec = ans.Receipt
		if ans.Refused != nil {
			out[i].err = a.sheetRefused(ctx, rb, imp, *ans.Refused)
		}
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
func (a *app) handToBranch(ctx context.Context, rb *roundBallots, imp *sheetImport) handed {
	rec, id, err := a.deliver(ctx, submission{id: imp.id}, workflows.BranchWorkflowID(rb.round, imp.branch),
		workflows.UpdateBallotSheet, imp.request())
	a.dropRefused(ctx, rb, imp, err)
	return handed{imp: imp, rec: rec, id: id, err: err}
}

// sheetRefused records a sheet its group refused as its branch's refusal (the audit log names
// the branch), drops its copy, and says why.
func (a *app) sheetRefused(ctx context.Context, rb *roundBallots, imp *sheetImport, reason msg.Text) error {
	a.auditRefusal(ctx, workflows.UpdateBallotSheet, workflows.BranchWorkflowID(rb.round, imp.branch), imp.id, reason.String())
	err := a.refusal(a.p.Render(reason))
	a.dropRefused(ctx, rb, imp, err)
	return err
}
