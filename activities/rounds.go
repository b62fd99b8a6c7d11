package activities

import (
	"context"
	"errors"
	"time"

	"go.temporal.io/sdk/activity"

	"wenming/input/problem"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/period"
	"wenming/rules/rank"
	"wenming/rules/schedule"
	"wenming/store"
	"wenming/zones"
)

// RoundOpeningInput opens a round.
type RoundOpeningInput struct {
	RoundID string
	Kind    string
	Period  string
	Config  schedule.Config
	At      time.Time
}

// OpenRound records a round and who takes part. The period's bounds are worked out here,
// where the time zone database may be read.
func (a *Activities) OpenRound(ctx context.Context, in RoundOpeningInput) (Opened, error) {
	p, loc, err := periodIn(in.Period, in.Config.Timezone)
	if err != nil {
		return Opened{}, classify(err)
	}
	out, err := store.OpenRound(ctx, a.DB, store.RoundOpening{RoundID: in.RoundID, Kind: schedule.Kind(in.Kind), Period: in.Period,
		Config: in.Config, PeriodStart: p.Start(loc), PeriodEnd: p.End(loc), At: in.At})
	if err == nil {
		activity.GetLogger(ctx).Info("round opened", "round", in.RoundID, "branches", len(out.Branches), "members", out.Members)
	}
	return Opened(out), classify(err)
}

// RoundPhaseInput is a round's new phase.
type RoundPhaseInput struct {
	RoundID string
	Phase   string
	At      time.Time
}

// SetRoundPhase records where a round stands.
func (a *Activities) SetRoundPhase(ctx context.Context, in RoundPhaseInput) error {
	return classify(store.SetRoundPhase(ctx, a.DB, in.RoundID, in.Phase, in.At))
}

// SheetAccepted is a sheet accepted for its branch: the digest of its ballots, which the
// branch hands to its tally (so the history holds what was accepted).
type SheetAccepted struct {
	Digest string
}

// AcceptBallots accepts the copy of a branch's sheet: from now on its ballots count.
func (a *Activities) AcceptBallots(ctx context.Context, in SheetAcceptance) (SheetAccepted, error) {
	digest, err := store.AcceptBallots(ctx, a.DB, store.SheetAcceptance(in))
	return SheetAccepted{Digest: digest}, classify(err)
}

// SheetsAcceptance is a group's copied sheets, to accept in one transaction.
type SheetsAcceptance struct {
	Sheets []SheetAcceptance
	// Drop is the copies of the sheets the group answered itself (refused by its rules, or
	// received before under another copy): they go in the same transaction.
	Drop []CopyOf `json:",omitempty"`
}

// SheetsAccepted answers sheet by sheet: the reason one was refused, or an empty Text when it
// was accepted (now, or before under the same submission), with its ballots' digest.
type SheetsAccepted struct {
	Refused []msg.Text
	Digests []string `json:",omitempty"`
}

// Digest is the i-th sheet's digest: "" when refused, or when the answer was recorded before
// digests were kept.
func (s SheetsAccepted) Digest(i int) string {
	if i < len(s.Digests) {
		return s.Digests[i]
	}
	return ""
}

// AcceptSheets accepts a group's copied sheets in one transaction, each checked in SQL as
// AcceptBallots checks one: a refused sheet is answered, the others still count.
func (a *Activities) AcceptSheets(ctx context.Context, in SheetsAcceptance) (SheetsAccepted, error) {
	sheets := make([]store.SheetAcceptance, len(in.Sheets))
	for i, s := range in.Sheets {
		sheets[i] = store.SheetAcceptance(s)
	}
	drop := make([]store.CopyOf, len(in.Drop))
	for i, c := range in.Drop {
		drop[i] = store.CopyOf(c)
	}
	answers, err := store.AcceptSheets(ctx, a.DB, sheets, drop)
	if err != nil {
		return SheetsAccepted{}, classify(err)
	}
	out := SheetsAccepted{Refused: make([]msg.Text, len(answers)), Digests: make([]string, len(answers))}
	for i, answer := range answers {
		var es problem.Errors
		switch err := answer.Refused; {
		case errors.As(err, &es) && len(es) == 1:
			out.Refused[i] = es[0].Reason
		case err != nil:
			out.Refused[i] = problem.Reason(err)
		default:
			out.Digests[i] = answer.Digest
		}
	}
	return out, nil
}

// TallyInput asks for a branch's tally.
type TallyInput struct {
	RoundID   string
	BranchID  string
	ShareBP   int
	Decisions []rank.Decision
	// Digest is the digest of the ballots as accepted (empty: a branch that never heard one):
	// the tally refuses ballots that changed since.
	Digest string `json:",omitempty"`
}

