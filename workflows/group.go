package workflows

import (
	"errors"
	"fmt"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/fanout"
)

// GroupInput starts a group of a campaign's units or of a round's branches. Exactly one of
// Unit and Branch is set: the template of every member's input (the two pointers are the
// wire shape of running groups; the group reads them once, through members()).
type GroupInput struct {
	Owner   string // the campaign's or round's workflow id
	Group   int
	Members []string
	Sizes   []int // a round's branches: members of each, for their details
	Unit    *UnitInput
	Branch  *BranchInput
}

// GroupSettled tells the owner that every member of a group is ready for the review, or
// (Reopened) that one is open again. Both travel on one channel so that they arrive in order.
type GroupSettled struct {
	Group    int
	Members  int
	Reopened bool `json:",omitempty"`
}

// GroupResult is how a group ended.
type GroupResult struct {
	Members int
}

// MemberSettled tells a group that one member is ready for the review, or (Reopened) that it
// is not any more: a deadline it had missed was extended.
type MemberSettled struct {
	ID       string
	Reason   string
	Reopened bool `json:",omitempty"`
}

// GroupWorkflowID is the id of a group of an owner: campaign/<id>/group/<n>, pioneer/2026-Q4/group/<n>.
func GroupWorkflowID(owner string, group int) string { return fmt.Sprintf("%s/group/%d", owner, group) }

// Group runs the units of a campaign, or the branches of a round, as its children, at most a
// few hundred, so that no workflow holds more children however large the campaign or round.
// It tells its owner when every member has started and when every member is ready for the
// review, passes the owner's word (deadline extensions, the close) on to its units, and ends
// when they all have. A pioneer round's group takes its branches' sheets itself and starts a
// branch when it has one (group_sheets.go).
func Group(ctx workflow.Context, in GroupInput) (GroupResult, error) {
	if in.takesSheets() && workflow.GetVersion(ctx, groupTakesSheets, workflow.DefaultVersion, 1) == 1 {
		return newSheetGroup(in).run(ctx)
	}
	if err := refuseSheets(ctx); err != nil {
		return GroupResult{}, err
	}
	logger := log.With(workflow.GetLogger(ctx), "owner", in.Owner, "group", in.Group)
	children := make([]workflow.ChildWorkflowFuture, len(in.Members))
	for i, id := range in.Members {
		fn, arg, opts := in.child(i, id)
		children[i] = workflow.ExecuteChildWorkflow(workflow.WithChildOptions(ctx, opts), fn, arg)
	}
	if err := awaitStarts(ctx, children); err != nil {
		return GroupResult{}, err
	}
	// Every member can now take submissions: the owner may move on.
	if err := tellParent(ctx, SignalGroupReady, in.Group); err != nil {
		return GroupResult{}, err
	}
	in.details(ctx, 0)

	settled := map[string]bool{}
	reported, closed := false, false
	settledCh := workflow.GetSignalChannel(ctx, SignalMemberSettled)
	extendCh := workflow.GetSignalChannel(ctx, SignalExtend)
	closeCh := workflow.GetSignalChannel(ctx, SignalClose)
	for !closed {
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(settledCh, func(c workflow.ReceiveChannel, _ bool) {
			var s MemberSettled
			c.Receive(ctx, &s)
			if s.Reopened {
				delete(settled, s.ID)
				return
			}
			settled[s.ID] = true
		})
		sel.AddReceive(extendCh, func(c workflow.ReceiveChannel, _ bool) {
			var t campaign.Timeline
			c.Receive(ctx, &t)
			in.broadcast(ctx, SignalExtend, t)
		})
		sel.AddReceive(closeCh, func(c workflow.ReceiveChannel, _ bool) {
			c.Receive(ctx, nil)
			closed = true
		})
		sel.Select(ctx)
		in.details(ctx, len(settled))
		if reported && len(settled) < len(in.Members) {
			reported = false
			logger.Info("a member of the group is open again")
			if err := tellParent(ctx, SignalGroupSettled, GroupSettled{Group: in.Group, Members: len(in.Members), Reopened: true}); err != nil {
				return GroupResult{}, err
			}
		}
		if !reported && len(settled) == len(in.Members) {
			reported = true
			logger.Info("every member of the group is ready for review")
			if err := tellParent(ctx, SignalGroupSettled, GroupSettled{Group: in.Group, Members: len(in.Members)}); err != nil {
				return GroupResult{}, err
			}
		}
	}
	// The owner has decided: each member whose part is still open ends it.
	if in.members().closedByOwner() {
		in.broadcast(ctx, SignalClose, nil)
	}
	for _, c := range children {
		if err := c.Get(ctx, nil); err != nil {
			return GroupResult{}, err
		}
	}
	return GroupResult{Members: len(in.Members)}, nil
}

