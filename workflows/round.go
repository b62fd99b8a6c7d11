package workflows

import (
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/workflows/searchattr"
)

// Phases of a round.
const (
	RoundOpen       = "open"
	RoundVoting     = "voting"     // pioneer: branch meetings vote
	RoundCommittee  = "committee"  // pioneer: the committee approves (党委审批)
	RoundAssessment = "assessment" // red flag: self-reports and the committee's scores
	RoundReview     = "review"     // red flag: ranking, ties
	RoundNotice     = "notice"     // 公示
	RoundClosed     = "closed"
)

// roundRun is what both kinds of round share: their branches in groups, their phase where
// operators look, their notice, their award.
type roundRun struct {
	in       RoundInput
	id       string
	phase    string
	next     msg.Text
	branches int
	groups   []workflow.ChildWorkflowFuture
	settled  map[int]bool
	proposed int
	removed  []string
	outcomes map[string]int
	seen     seenSet
	intake   *intake
	changed  bool
	ties     []branchTie // pioneer: branches recommending again after a violation, with a tie
	log      log.Logger
}

func newRoundRun(ctx workflow.Context, in RoundInput) *roundRun {
	id := RoundWorkflowID(in.Kind, in.Period)
	r := &roundRun{in: in, id: id, phase: RoundOpen, settled: map[int]bool{}, seen: seenSet{},
		log: log.With(workflow.GetLogger(ctx), "round", id)}
	r.intake = newIntake(ctx, &r.seen, nil, func(workflow.Context) { r.changed = true })
	return r
}

func (r *roundRun) setPhase(ctx workflow.Context, phase string, next msg.Text) error {
	r.phase, r.next = phase, next
	r.log.Info("phase", "phase", phase)
	if err := workflow.UpsertTypedSearchAttributes(ctx, searchattr.RoundID.ValueSet(r.id), searchattr.RoundKind.ValueSet(r.in.Kind),
		searchattr.Period.ValueSet(r.in.Period), searchattr.Phase.ValueSet(phase)); err != nil {
		return err
	}
	if err := workflow.ExecuteActivity(withWrites(ctx), acts.SetRoundPhase, activities.RoundPhaseInput{
		RoundID: r.id, Phase: phase, At: workflow.Now(ctx)}).Get(ctx, nil); err != nil {
		return err
	}
	r.details(ctx)
	return nil
}

func (r *roundRun) title() string { return spec(r.in.Kind).Name + " " + r.in.Period }

func (r *roundRun) details(ctx workflow.Context) {
	zh := msg.For(msg.Chinese)
	text := zh.Render(msg.Say("details.round", "Title", r.title(), "ID", r.id, "Phase", r.phase))
	if r.next.ID != "" {
		text += "\n\n" + zh.Render(msg.Say("details.waiting", "What", r.next.String()))
	}
	if len(r.groups) > 0 {
		text += "\n\n" + zh.Render(msg.Say("details.round.counts", "Branches", r.branches, "Done", r.settledBranches(), "Proposed", r.proposed))
	}
	for _, t := range r.branchTies() {
		text += "\n\n" + zh.Render(msg.Say("effect.retally.tie", "Branch", t.Branch, "Tied", t.Tie.Units, "Total", t.Tie.Total, "Slots", t.Tie.Slots, "Round", r.id))
	}
	if r.outcomes != nil {
		o := r.outcomes
		text += "\n\n" + zh.Render(msg.Say("details.round.outcomes", "Awarded", o["awarded"], "NotRecommended", o["not_recommended"],
			"NotApproved", o["recommended_not_approved"], "Ineligible", o["ineligible"], "Removed", o["removed_by_objection"]))
	}
	workflow.SetCurrentDetails(ctx, text)
}

// settledBranches counts the branches of the groups that reported; each group reports once,
// with every branch done.
func (r *roundRun) settledBranches() int {
	if len(r.groups) > 0 && len(r.settled) == len(r.groups) {
		return r.branches
	}
	return 0
}