// TallyBranch tallies a branch in SQL and recommends.
func (a *Activities) TallyBranch(ctx context.Context, in TallyInput) (Tally, error) {
	t, err := store.TallyBranch(ctx, a.DB, in.RoundID, in.BranchID, in.ShareBP, in.Decisions, in.Digest)
	return Tally(t), classify(err)
}

// ApproveResult is how many the approved list holds.
type ApproveResult struct {
	Proposed int
}

// Approve records the committee's approval and the proposed list.
func (a *Activities) Approve(ctx context.Context, in Approval) (ApproveResult, error) {
	n, err := store.Approve(ctx, a.DB, store.Approval{RoundID: in.RoundID, SubmissionID: in.SubmissionID, Strikes: strikes(in.Strikes), By: in.By, At: in.At})
	return ApproveResult{Proposed: n}, classify(err)
}

// RecordRedFlagScore records a red-flag self-report or committee score.
func (a *Activities) RecordRedFlagScore(ctx context.Context, in RedFlagScore) error {
	return classify(store.RecordRedFlagScore(ctx, a.DB, store.RedFlagScore(in)))
}

// BranchRef names a branch in a round.
type BranchRef struct {
	RoundID  string
	BranchID string
}

// Standing is whether a branch is still in the running, and if not why.
type Standing struct {
	Eligible bool
	Reason   string
}

// BranchStanding reads whether a branch is still in the running (a violation may have taken
// it out during the round).
func (a *Activities) BranchStanding(ctx context.Context, in BranchRef) (Standing, error) {
	ok, why, err := store.BranchStanding(ctx, a.DB, in.RoundID, in.BranchID)
	return Standing{Eligible: ok, Reason: why}, classify(err)
}

// RankRedFlagInput asks for the red-flag ranking.
type RankRedFlagInput struct {
	RoundID   string
	Flags     int
	Decisions []rank.Decision
}

// RankRedFlag ranks the branches by the committee's score and proposes the top ones.
func (a *Activities) RankRedFlag(ctx context.Context, in RankRedFlagInput) (ReviewResult, error) {
	r, err := store.RankRedFlag(ctx, a.DB, in.RoundID, in.Flags, in.Decisions)
	return ReviewResult(r), classify(err)
}

// PublishResult is how many entries a round's notice lists.
type PublishResult struct {
	Listed int
}

// PublishRoundNotice publishes a round's proposed list for its notice.
func (a *Activities) PublishRoundNotice(ctx context.Context, in PublicNotice) (PublishResult, error) {
	n, err := store.PublishRoundNotice(ctx, a.DB, store.PublicNotice(in))
	return PublishResult{Listed: n}, classify(err)
}

// EntryInput asks whether an entry is on a notice.
type EntryInput struct {
	NoticeID string
	Entry    string
}

// EntryResult answers.
type EntryResult struct {
	Listed bool
}

// NoticeHasEntry checks an objection's target against a stored list.
func (a *Activities) NoticeHasEntry(ctx context.Context, in EntryInput) (EntryResult, error) {
	ok, err := store.NoticeHasEntry(ctx, a.DB, in.NoticeID, in.Entry)
	return EntryResult{Listed: ok}, classify(err)
}

// AwardInput ends a round.
type AwardInput struct {
	RoundID string
	Kind    string
	Period  string
	Removed []string
	At      time.Time
	// Timezone is the round's: the year's titles are conferred on the day of At there. Empty
	// (an award scheduled before it was sent): the office's default, Asia/Shanghai.
	Timezone string
}

// AwardResult counts the outcomes.
type AwardResult struct {
	Outcomes map[string]int
}

func (in AwardInput) award() (store.Award, error) {
	p, err := period.Parse(in.Period)
	if err != nil {
		return store.Award{}, err
	}
	tz := in.Timezone
	if tz == "" {
		tz = campaign.DefaultTimezone
	}
	return store.Award{RoundID: in.RoundID, Period: in.Period, Year: p.Year, Removed: in.Removed, At: in.At,
		On: in.At.In(zones.Location(tz)).Format(time.DateOnly)}, nil
}

// AwardPioneer writes a pioneer round's results and honors.
func (a *Activities) AwardPioneer(ctx context.Context, in AwardInput) (AwardResult, error) {
	aw, err := in.award()
	if err != nil {
		return AwardResult{}, classify(err)
	}
	out, err := store.AwardPioneer(ctx, a.DB, aw)
	return AwardResult{Outcomes: out}, classify(err)
}

// AwardRedFlag writes a red-flag round's results and honors.
func (a *Activities) AwardRedFlag(ctx context.Context, in AwardInput) (AwardResult, error) {
	aw, err := in.award()
	if err != nil {
		return AwardResult{}, classify(err)
	}
	out, err := store.AwardRedFlag(ctx, a.DB, aw)
	return AwardResult{Outcomes: out}, classify(err)
}

