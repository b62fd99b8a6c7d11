package office

import (
	"context"
	"errors"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"wenming/input/problem"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/schedule"
	"wenming/rules/standard"
	"wenming/rules/title"
	"wenming/store"
	"wenming/workflows"
	"wenming/workflows/searchattr"
)

// Started says what starting a process did: its workflow, and whether it was running (or had
// run) already, in which case starting it again changed nothing.
type Started struct {
	Workflow string
	Already  bool
}

// StartCampaign starts a checked campaign plan, its standard saved first (none for a campaign
// naming people); a campaign with the plan's id that runs or has run is left as it is. A plan
// with subject rating starts a rating campaign (星级评定).
func (o *Office) StartCampaign(ctx context.Context, plan campaign.Plan, std *standard.Standard) (Started, error) {
	if err := o.sameKind(ctx, plan); err != nil {
		return Started{}, err
	}
	if std != nil {
		if err := o.SaveStandard(ctx, std); err != nil {
			return Started{}, err
		}
	}
	if plan.Rating != nil {
		return o.startRating(ctx, plan)
	}
	opts := startOptions(workflows.CampaignWorkflowID(plan.ID), "文明创建: "+plan.Title,
		msg.Say("summary.campaign_details", "Units", len(plan.Units), "Standard", plan.StandardID).String(),
		temporal.NewSearchAttributes(searchattr.CampaignID.ValueSet(plan.ID), searchattr.Phase.ValueSet(string(campaign.PhaseScheduled))))
	started, err := o.startOnce(ctx, opts, workflows.Campaign, workflows.CampaignInput{Plan: plan})
	if err != nil {
		return started, msg.Wrap(err, "office.campaign.start_failed", "ID", plan.ID)
	}
	return started, nil
}

// sameKind refuses a plan whose id a campaign of the other kind holds (a rating campaign and
// one that names cannot share an id: they share the campaign's units and grants), recorded or
// started and not yet recorded.
func (o *Office) sameKind(ctx context.Context, plan campaign.Plan) error {
	db, err := o.database(ctx)
	if err != nil {
		return err
	}
	recorded, rating, err := store.CampaignKind(ctx, db, plan.ID)
	if err != nil {
		return err
	}
	other := workflows.RatingWorkflowID(plan.ID)
	if plan.Rating != nil {
		other = workflows.CampaignWorkflowID(plan.ID)
	}
	if !recorded {
		tc, err := o.conn.Temporal(ctx)
		if err != nil {
			return err
		}
		_, err = tc.DescribeWorkflowExecution(ctx, other, "")
		var notFound *serviceerror.NotFound
		if errors.As(err, &notFound) {
			return nil
		}
		if err != nil {
			return msg.Wrap(err, "office.campaign.start_failed", "ID", plan.ID)
		}
	} else if rating == (plan.Rating != nil) {
		return nil
	}
	return problem.New("", 0, "id", "office.campaign.other_kind", "ID", plan.ID)
}

func startOptions(id, summary, details string, attrs temporal.SearchAttributes) client.StartWorkflowOptions {
	return client.StartWorkflowOptions{ID: id, StaticSummary: summary, StaticDetails: details, TypedSearchAttributes: attrs}
}

// StartRound opens the round of kind k for period p (2026-Q4 for a quarterly kind) by hand, as
// the schedules plan says rounds of k run (file names the plan in a problem), with the forms its
// rounds score on saved first.
func (o *Office) StartRound(ctx context.Context, k schedule.Kind, p string, plan *schedule.Plan, file string, forms []*standard.Standard) (Started, error) {
	evaluated, ok := schedule.MustSpec(k).Evaluates(p)
	if !ok {
		return Started{}, problem.New("", 0, "period", "office.round.period", "Period", p, "Kind", string(k))
	}
	p = evaluated.String()
	cfg, ok := plan.Configs[k]
	if !ok {
		return Started{}, problem.New(file, 0, string(k), "problem.cli.schedules_file_does_set", "K", k)
	}
	if err := o.saveForms(ctx, forms); err != nil {
		return Started{}, err
	}
	return o.OpenRound(ctx, k, p, cfg)
}

