package office

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"

	"wenming/input/problem"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/title"
	"wenming/store"
	"wenming/workflows"
)

// Opinion is the discipline committee's opinion (征求纪工委意见) on a proposed name: the unit,
// or in a campaign naming people the unit's person (store.NomineeKey).
type Opinion struct {
	Campaign, Subject string
	ID                string
	Exclude           bool   // the committee does not agree to the name
	Note              string // the committee's words; needed with Exclude
}

// Consult records the discipline committee's opinion.
func (o *Office) Consult(ctx context.Context, op Opinion) (Receipt, error) {
	return o.submit(ctx, op.ID, workflows.CampaignWorkflowID(op.Campaign), workflows.UpdateConsult,
		&workflows.ConsultRequest{Unit: op.Subject, Exclude: op.Exclude, Note: strings.TrimSpace(op.Note)})
}

// Decision is the deciding body's decision on a campaign's names (确定命名): its document
// number (文号) and date, and the names it strikes with reasons.
type Decision struct {
	Campaign string
	ID       string
	Document string
	On       string // the document's date, 2006-01-02
	Strike   []NameStruck
}

// Decide records the deciding body's decision.
func (o *Office) Decide(ctx context.Context, d Decision) (Receipt, error) {
	return o.submit(ctx, d.ID, workflows.CampaignWorkflowID(d.Campaign), workflows.UpdateDecide,
		&workflows.DecideRequest{Document: strings.TrimSpace(d.Document), On: strings.TrimSpace(d.On), Strike: trimmed(d.Strike)})
}

// trimmed are names struck, each name and reason without the spaces around them: the same
// decision, however a client spaced it, is the same submission.
func trimmed(struck []NameStruck) []NameStruck {
	var out []NameStruck
	for _, s := range struck {
		out = append(out, NameStruck{Unit: strings.TrimSpace(s.Unit), Reason: strings.TrimSpace(s.Reason)})
	}
	return out
}

// Audit is the office's audit of a campaign's list before the notice (审核): the list accepted,
// but the names returned, each with a reason.
type Audit struct {
	Campaign string
	ID       string
	Return   []NameStruck
}

// AuditList records the office's audit of the list.
func (o *Office) AuditList(ctx context.Context, a Audit) (Receipt, error) {
	return o.submit(ctx, a.ID, workflows.CampaignWorkflowID(a.Campaign), workflows.UpdateAudit,
		&workflows.AuditRequest{Return: trimmed(a.Return)})
}

// Veto is a veto event (一票否决) against a unit.
type Veto struct {
	Unit
	ID     string
	Reason string // the standard's veto reason id
	Note   string // what happened
}

// Veto reports a veto event: while the campaign runs, the unit is out at once; after its end,
// the unit's title (managed by its own workflow) is revoked, the veto recorded against the
// campaign.
func (o *Office) Veto(ctx context.Context, v Veto) (Receipt, error) {
	ended, err := o.campaignEnded(ctx, v.Campaign)
	if err != nil {
		return Receipt{}, err
	}
	if ended {
		return o.vetoTitle(ctx, v)
	}
	return o.submit(ctx, v.ID, workflows.CampaignWorkflowID(v.Campaign), workflows.UpdateVeto,
		&workflows.VetoRequest{Unit: v.Unit.Unit, Reason: v.Reason, Note: v.Note})
}

// vetoTitle sends a veto after the campaign's end to the unit's title: revoked at once, the
// veto recorded against the campaign, the unit's result revoked.
func (o *Office) vetoTitle(ctx context.Context, v Veto) (Receipt, error) {
	db, err := o.database(ctx)
	if err != nil {
		return Receipt{}, err
	}
	info, err := store.LoadCampaignInfo(ctx, db, v.Campaign)
	if err != nil {
		return Receipt{}, err
	}
	std, err := store.LoadStandard(ctx, db, info.StandardID)
	if err != nil {
		return Receipt{}, err
	}
	target := workflows.CampaignWorkflowID(v.Campaign)
	reason, ok := std.FindVeto(v.Reason)
	if !ok {
		why := msg.Say("refuse.veto.unknown_reason", "Reason", v.Reason, "Standard", std.ID, "Reasons", std.VetoChoices())
		return o.refuseHere(ctx, v.ID, workflows.UpdateVeto, target, v, why), nil
	}
	if reason.Open && strings.TrimSpace(v.Note) == "" {
		return o.refuseHere(ctx, v.ID, workflows.UpdateVeto, target, v, msg.Say("refuse.veto.open_needs_note", "Text", reason.Text)), nil
	}
	noTitle := func() (Receipt, error) {
		why := msg.Say("refuse.veto.no_title", "Unit", v.Unit.Unit, "Campaign", v.Campaign)
		return o.refuseHere(ctx, v.ID, workflows.UpdateVeto, target, v, why), nil
	}
	t, err := store.UnitTitle(ctx, db, v.Campaign, v.Unit.Unit)
	if errors.Is(err, sql.ErrNoRows) {
		return noTitle()
	}
	if err != nil {
		return Receipt{}, err
	}
	why := "一票否决: " + reason.Text
	if reason.Open {
		why += ": " + v.Note
	}
	req := &workflows.TitleRequest{Action: title.Revoke, Reason: why,
		Veto: &workflows.TitleVeto{CampaignID: v.Campaign, VetoID: v.Reason, VetoText: reason.Text, Note: v.Note}}
	if !title.Status(t.Status).Ended() {
		return o.submit(ctx, v.ID, TitleWorkflowID(t), workflows.UpdateTitle, req)
	}
	// Revoked or expired: by this veto, sent again, or by another decision.
	id, seen, err := o.decidedBefore(ctx, t, v.ID, req)
	switch {
	case err != nil:
		return Receipt{}, err
	case seen:
		return alreadyReceived(id), nil
	}
	return noTitle()
}

