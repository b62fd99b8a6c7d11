package activities

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"

	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/rank"
	"wenming/rules/standard"
	"wenming/store"
)

// StandardRef names a saved standard.
type StandardRef struct {
	ID string
}

// LoadStandard reads a standard saved by `campaign start`.
func (a *Activities) LoadStandard(ctx context.Context, in StandardRef) (*standard.Standard, error) {
	s, err := store.LoadStandard(ctx, a.DB, in.ID)
	return s, classify(err)
}

// MobilizeInput is a campaign's plan to record and publish.
type MobilizeInput struct {
	Plan campaign.Plan
	At   time.Time
}

// Mobilize records and publishes the campaign, its leadership group and responsibility list.
func (a *Activities) Mobilize(ctx context.Context, in MobilizeInput) error {
	if err := store.Mobilize(ctx, a.DB, in.Plan, in.At); err != nil {
		return classify(err)
	}
	activity.GetLogger(ctx).Info("campaign published", "campaign", in.Plan.ID, "units", len(in.Plan.Units))
	return nil
}

// PhaseInput is a campaign's new phase.
type PhaseInput struct {
	CampaignID string
	Phase      campaign.Phase
}

// SetPhase records the campaign's phase.
func (a *Activities) SetPhase(ctx context.Context, in PhaseInput) error {
	return classify(store.SetPhase(ctx, a.DB, in.CampaignID, in.Phase))
}

// SuperviseInput is one progress check.
type SuperviseInput struct {
	CampaignID string
	Seq        int
	Phase      campaign.Phase
	At         time.Time
}

// Supervise flags what is overdue, writes reminders and counts where the units stand.
func (a *Activities) Supervise(ctx context.Context, in SuperviseInput) (Supervision, error) {
	s, err := store.Supervise(ctx, a.DB, in.CampaignID, in.Seq, in.Phase, in.At)
	if err == nil {
		activity.GetLogger(ctx).Info("progress check", "campaign", in.CampaignID, "seq", in.Seq,
			"overdue_tasks", s.NewlyOverdueTasks, "overdue_rectifications", s.NewlyOverdueNotices, "reminders", s.Reminders)
	}
	return Supervision{Counts: counts(s.Counts), NewlyOverdueTasks: s.NewlyOverdueTasks,
		NewlyOverdueRectifications: s.NewlyOverdueNotices, Reminders: s.Reminders}, classify(err)
}

// RankTasksInput is one ranking of the units by task completion.
type RankTasksInput struct {
	CampaignID string
	Seq        int
	At         time.Time
}

// RankTasksResult says how many units were ranked.
type RankTasksResult struct {
	Units int
}

// RankTasks records the monthly ranking (每月排名).
func (a *Activities) RankTasks(ctx context.Context, in RankTasksInput) (RankTasksResult, error) {
	n, err := store.RankTasks(ctx, a.DB, in.CampaignID, in.Seq, in.At)
	return RankTasksResult{Units: n}, classify(err)
}

// ReviewInput asks for the ranking under the quota, with the ties decided so far.
type ReviewInput struct {
	CampaignID string
	Quota      campaign.PlannedQuota
	Decisions  []rank.Decision
	At         time.Time
	RankBy     string `json:",omitempty"` // "average": of every inspection; else the final acceptance's
	// People: the campaign names people (文明标兵); every nominee whose unit's declaration
	// stands is proposed, with no score and no cut.
	People bool `json:",omitempty"`
}

// Review ranks the candidates in SQL and the rules package and records the proposed list.
func (a *Activities) Review(ctx context.Context, in ReviewInput) (ReviewResult, error) {
	if in.People {
		r, err := store.ReviewNominees(ctx, a.DB, in.CampaignID)
		return ReviewResult(r), classify(err)
	}
	r, err := store.Review(ctx, a.DB, in.CampaignID, in.Quota, in.RankBy, in.Decisions, in.At)
	return ReviewResult(r), classify(err)
}