// open records the round and its snapshot, and starts its branches in groups.
func (r *roundRun) open(ctx workflow.Context, template BranchInput) error {
	var opened activities.Opened
	if err := workflow.ExecuteActivity(withWrites(ctx), acts.OpenRound, activities.RoundOpeningInput{
		RoundID: r.id, Kind: r.in.Kind, Period: r.in.Period, Config: r.in.Config, At: workflow.Now(ctx),
	}).Get(ctx, &opened); err != nil {
		return err
	}
	r.branches = len(opened.Branches)
	template.RoundID, template.Kind, template.Period = r.id, r.in.Kind, r.in.Period
	template.StandardID, template.Timezone, template.RemindEvery = r.in.Config.StandardID, r.in.Config.Timezone, r.in.Config.RemindEvery
	groups, err := startGroups(ctx, r.id, opened.Branches, opened.Sizes, r.in.Config.GroupSize,
		func(int) GroupInput { return GroupInput{Branch: &template} },
		func(g, n int) string {
			return msg.Say("summary.round_group", "Group", g, "Round", r.title(), "N", n).String()
		},
		RoundAttributes(r.id, r.in.Kind, r.in.Period))
	r.groups = groups
	return err
}

// awaitBranches waits until every group reports its branches done.
func (r *roundRun) awaitBranches(ctx workflow.Context) error {
	ch := workflow.GetSignalChannel(ctx, SignalGroupSettled)
	for len(r.settled) < len(r.groups) {
		var s GroupSettled
		ch.Receive(ctx, &s)
		r.settled[s.Group] = true
		r.details(ctx)
	}
	return nil
}

// publicNotice publishes the proposed list from the database for the notice period.
func (r *roundRun) publicNotice(ctx workflow.Context) error {
	if r.proposed == 0 {
		r.log.Info("nobody is proposed: no public notice")
		return nil
	}
	res, err := runNotice(ctx, workflow.ChildWorkflowOptions{
		WorkflowID: NoticeWorkflowID(r.id), StaticSummary: "公示: " + r.title(),
		TypedSearchAttributes: RoundAttributes(r.id, r.in.Kind, r.in.Period),
	}, NoticeInput{
		NoticeID: NoticeWorkflowID(r.id), Subject: r.id, Title: r.title() + " 拟授予名单", FromProposals: true,
		Length: r.in.Config.Notice, RemindEvery: r.in.Config.RemindEvery, Timezone: r.in.Config.Timezone,
	}, func() error {
		return r.setPhase(ctx, RoundNotice, msg.Say("next.notice"))
	})
	r.removed = res.Removed
	return err
}

// close ends every branch's part and waits for the groups.
func (r *roundRun) close(ctx workflow.Context) error {
	if err := closeGroups(ctx, r.id, r.groups); err != nil {
		return err
	}
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return err
	}
	return r.setPhase(ctx, RoundClosed, msg.Text{})
}

// finish is how every kind of round ends: 公示 of the proposed list, the award of the kind,
// and the close of its branches.
func (r *roundRun) finish(ctx workflow.Context) (RoundResult, error) {
	if err := r.publicNotice(ctx); err != nil {
		return RoundResult{}, err
	}
	if err := r.award(ctx); err != nil {
		return RoundResult{}, err
	}
	if err := r.close(ctx); err != nil {
		return RoundResult{}, err
	}
	return RoundResult{Outcomes: r.outcomes}, nil
}

func (r *roundRun) award(ctx workflow.Context) error {
	var a activities.AwardResult
	if err := workflow.ExecuteActivity(withWrites(ctx), roundKinds[r.in.Kind].Award, activities.AwardInput{
		RoundID: r.id, Kind: r.in.Kind, Period: r.in.Period, Removed: r.removed, At: workflow.Now(ctx), Timezone: r.in.Config.Timezone,
	}).Get(ctx, &a); err != nil {
		return err
	}
	r.outcomes = a.Outcomes
	return nil
}

func (r *roundRun) status() RoundStatus {
	return RoundStatus{ID: r.id, Kind: r.in.Kind, Period: r.in.Period, Phase: r.phase, Next: r.next, Branches: r.branches,
		Settled: r.settledBranches(), Proposed: r.proposed, NoticeID: NoticeWorkflowID(r.id), Removed: r.removed, Outcomes: r.outcomes,
		BranchTies: r.branchTies()}
}
