package workflows

import (
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/title"
	"wenming/workflows/searchattr"
)

// titlesTakeOver is the change that hands every title conferred to its own workflow at naming
// and ends the campaign there; runs recorded before it keep the titles under the campaign for
// the consolidation period, as they began.
const titlesTakeOver = "titles-take-over"

// handOver starts one workflow per title conferred, each left running when the campaign ends
// (they live for the title's term), and waits until every one has started.
func (c *campaignRun) handOver(ctx workflow.Context, titles []activities.TitleRef) error {
	var started []workflow.ChildWorkflowFuture
	for _, t := range titles {
		id := TitleWorkflowID(t.Kind, t.Unit, t.Person, t.ID, t.ConferredOn)
		cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
			WorkflowID:        id,
			ParentClosePolicy: enums.PARENT_CLOSE_POLICY_ABANDON,
			StaticSummary:     "称号: " + t.Name + " · " + t.Unit,
			TypedSearchAttributes: temporal.NewSearchAttributes(searchattr.CampaignID.ValueSet(c.plan.ID),
				searchattr.UnitID.ValueSet(t.Unit)),
		})
		in := TitleInput{TitleID: t.ID, Kind: t.Kind, Unit: t.Unit, Name: t.Name, Status: title.Status(t.Status), TermEnd: t.TermEnd,
			RemindEvery: c.tl.ProgressEvery, Timezone: c.plan.Timezone}
		if c.plan.Confers != nil {
			in.Term = c.plan.Confers.Term
			on, _ := time.Parse(time.DateOnly, t.ConferredOn)
			for _, d := range c.plan.Confers.Reinspect {
				in.Reinspections = append(in.Reinspections, on.Add(d))
			}
		}
		started = append(started, workflow.ExecuteChildWorkflow(cctx, Title, in))
	}
	for _, f := range started {
		if err := f.GetChildWorkflowExecution().Get(ctx, nil); err != nil {
			return err
		}
	}
	c.log.Info("titles handed over to their own workflows", "titles", len(titles))
	c.next = msg.Say("next.campaign.titles_handed_over", "N", len(titles))
	return c.setPhase(ctx, campaign.PhaseClosed)
}
