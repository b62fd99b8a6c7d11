package workflows

import (
	"fmt"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"wenming/rules/campaign"
	"wenming/searchattr"
)

// Signals between a campaign and its groups.
const (
	SignalGroupReady   = "group-ready"
	SignalGroupSettled = "group-settled"
)

// GroupInput starts a group of a campaign's units.
type GroupInput struct {
	CampaignID string
	Group      int
	Units      []string
	Unit       UnitInput // the template of every unit's input; CampaignID and UnitID are set per unit
}

// GroupSettled tells the campaign that every unit of a group is ready for the review.
type GroupSettled struct {
	Group int
	Units int
}

// GroupResult is how a group ended.
type GroupResult struct {
	Units int
}

// CampaignGroup runs the units of one group as its children, so that no workflow holds more
// than a few hundred children however large the campaign. It passes the campaign's word
// (deadline extensions, the close) to its units and reports to the campaign once all of
// them are ready for the review.
func CampaignGroup(ctx workflow.Context, in GroupInput) (GroupResult, error) {
	logger := log.With(workflow.GetLogger(ctx), "campaign", in.CampaignID, "group", in.Group)
	children := make([]workflow.ChildWorkflowFuture, len(in.Units))
	for i, unitID := range in.Units {
		ui := in.Unit
		ui.CampaignID, ui.UnitID = in.CampaignID, unitID
		cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
			WorkflowID:    UnitWorkflowID(in.CampaignID, unitID),
			StaticSummary: fmt.Sprintf("单位 %s · 创建活动 %s", unitID, in.CampaignID),
			TypedSearchAttributes: temporal.NewSearchAttributes(
				searchattr.CampaignID.ValueSet(in.CampaignID), searchattr.UnitID.ValueSet(unitID)),
		})
		children[i] = workflow.ExecuteChildWorkflow(cctx, Unit, ui)
	}
	for _, c := range children {
		if err := c.GetChildWorkflowExecution().Get(ctx, nil); err != nil {
			return GroupResult{}, fmt.Errorf("start unit: %w", err)
		}
	}
	// Every unit can now take submissions: the campaign may move on.
	if err := tellParent(ctx, SignalGroupReady, in.Group); err != nil {
		return GroupResult{}, err
	}
	workflow.SetCurrentDetails(ctx, fmt.Sprintf("**group %d of %s**: %d units taking part", in.Group, in.CampaignID, len(in.Units)))

	settled := map[string]bool{}
	reported, closed := false, false
	settledCh := workflow.GetSignalChannel(ctx, SignalSettled)
	extendCh := workflow.GetSignalChannel(ctx, SignalExtend)
	closeCh := workflow.GetSignalChannel(ctx, SignalClose)
	for !closed {
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(settledCh, func(c workflow.ReceiveChannel, _ bool) {
			var s UnitSettled
			c.Receive(ctx, &s)
			settled[s.UnitID] = true
		})
		sel.AddReceive(extendCh, func(c workflow.ReceiveChannel, _ bool) {
			var t campaign.Timeline
			c.Receive(ctx, &t)
			broadcast(ctx, in, SignalExtend, t)
		})
		sel.AddReceive(closeCh, func(c workflow.ReceiveChannel, _ bool) {
			c.Receive(ctx, nil)
			closed = true
		})
		sel.Select(ctx)
		workflow.SetCurrentDetails(ctx, fmt.Sprintf("**group %d of %s**: %d of %d units ready for review",
			in.Group, in.CampaignID, len(settled), len(in.Units)))
		if !reported && len(settled) == len(in.Units) {
			reported = true
			logger.Info("every unit of the group is ready for review")
			if err := tellParent(ctx, SignalGroupSettled, GroupSettled{Group: in.Group, Units: len(in.Units)}); err != nil {
				return GroupResult{}, err
			}
		}
	}
	// The campaign has named its units: each unit's part ends.
	broadcast(ctx, in, SignalClose, nil)
	for _, c := range children {
		if err := c.Get(ctx, nil); err != nil {
			return GroupResult{}, err
		}
	}
	return GroupResult{Units: len(in.Units)}, nil
}

// tellParent signals the workflow that started this one, if any.
func tellParent(ctx workflow.Context, name string, arg any) error {
	parent := workflow.GetInfo(ctx).ParentWorkflowExecution
	if parent == nil {
		return nil
	}
	return workflow.SignalExternalWorkflow(ctx, parent.ID, "", name, arg).Get(ctx, nil)
}

// broadcast signals every unit of the group and waits for the signals to be delivered.
func broadcast(ctx workflow.Context, in GroupInput, name string, arg any) {
	futures := make([]workflow.Future, len(in.Units))
	for i, unitID := range in.Units {
		futures[i] = workflow.SignalExternalWorkflow(ctx, UnitWorkflowID(in.CampaignID, unitID), "", name, arg)
	}
	for i, f := range futures {
		if err := f.Get(ctx, nil); err != nil {
			// A unit that has already ended needs no word; anything else is worth a log line.
			workflow.GetLogger(ctx).Warn("could not signal unit", "unit", in.Units[i], "signal", name, "error", err)
		}
	}
}