// saveForms saves the forms rounds score on, so that their workflows can load them (see
// specfile.RoundStandards).
func (o *Office) saveForms(ctx context.Context, forms []*standard.Standard) error {
	for _, std := range forms {
		if err := o.SaveStandard(ctx, std); err != nil {
			return err
		}
	}
	return nil
}

// OpenRound starts the round of kind k for period p (e.g. 2026-Q4) as cfg says rounds run,
// the act a Schedule does on its own each season; a round that runs or has run is left as it is.
func (o *Office) OpenRound(ctx context.Context, k schedule.Kind, p string, cfg schedule.Config) (Started, error) {
	id := workflows.RoundWorkflowID(string(k), p)
	fn, ok := workflows.RoundWorkflow(string(k))
	if !ok {
		return Started{Workflow: id}, msg.Err("office.round.no_workflow", "ID", id, "Kind", string(k))
	}
	opts := client.StartWorkflowOptions{
		ID: id, StaticSummary: schedule.MustSpec(k).Title + " " + p,
		TypedSearchAttributes: workflows.RoundAttributes(id, string(k), p),
	}
	started, err := o.startOnce(ctx, opts, fn, workflows.RoundInput{Kind: string(k), Period: p, Config: cfg})
	if err != nil {
		return started, msg.Wrap(err, "office.round.start_failed", "ID", id)
	}
	return started, nil
}

// startOnce starts a workflow that must run once under its id: a second start, while it runs
// or after it ended, is answered "already" instead of a new run.
func (o *Office) startOnce(ctx context.Context, opts client.StartWorkflowOptions, fn, input any) (Started, error) {
	started := Started{Workflow: opts.ID}
	tc, err := o.conn.Temporal(ctx)
	if err != nil {
		return started, err
	}
	opts.TaskQueue = o.taskQueue()
	opts.WorkflowIDReusePolicy = enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE
	opts.WorkflowIDConflictPolicy = enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL
	// Without it the SDK answers a second start with the running workflow, as if started.
	opts.WorkflowExecutionErrorWhenAlreadyStarted = true
	_, err = tc.ExecuteWorkflow(ctx, opts, fn, input)
	var already *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &already) {
		started.Already = true
		return started, nil
	}
	return started, err
}

// ManageTitles starts the workflow that manages each title of the register for its term
// (re-inspection, warnings, expiry); titles that ended or are named for one year only need
// none, and a title already managed is left as it is. It says how many it started and how
// many were managed already.
func (o *Office) ManageTitles(ctx context.Context) (started, already int, err error) {
	db, err := o.database(ctx)
	if err != nil {
		return 0, 0, err
	}
	held, err := store.ListTitles(ctx, db, store.TitleFilter{})
	if err != nil {
		return 0, 0, err
	}
	for _, t := range held {
		if title.Status(t.Status).Ended() || t.Yearly() {
			continue
		}
		s, err := o.startOnce(ctx, titleStart(t), workflows.Title, titleInput(t))
		if err != nil {
			return started, already, msg.Wrap(err, "office.title.start", "ID", t.ID)
		}
		if s.Already {
			already++
		} else {
			started++
		}
	}
	return started, already, nil
}

func titleStart(t store.ListedTitle) client.StartWorkflowOptions {
	return client.StartWorkflowOptions{
		ID:                    TitleWorkflowID(t.Title),
		StaticSummary:         "称号: " + t.Name + " · " + t.UnitID,
		TypedSearchAttributes: temporal.NewSearchAttributes(searchattr.UnitID.ValueSet(t.UnitID)),
	}
}

func titleInput(t store.ListedTitle) workflows.TitleInput {
	in := workflows.TitleInput{TitleID: t.ID, Kind: t.Kind, Unit: t.UnitID, Name: t.Name,
		Status: title.Status(t.Status), Timezone: campaign.DefaultTimezone}
	if t.TermEnd != nil {
		in.TermEnd = *t.TermEnd
	}
	return in
}
