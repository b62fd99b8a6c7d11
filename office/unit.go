package office

import (
	"context"
	"strings"
	"time"

	"wenming/rules/standard"
	"wenming/store"
	"wenming/workflows"
)

// Unit names a unit taking part in a campaign.
type Unit struct {
	Campaign, Unit string
}

func (u Unit) workflowID() string { return workflows.UnitWorkflowID(u.Campaign, u.Unit) }

// Each act below carries ID, its submission id: empty, it is derived from the act's content,
// so that handing in the same thing again is answered "already received".

// TaskReport is a unit's progress on a task of the responsibility list (责任清单).
type TaskReport struct {
	Unit
	ID      string
	Task    string
	Percent int // 100: done
	Note    string
}

// ReportProgress hands in a unit's progress on a task.
func (o *Office) ReportProgress(ctx context.Context, r TaskReport) (Receipt, error) {
	return o.submit(ctx, r.ID, r.workflowID(), workflows.UpdateTaskReport,
		&workflows.TaskReportRequest{Task: r.Task, Percent: r.Percent, Note: r.Note})
}

// SelfCheck is a unit's self-score sheet (自评表), read and scored against the campaign's
// standard (the CLI reads it with the campaign's standard from the store).
type SelfCheck struct {
	Unit
	ID    string
	Sheet standard.Sheet
}

// HandInSelfCheck hands in a unit's self-score sheet.
func (o *Office) HandInSelfCheck(ctx context.Context, s SelfCheck) (Receipt, error) {
	return o.submit(ctx, s.ID, s.workflowID(), workflows.UpdateSelfCheck, &workflows.SelfCheckRequest{Sheet: s.Sheet})
}

// Declaration is a unit's declaration (申报): its report, the discipline-inspection opinion
// (纪检监察意见), the recommendation opinion (推荐意见) and the form's summary (简介).
type Declaration struct {
	Unit
	ID                                       string
	Report, Opinion, Recommendation, Summary string
}

// Declare declares a unit at or above the pass line.
func (o *Office) Declare(ctx context.Context, d Declaration) (Receipt, error) {
	req := &workflows.DeclareRequest{Report: d.Report, Opinion: d.Opinion, Recommendation: d.Recommendation, Summary: d.Summary}
	id := d.ID
	if id == "" {
		var err error
		if id, err = o.declarationID(ctx, d, req); err != nil {
			return Receipt{}, err
		}
	}
	return o.submit(ctx, id, d.workflowID(), workflows.UpdateDeclare, req)
}

// declarationID derives a declaration's id from its content and, once its materials were sent
// back for correction, from how often they were: declaring again after a return is a new act
// even with nothing changed (the missing piece was a paper original), while sending that
// declaration again is the same act. Before any return the id is the content's alone.
func (o *Office) declarationID(ctx context.Context, d Declaration, req *workflows.DeclareRequest) (string, error) {
	db, err := o.database(ctx)
	if err != nil {
		return "", err
	}
	returns, err := store.DeclarationReturns(ctx, db, d.Campaign, d.Unit.Unit)
	if err != nil {
		return "", err
	}
	if returns == 0 {
		return DerivedID(workflows.UpdateDeclare, d.workflowID(), req), nil
	}
	return DerivedID(workflows.UpdateDeclare, d.workflowID(), struct {
		Declaration *workflows.DeclareRequest
		Returns     int
	}{req, returns}), nil
}

// PersonNomination nominates a person of the unit for a model-individual title (文明标兵).
type PersonNomination struct {
	Unit
	ID                 string
	Person, Name, Post string
	Categories         []string // the plan's categories, in words or by number
	Deeds              string   // the account of deeds (事迹材料)
	Recommendation     string   // the supervising agency's party committee's opinion
}

// NominatePerson hands in a unit's nomination of one of its people.
func (o *Office) NominatePerson(ctx context.Context, n PersonNomination) (Receipt, error) {
	return o.submit(ctx, n.ID, n.workflowID(), workflows.UpdateNominatePerson, &workflows.PersonNominationRequest{
		Person: n.Person, Name: n.Name, Post: n.Post, Categories: n.Categories, Deeds: n.Deeds, Recommendation: n.Recommendation})
}

// Inspection is an inspection of a declared unit (实地检查验收): the actual score sheet and
// the problems found, each of which becomes a rectification notice.
type Inspection struct {
	Unit
	ID       string
	Sheet    standard.Sheet
	Findings []Finding
	Check    string // a check the plan lists before the final acceptance (e.g. midterm); empty: the final acceptance
}

// Inspect hands in an inspection.
func (o *Office) Inspect(ctx context.Context, i Inspection) (Receipt, error) {
	return o.submit(ctx, i.ID, i.workflowID(), workflows.UpdateInspect,
		&workflows.InspectRequest{Sheet: i.Sheet, Findings: i.Findings, Check: i.Check})
}

// RectificationStep closes, verifies or reopens a rectification notice (整改通知).
type RectificationStep struct {
	Unit
	ID     string
	Number int    // the notice's number
	Action string // store.ActionClose, ActionVerify or ActionReopen
	Note   string
}

// Rectify records a step of a rectification: the unit reports it fixed, the inspectors
// confirm the fix or find it not fixed.
func (o *Office) Rectify(ctx context.Context, r RectificationStep) (Receipt, error) {
	return o.submit(ctx, r.ID, r.workflowID(), workflows.UpdateRectify,
		&workflows.RectifyRequest{Rectification: r.Number, Action: r.Action, Note: r.Note})
}

// DeclarationReview is the office's preliminary review of declared materials (初步审查).
type DeclarationReview struct {
	Unit
	ID        string
	Verdict   string        // workflows.ReviewAccept, ReviewReturn or ReviewTurnDown
	FixWithin time.Duration // with ReviewReturn: how long the unit has to correct
	Note      string
}

// ReviewDeclaration accepts a unit's declared materials, sends them back for correction by a
// deadline, or turns them down.
func (o *Office) ReviewDeclaration(ctx context.Context, r DeclarationReview) (Receipt, error) {
	return o.submit(ctx, r.ID, r.workflowID(), workflows.UpdateReviewDeclaration,
		&workflows.ReviewDeclarationRequest{Verdict: r.Verdict, FixWithin: r.FixWithin, Note: strings.TrimSpace(r.Note)})
}