func periodIn(text, tz string) (period.Period, *time.Location, error) {
	p, err := period.Parse(text)
	if err != nil {
		return p, nil, problem.Of("", 0, "period", err)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return p, nil, problem.New("", 0, "timezone", "problem.activities.time_zone", "Tz", tz)
	}
	return p, loc, nil
}

// RoundDecision is a committee decision to record.
type RoundDecision struct {
	RoundID      string
	SubmissionID string
	Kind         string
	Detail       any
	By           string
	At           time.Time
}

// RecordRoundDecision records a committee decision.
func (a *Activities) RecordRoundDecision(ctx context.Context, in RoundDecision) error {
	return classify(store.RecordRoundDecision(ctx, a.DB, in.RoundID, in.SubmissionID, in.Kind, in.Detail, in.By, in.At))
}

// ViolationInput applies a violation to a round.
type ViolationInput struct {
	RoundID     string
	ViolationID string
	By          string
	At          time.Time
}

// ViolationEffect is what a violation changed in a round.
type ViolationEffect = store.ViolationEffect

// ApplyViolation applies a violation to a round by the stage the round is at (once).
func (a *Activities) ApplyViolation(ctx context.Context, in ViolationInput) (ViolationEffect, error) {
	e, err := store.ApplyViolation(ctx, a.DB, in.RoundID, in.ViolationID, in.By, in.At)
	if err == nil {
		activity.GetLogger(ctx).Info("violation applied", "round", in.RoundID, "violation", in.ViolationID, "stage", e.Stage)
	}
	return e, classify(err)
}

// RetallyInput asks for a branch's recommendation again.
type RetallyInput struct {
	RoundID     string
	BranchID    string
	ShareBP     int
	ViolationID string // the violation that caused it, if one did
}

// Retally is a branch's new recommendation, or the tie at its cut, and that in words.
type Retally struct {
	Recommended []string
	Pending     *rank.Tie
	Added       []string // who moved up
	Lines       []msg.Text
}

// RetallyBranch derives a branch's recommendation again, with the committee's recorded
// decisions on its ties.
func (a *Activities) RetallyBranch(ctx context.Context, in RetallyInput) (Retally, error) {
	r, err := store.RetallyBranch(ctx, a.DB, in.RoundID, in.BranchID, in.ShareBP, in.ViolationID)
	return Retally{Recommended: r.Recommended, Pending: r.Pending, Added: r.Added, Lines: r.Lines}, classify(err)
}

// YearInput names a year.
type YearInput struct {
	Year int
}

// LastRoundsPending are the year's last rounds not awarded yet.
func (a *Activities) LastRoundsPending(ctx context.Context, in YearInput) ([]string, error) {
	ids, err := store.LastRoundsPending(ctx, a.DB, in.Year)
	return ids, classify(err)
}

// AnnualOpening opens, or lists, a year-end round.
type AnnualOpening struct {
	RoundID string
	Year    int
	At      time.Time
}

// OpenAnnual records a year-end round.
func (a *Activities) OpenAnnual(ctx context.Context, in AnnualOpening) error {
	return classify(store.OpenAnnual(ctx, a.DB, in.RoundID, in.Year, in.At))
}

// ListAnnual puts the year's streak holders on the year-end list.
func (a *Activities) ListAnnual(ctx context.Context, in AnnualOpening) (int, error) {
	n, err := store.ListAnnual(ctx, a.DB, in.RoundID, in.Year, in.At)
	if err == nil {
		activity.GetLogger(ctx).Info("year-end list", "round", in.RoundID, "listed", n)
	}
	return n, classify(err)
}

// Nomination is a member or a branch nominated for a yearly title.
type Nomination = store.Nomination

// Nominate records a nomination.
func (a *Activities) Nominate(ctx context.Context, in Nomination) error {
	return classify(store.Nominate(ctx, a.DB, in))
}

// ApproveAnnual records the committee's approval of a year-end list.
func (a *Activities) ApproveAnnual(ctx context.Context, in Approval) (ApproveResult, error) {
	n, err := store.ApproveAnnual(ctx, a.DB, store.Approval{RoundID: in.RoundID, SubmissionID: in.SubmissionID, Strikes: strikes(in.Strikes), By: in.By, At: in.At})
	return ApproveResult{Proposed: n}, classify(err)
}

// AwardAnnual confers the year's titles.
func (a *Activities) AwardAnnual(ctx context.Context, in AwardInput) (AwardResult, error) {
	aw, err := in.award()
	if err != nil {
		return AwardResult{}, classify(err)
	}
	out, err := store.AwardAnnual(ctx, a.DB, aw)
	return AwardResult{Outcomes: out}, classify(err)
}