// groupMembers is what a group needs to know of its kind of member: how each one's workflow
// starts, its id, and whether the owner's decision ends its part.
type groupMembers interface {
	child(in GroupInput, i int, id string) (fn any, arg any, opts workflow.ChildWorkflowOptions)
	workflowID(id string) string
	closedByOwner() bool
}

func (in GroupInput) members() groupMembers {
	if in.Unit != nil {
		return unitMembers{in.Unit}
	}
	return branchMembers{in.Branch}
}

// unitMembers are a campaign's units: their parts run until the campaign names.
type unitMembers struct{ template *UnitInput }

func (m unitMembers) child(in GroupInput, _ int, id string) (any, any, workflow.ChildWorkflowOptions) {
	ui := *m.template
	ui.UnitID = id
	ui.Group = GroupWorkflowID(in.Owner, in.Group)
	return Unit, ui, workflow.ChildWorkflowOptions{WorkflowID: m.workflowID(id),
		StaticSummary:         fmt.Sprintf("单位 %s · 创建活动 %s", id, ui.CampaignID),
		TypedSearchAttributes: unitAttributes(ui.CampaignID, id)}
}

func (m unitMembers) workflowID(id string) string { return UnitWorkflowID(m.template.CampaignID, id) }
func (unitMembers) closedByOwner() bool           { return true }

// branchMembers are a round's branches: a branch's part ends when it settles.
type branchMembers struct{ template *BranchInput }

func (m branchMembers) child(in GroupInput, i int, id string) (any, any, workflow.ChildWorkflowOptions) {
	bi := *m.template
	bi.BranchID = id
	if i < len(in.Sizes) {
		bi.Members = in.Sizes[i]
	}
	return roundKinds[bi.Kind].Branch, bi, workflow.ChildWorkflowOptions{WorkflowID: m.workflowID(id),
		StaticSummary:         fmt.Sprintf("党支部 %s · %s", id, bi.RoundID),
		TypedSearchAttributes: branchAttributes(bi.RoundID, bi.Kind, bi.Period, id)}
}

func (m branchMembers) workflowID(id string) string { return BranchWorkflowID(m.template.RoundID, id) }
func (branchMembers) closedByOwner() bool           { return false }

func (in GroupInput) child(i int, id string) (any, any, workflow.ChildWorkflowOptions) {
	return in.members().child(in, i, id)
}

func (in GroupInput) memberID(id string) string { return in.members().workflowID(id) }

func (in GroupInput) details(ctx workflow.Context, settled int) {
	workflow.SetCurrentDetails(ctx, msg.Say("details.group", "Group", in.Group, "Owner", in.Owner, "Ready", settled, "Members", len(in.Members)).String())
}

// tellParent signals the workflow that started this one, if any.
func tellParent(ctx workflow.Context, name string, arg any) error { return tell(ctx, "", name, arg) }

// tell signals the workflow with the given id; an empty id means the workflow that started
// this one, if any.
func tell(ctx workflow.Context, id, name string, arg any) error {
	if id == "" {
		parent := workflow.GetInfo(ctx).ParentWorkflowExecution
		if parent == nil {
			return nil
		}
		id = parent.ID
	}
	return workflow.SignalExternalWorkflow(ctx, id, "", name, arg).Get(ctx, nil)
}

