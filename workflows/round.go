package workflows

import (
	"time"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/workflow"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/rank"
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
	template.StandardID, template.Timezone = r.in.Config.StandardID, r.in.Config.Timezone
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

// PioneerRound is a quarter's pioneer-post round (党员先锋岗): every branch's meeting
// evaluates its members on anonymous forms and recommends at most its share of them; the
// committee approves or strikes names; the list is publicly noticed; the posts are awarded,
// and a fourth award in a row makes an excellent party member of the year.
func PioneerRound(ctx workflow.Context, in RoundInput) (RoundResult, error) {
	r := &pioneerRound{roundRun: newRoundRun(ctx, in)}
	r.committee = committee{r: r.roundRun, phase: RoundCommittee, write: acts.Approve, ready: r.branchTiesSettled}
	if err := r.register(ctx); err != nil {
		return RoundResult{}, err
	}
	deadline := workflow.Now(ctx).Add(in.Config.Voting)
	if err := r.open(ctx, BranchInput{Deadline: deadline, ShareBP: in.Config.ShareBP}); err != nil {
		return RoundResult{}, err
	}
	// 民主测评 and 支部推荐: each branch votes and recommends.
	if err := r.setPhase(ctx, RoundVoting, msg.Say("next.round.voting", "Until", msg.At{T: deadline, TZ: in.Config.Timezone})); err != nil {
		return RoundResult{}, err
	}
	if err := r.awaitBranches(ctx); err != nil {
		return RoundResult{}, err
	}
	// 党委审批: the committee approves all recommended names or strikes some, with reasons.
	if err := r.setPhase(ctx, RoundCommittee, msg.Say("next.round.committee")); err != nil {
		return RoundResult{}, err
	}
	if err := r.committee.await(ctx); err != nil {
		return RoundResult{}, err
	}
	return r.finish(ctx)
}

type pioneerRound struct {
	*roundRun
	committee committee
}

func (r *pioneerRound) register(ctx workflow.Context) error {
	if err := onQuery(ctx, QueryStatus, func() (RoundStatus, error) { return r.status(), nil }); err != nil {
		return err
	}
	if err := r.committee.register(ctx); err != nil {
		return err
	}
	if err := onSubmission(ctx, r.intake, UpdateResolveTie, nil, anyTime(r.checkBranchTie), r.resolveBranchTie); err != nil {
		return err
	}
	return r.registerViolations(ctx, r.afterViolation)
}

// branchTiesSettled refuses the committee's approval while a branch's tie waits.
func (r *pioneerRound) branchTiesSettled() error {
	if ties := r.branchTies(); len(ties) > 0 {
		return invalid("refuse.round.branch_tie_pending", "Branch", ties[0].Branch, "Round", r.id)
	}
	return nil
}

// RedFlagRound is a half-year's red-flag round (红旗党支部): every eligible branch reports on
// the form, the committee scores it, the top ones after the public notice receive the rotating
// red flag, and a second flag in a row makes an advanced branch of the year.
func RedFlagRound(ctx workflow.Context, in RoundInput) (RoundResult, error) {
	r := &redFlagRound{roundRun: newRoundRun(ctx, in)}
	if err := r.register(ctx); err != nil {
		return RoundResult{}, err
	}
	selfBy := workflow.Now(ctx).Add(in.Config.SelfReport)
	assessBy := selfBy.Add(in.Config.Assessment)
	if err := r.open(ctx, BranchInput{Deadline: selfBy, AssessBy: assessBy}); err != nil {
		return RoundResult{}, err
	}
	// 自行申报 and 党委考核测评.
	if err := r.setPhase(ctx, RoundAssessment, msg.Say("next.round.assessment",
		"SelfBy", msg.At{T: selfBy, TZ: in.Config.Timezone}, "AssessBy", msg.At{T: assessBy, TZ: in.Config.Timezone})); err != nil {
		return RoundResult{}, err
	}
	if err := r.awaitBranches(ctx); err != nil {
		return RoundResult{}, err
	}
	// Rank by the committee's score; a tie at the cut waits for the committee.
	if err := r.setPhase(ctx, RoundReview, msg.Text{}); err != nil {
		return RoundResult{}, err
	}
	if err := r.rank(ctx); err != nil {
		return RoundResult{}, err
	}
	return r.finish(ctx)
}

type redFlagRound struct {
	*roundRun
	tie tieGate
}

func (r *redFlagRound) register(ctx workflow.Context) error {
	if err := onQuery(ctx, QueryStatus, func() (RoundStatus, error) {
		st := r.status()
		st.PendingTie = r.tie.pending
		return st, nil
	}); err != nil {
		return err
	}
	if err := onSubmission(ctx, r.intake, UpdateResolveTie, nil, anyTime(r.checkTie), r.resolveTie); err != nil {
		return err
	}
	return r.registerViolations(ctx, nil)
}

func (r *redFlagRound) rank(ctx workflow.Context) error {
	rankOnce := func(decisions []rank.Decision) (*rank.Tie, error) {
		var res activities.ReviewResult
		if err := workflow.ExecuteActivity(withWrites(ctx), acts.RankRedFlag, activities.RankRedFlagInput{
			RoundID: r.id, Flags: r.in.Config.Flags, Decisions: decisions,
		}).Get(ctx, &res); err != nil {
			return nil, err
		}
		r.proposed = len(res.Proposed)
		return res.Pending, nil
	}
	return r.tie.rankUntilDecided(ctx, rankOnce, func(ctx workflow.Context, t *rank.Tie) error {
		r.next = msg.Say("next.round.tie", "Tied", t.Units, "Total", t.Total, "Slots", t.Slots, "Round", r.id)
		r.details(ctx)
		return awaitChange(ctx, &r.changed)
	})
}

func (r *redFlagRound) checkTie(req TieRequest) error {
	if err := checkSubmission(req.Submission); err != nil || r.seen.has(req.ID) {
		return err
	}
	return r.tie.check(req, func() error { return invalid("refuse.tie.none_in_round", "Round", r.id, "Phase", r.phase) })
}

func (r *redFlagRound) resolveTie(ctx workflow.Context, _ time.Time, req TieRequest) (Receipt, error) {
	if err := r.tie.resolve(req, func(d rank.Decision) error {
		return workflow.ExecuteActivity(withAnswerWrites(ctx), acts.RecordRoundDecision, activities.RoundDecision{
			RoundID: r.id, SubmissionID: req.ID, Kind: "tie", Detail: d, By: req.By, At: workflow.Now(ctx),
		}).Get(ctx, nil)
	}); err != nil {
		return Receipt{}, err
	}
	return recorded(msg.Say("receipt.tie.flag", "Include", req.Include)), nil
}