// NameInput confers the titles.
type NameInput struct {
	CampaignID string
	Removed    []string
	At         time.Time
	// Not approved: excluded by the discipline committee's opinion, or struck by the deciding
	// body; each with its reason, in unit order.
	Excluded []UnitReason `json:",omitempty"`
	Struck   []UnitReason `json:",omitempty"`
	Document string       `json:",omitempty"` // the deciding body's document number (文号)
	// Withheld: not named because a wait ran out (an objection undecided, the deciding body
	// silent), each with its reason.
	Withheld []UnitReason `json:",omitempty"`
	// Confers is the title entered in the register for each unit named, by Body, on On.
	Confers *campaign.Conferred `json:",omitempty"`
	Body    string              `json:",omitempty"`
	On      time.Time           `json:",omitempty"`
	People  bool                `json:",omitempty"` // the lists name people, as unit/person
}

// UnitReason is a unit with the reason something was decided about it.
type UnitReason struct {
	Unit   string
	Reason string
}

func storeReasons(rs []UnitReason) []store.UnitReason {
	out := make([]store.UnitReason, len(rs))
	for i, r := range rs {
		out[i] = store.UnitReason(r)
	}
	return out
}

// NameResult counts the outcomes.
type NameResult struct {
	Outcomes map[string]int
	// Titles are the titles conferred, for the campaign to hand over to their own workflows.
	Titles []TitleRef `json:",omitempty"`
}

// TitleRef is a title in the register, as its workflow starts from it.
type TitleRef struct {
	ID          int64
	Unit        string
	Person      bool // a person's title: its workflow id carries the register's number, not a name
	Kind, Name  string
	ConferredOn string    // 2006-01-02
	TermEnd     time.Time `json:",omitempty"`
	Status      string
}

// Name writes every unit's result.
func (a *Activities) Name(ctx context.Context, in NameInput) (NameResult, error) {
	out, err := store.Name(ctx, a.DB, store.Naming{CampaignID: in.CampaignID, Removed: in.Removed, At: in.At,
		Excluded: storeReasons(in.Excluded), Struck: storeReasons(in.Struck), Withheld: storeReasons(in.Withheld), Document: in.Document,
		Confers: in.Confers, Body: in.Body, On: in.On, People: in.People})
	if err != nil || in.Confers == nil {
		return NameResult{Outcomes: out}, classify(err)
	}
	titles, err := store.CampaignTitles(ctx, a.DB, in.CampaignID)
	res := NameResult{Outcomes: out}
	for _, t := range titles {
		ref := TitleRef{ID: t.ID, Unit: t.UnitID, Person: t.Person != "", Kind: t.Kind, Name: t.Name,
			ConferredOn: t.ConferredOn.Format(time.DateOnly), Status: t.Status}
		if t.TermEnd != nil {
			ref.TermEnd = *t.TermEnd
		}
		res.Titles = append(res.Titles, ref)
	}
	return res, classify(err)
}

// RecordVeto records a veto (and revokes a title after naming).
func (a *Activities) RecordVeto(ctx context.Context, in Veto) error {
	return classify(store.RecordVeto(ctx, a.DB, store.Veto{Submission: in.Submission.store(), VetoID: in.VetoID, VetoText: in.VetoText,
		Note: in.Note, Phase: in.Phase, AfterNaming: in.AfterNaming}))
}

// RecordDecision records a tie decision or a deadline extension.
func (a *Activities) RecordDecision(ctx context.Context, in Decision) error {
	return classify(store.RecordDecision(ctx, a.DB, store.Decision(in)))
}

// OverdueReminder is the seq-th reminder of a campaign's overdue waits, for the office's
// outbox: kind overdue-tie, overdue-consult or overdue-decision.
type OverdueReminder struct {
	CampaignID string
	Kind       string
	Seq        int
	Text       msg.Text
	At         time.Time
}

// RemindOverdue writes the reminder of an overdue wait to the office's outbox, in Chinese.
func (a *Activities) RemindOverdue(ctx context.Context, in OverdueReminder) error {
	return classify(store.RemindOverdue(ctx, a.DB, in.CampaignID, in.Kind, in.Seq, in.Text.String(), in.At))
}

// CountsInput names a campaign.
type CountsInput struct {
	CampaignID string
}

// Counts counts where the campaign's units stand.
func (a *Activities) Counts(ctx context.Context, in CountsInput) (Counts, error) {
	c, err := store.CampaignCounts(ctx, a.DB, in.CampaignID)
	return counts(c), classify(err)
}