// campaignEnded says whether the campaign's workflow has ended (its titles handed over, or
// its management period over).
func (o *Office) campaignEnded(ctx context.Context, campaignID string) (bool, error) {
	tc, err := o.conn.Temporal(ctx)
	if err != nil {
		return false, err
	}
	d, err := tc.DescribeWorkflowExecution(ctx, workflows.CampaignWorkflowID(campaignID), "")
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return d.GetWorkflowExecutionInfo().GetStatus() != enums.WORKFLOW_EXECUTION_STATUS_RUNNING, nil
}

// Tie resolves a tie at the cut: which of the tied are proposed, as many as there are places.
// It names a campaign, or a round and (pioneer rounds) the branch whose tie it is.
type Tie struct {
	Campaign      string
	Round, Branch string
	ID            string
	Include       []string
}

// ResolveTie chooses which of the tied are proposed. A branch's tie is held by the branch's
// workflow, or by the round's when the branch recommended again after a violation (its part is
// over); the party committee decides it either way (rules/access.Acts).
func (o *Office) ResolveTie(ctx context.Context, t Tie) (Receipt, error) {
	target := workflows.CampaignWorkflowID(t.Campaign)
	req := &workflows.TieRequest{Include: t.Include}
	switch {
	case t.Round != "" && t.Branch != "" && o.roundHoldsTie(ctx, t.Round, t.Branch):
		target, req.Branch = t.Round, t.Branch
	case t.Round != "" && t.Branch != "":
		target = workflows.BranchWorkflowID(t.Round, t.Branch)
	case t.Round != "":
		target = t.Round
	}
	return o.submit(ctx, t.ID, target, workflows.UpdateResolveTie, req)
}

// roundHoldsTie says whether a round holds a tie of the branch: one from recommending again
// after a violation, which the committee decides on the round.
func (o *Office) roundHoldsTie(ctx context.Context, round, branch string) bool {
	var st workflows.RoundStatus
	if err := o.Status(ctx, round, time.Minute, &st); err != nil {
		return false
	}
	for _, t := range st.BranchTies {
		if t.Branch == branch {
			return true
		}
	}
	return false
}

// Extension moves a campaign's deadline later, to a time or by a duration; every timer
// follows. A deadline that has passed (declare_by, accept_by) moves only with a reason.
type Extension struct {
	Campaign string
	ID       string
	Boundary campaign.Boundary
	To       time.Time     // the new time; or
	Add      time.Duration // how much later than the deadline stands when the act is done
	Reason   string
}

// ExtendDeadline moves a boundary of a campaign's timeline later. An extension by Add is named
// by what was asked (the boundary, the duration, the reason), not by the time it comes to: a
// resend reads the deadline already moved and would otherwise move it again. So the same
// duration and reason extend once; a second extension of the same boundary by the same
// duration needs its own reason or id.
func (o *Office) ExtendDeadline(ctx context.Context, e Extension) (Receipt, error) {
	target := workflows.CampaignWorkflowID(e.Campaign)
	req := &workflows.ExtendRequest{Boundary: e.Boundary, To: e.To, Reason: strings.TrimSpace(e.Reason)}
	if e.Add < 0 {
		return Receipt{}, problem.New("", 0, "add", "office.deadline.add_positive", "Add", e.Add)
	}
	if (e.Add > 0) == !e.To.IsZero() {
		return Receipt{}, problem.New("", 0, "to", "office.give.to_or_add")
	}
	id := e.ID
	if e.Add > 0 {
		if id == "" {
			id = DerivedID(workflows.UpdateExtendDeadline, target, struct {
				Boundary campaign.Boundary
				Add      time.Duration
				Reason   string
			}{e.Boundary, e.Add, req.Reason})
		}
		current, err := o.deadline(ctx, target, e.Boundary)
		if err != nil {
			return Receipt{}, err
		}
		req.To = current.Add(e.Add)
	}
	return o.submit(ctx, id, target, workflows.UpdateExtendDeadline, req)
}

// deadline is where boundary b of a campaign's timeline stands now.
func (o *Office) deadline(ctx context.Context, campaignWorkflow string, b campaign.Boundary) (time.Time, error) {
	var st workflows.CampaignStatus
	if err := o.Status(ctx, campaignWorkflow, time.Minute, &st); err != nil {
		return time.Time{}, err
	}
	current, ok := st.Timeline.At(b)
	if !ok {
		names := make([]string, len(campaign.Boundaries))
		for i, k := range campaign.Boundaries {
			names[i] = string(k)
		}
		return time.Time{}, problem.New("", 0, "boundary", "office.deadline.boundary", "Boundary", string(b), "Known", names)
	}
	return current, nil
}