// broadcast signals every member of the group and waits for the signals to be delivered.
func (in GroupInput) broadcast(ctx workflow.Context, name string, arg any) {
	futures := make([]workflow.Future, len(in.Members))
	for i, id := range in.Members {
		futures[i] = workflow.SignalExternalWorkflow(ctx, in.memberID(id), "", name, arg)
	}
	for i, f := range futures {
		if err := f.Get(ctx, nil); err != nil {
			// A member that has already ended needs no word; anything else is worth a log line.
			workflow.GetLogger(ctx).Warn("could not signal member", "member", in.Members[i], "signal", name, "error", err)
		}
	}
}

// startGroups starts one group child per chunk of members and waits until every member of
// every group has started. sizes, when given, go along with their members. A group that
// cannot start (its id is taken) or ends before it is ready fails the owner with the group's
// id: waiting for its word would wait forever.
func startGroups(ctx workflow.Context, owner string, members []string, sizes []int, size int, template func(g int) GroupInput, summary func(g, n int) string, attrs temporal.SearchAttributes) ([]workflow.ChildWorkflowFuture, error) {
	var groups []workflow.ChildWorkflowFuture
	size = min(max(size, 1), fanout.MaxGroupSize)
	for g, chunk := range chunk(members, size) {
		in := template(g)
		in.Owner, in.Group, in.Members = owner, g, chunk
		if len(sizes) == len(members) {
			in.Sizes = sizes[g*size : g*size+len(chunk)]
		}
		gctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
			WorkflowID: GroupWorkflowID(owner, g), StaticSummary: summary(g, len(chunk)), TypedSearchAttributes: attrs,
		})
		groups = append(groups, workflow.ExecuteChildWorkflow(gctx, Group, in))
	}
	return groups, awaitGroupsReady(ctx, owner, groups)
}

// awaitGroupsReady waits for every group's word that its members have started, or for the
// first group that failed to start or ended before that.
func awaitGroupsReady(ctx workflow.Context, owner string, groups []workflow.ChildWorkflowFuture) error {
	waiting := len(groups)
	var failed error
	sel := workflow.NewSelector(ctx)
	sel.AddReceive(workflow.GetSignalChannel(ctx, SignalGroupReady), func(c workflow.ReceiveChannel, _ bool) {
		c.Receive(ctx, nil)
		waiting--
	})
	for g, f := range groups {
		id := GroupWorkflowID(owner, g)
		sel.AddFuture(f.GetChildWorkflowExecution(), func(f workflow.Future) {
			if err := f.Get(ctx, nil); err != nil {
				failed = fmt.Errorf("start group %s: %w", id, err)
			}
		})
		sel.AddFuture(f, func(f workflow.Future) {
			err := f.Get(ctx, nil)
			if err == nil {
				err = errors.New("it ended")
			}
			failed = fmt.Errorf("group %s ended before its members had started: %w", id, err)
		})
	}
	for waiting > 0 && failed == nil {
		sel.Select(ctx)
	}
	return failed
}

func chunk(ids []string, size int) [][]string {
	size = min(max(size, 1), fanout.MaxGroupSize)
	var out [][]string
	for start := 0; start < len(ids); start += size {
		out = append(out, ids[start:min(start+size, len(ids))])
	}
	return out
}

// closeGroups tells every group of an owner that the owner has decided, and waits until each
// has ended (a campaign's units end their parts; a round's branches ended theirs already).
func closeGroups(ctx workflow.Context, owner string, groups []workflow.ChildWorkflowFuture) error {
	for g := range groups {
		if err := workflow.SignalExternalWorkflow(ctx, GroupWorkflowID(owner, g), "", SignalClose, nil).Get(ctx, nil); err != nil {
			return err
		}
	}
	for _, g := range groups {
		if err := g.Get(ctx, nil); err != nil {
			return err
		}
	}
	return nil
}
