package office

import (
	"context"
	"errors"
	"strings"

	"wenming/input/problem"
	"wenming/rules/standard"
	"wenming/store"
	"wenming/workflows"
)

// Approval is the committee's approval of a round's recommendations (党委审批): every name
// recommended but those struck, each with why.
type Approval struct {
	Round   string
	ID      string
	Strikes []Strike
}

// Approve records the committee's approval.
func (o *Office) Approve(ctx context.Context, a Approval) (Receipt, error) {
	return o.submit(ctx, a.ID, a.Round, workflows.UpdateApprove, &workflows.ApproveRequest{Strikes: a.Strikes})
}

// RedFlagForm is a red-flag form (红旗党支部考核表) of a branch, read and scored against the
// round's standard (see RoundStandard).
type RedFlagForm struct {
	Round, Branch string
	ID            string
	Sheet         standard.Sheet
	Basis         string // the committee's: the daily-assessment records its score rests on
}

func (f RedFlagForm) workflowID() string { return workflows.BranchWorkflowID(f.Round, f.Branch) }

// ReportRedFlag hands in a branch's self-report on the form (自行申报).
func (o *Office) ReportRedFlag(ctx context.Context, f RedFlagForm) (Receipt, error) {
	return o.submit(ctx, f.ID, f.workflowID(), workflows.UpdateSelfReport, &workflows.ScoreRequest{Sheet: f.Sheet, Basis: f.Basis})
}

// AssessRedFlag hands in the committee's assessment of a branch (党委考核测评).
func (o *Office) AssessRedFlag(ctx context.Context, f RedFlagForm) (Receipt, error) {
	return o.submit(ctx, f.ID, f.workflowID(), workflows.UpdateAssess, &workflows.ScoreRequest{Sheet: f.Sheet, Basis: f.Basis})
}

// RedFlagTarget is the workflow a branch's red-flag forms go to (for recording a form refused
// before it was sent, see RefuseInput).
func RedFlagTarget(round, branch string) string { return workflows.BranchWorkflowID(round, branch) }

// AnnualNomination nominates a member (their branch does) or a branch (the committee does)
// for the year's title.
type AnnualNomination struct {
	Round       string
	ID          string
	SubjectKind string // member or branch
	Subject     string
	Reason      string
}

// Nominate hands in a nomination for the year-end commendation.
func (o *Office) Nominate(ctx context.Context, n AnnualNomination) (Receipt, error) {
	return o.submit(ctx, n.ID, n.Round, workflows.UpdateNominate,
		&workflows.NominateRequest{SubjectKind: n.SubjectKind, Subject: n.Subject, Reason: n.Reason})
}

// Proceeding is an administrator's decision to go on past a wait for people, with the reason:
// a year-end round without the year's last rounds (Round); or, once the plan's time for it has
// passed, a red-flag branch without the committee's score (Round, Branch: Step assess), a
// campaign without the discipline committee's missing opinions (Campaign, Step consult) or a
// declared unit without its inspection (Campaign, Step inspect, Unit).
type Proceeding struct {
	Round, Branch  string
	Campaign, Unit string
	Step           string
	ID             string
	Reason         string
}

// Proceed goes on past the wait, recorded as the administrator's decision.
func (o *Office) Proceed(ctx context.Context, p Proceeding) (Receipt, error) {
	req := &workflows.ProceedRequest{Step: strings.TrimSpace(p.Step), Reason: strings.TrimSpace(p.Reason)}
	switch {
	case (p.Round == "") == (p.Campaign == ""):
		return Receipt{}, problem.New("", 0, "campaign", "office.proceed.round_or_campaign")
	case p.Branch != "" && p.Round == "":
		return Receipt{}, problem.New("", 0, "round", "office.proceed.branch_round")
	case p.Branch != "":
		req.Step = workflows.StepAssess
		return o.submit(ctx, p.ID, RedFlagTarget(p.Round, p.Branch), workflows.UpdateProceed, req)
	case p.Round != "":
		return o.submit(ctx, p.ID, p.Round, workflows.UpdateProceed, req)
	case req.Step == workflows.StepInspect && p.Unit == "":
		return Receipt{}, problem.New("", 0, "unit", "office.proceed.inspect_unit")
	case req.Step == workflows.StepInspect:
		return o.submit(ctx, p.ID, workflows.UnitWorkflowID(p.Campaign, p.Unit), workflows.UpdateProceed, req)
	case p.Unit != "":
		return Receipt{}, problem.New("", 0, "unit", "office.proceed.unit_only_inspect", "Step", req.Step)
	}
	return o.submit(ctx, p.ID, workflows.CampaignWorkflowID(p.Campaign), workflows.UpdateProceed, req)
}

// RoundStandard is the form a round scores against; a round the database does not hold is the
// administrator's mistake, said with where to look.
func (o *Office) RoundStandard(ctx context.Context, round string) (*standard.Standard, error) {
	db, err := o.database(ctx)
	if err != nil {
		return nil, err
	}
	id, err := store.RoundStandardID(ctx, db, round)
	if errors.Is(err, store.ErrNoRound) {
		return nil, problem.New("", 0, "round", "problem.cli.round_open_see_starter", "Round", round)
	}
	if err != nil {
		return nil, err
	}
	return store.LoadStandard(ctx, db, id)
}
