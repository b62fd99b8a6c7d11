package workflows

import (
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/points"
	"wenming/rules/rank"
	"wenming/rules/schedule"
	"wenming/rules/standard"
	"wenming/workflows/searchattr"
)

// Names of the rounds' and branches' updates.
const (
	UpdateBallotSheet = "ballot-sheet"
	UpdateSelfReport  = "self-report"
	UpdateAssess      = "assess"
	UpdateApprove     = "approve"
	UpdateViolation   = "violation"
)

// RoundWorkflowID is a round's id: pioneer/2026-Q4, redflag/2026-H2. Starting a period twice
// finds the same id, so it never runs twice.
func RoundWorkflowID(kind, period string) string { return kind + "/" + period }

// BranchWorkflowID is a branch's part in a round: pioneer/2026-Q4/branch/<branch>.
func BranchWorkflowID(roundID, branchID string) string { return roundID + "/branch/" + branchID }

// ParseBranchWorkflowID is the inverse of BranchWorkflowID.
func ParseBranchWorkflowID(id string) (roundID, branchID string, ok bool) {
	roundID, branchID, ok = strings.Cut(id, "/branch/")
	return roundID, branchID, ok && roundID != "" && branchID != ""
}

// RoundInput starts a round.
type RoundInput struct {
	Kind   string
	Period string
	Config schedule.Config
}

// RoundResult counts the outcomes.
type RoundResult struct {
	Outcomes map[string]int
}

// BranchInput starts a branch's part in a round.
type BranchInput struct {
	RoundID  string
	Kind     string
	Period   string
	BranchID string
	Members  int       // the branch's members when the round opened
	Deadline time.Time // pioneer: the voting deadline; red flag: self-reports due
	AssessBy time.Time // red flag: the committee's scores due (since redFlagWaits, overdue after)
	// RemindEvery is how often a wait past its time is chased (red flag: the committee's score).
	RemindEvery time.Duration `json:",omitempty"`
	ShareBP     int
	StandardID  string
	Timezone    string
	// Sheet is the branch's sheet, when its group took it and started the branch with it, and
	// SheetDigest the digest of its ballots as the group accepted them.
	Sheet       *BallotSheetRequest `json:",omitempty"`
	SheetDigest string              `json:",omitempty"`
	// EndsSettled: the group learns that the branch settled from its end, so the branch sends
	// no word (a group that takes sheets starts its branches so).
	EndsSettled bool `json:",omitempty"`
}

// BranchResult is how a branch's part ended.
type BranchResult struct {
	Settled string
}

// BallotSheetRequest hands in a branch's ballot sheet, copied into staging by the CLI under
// the submission's id: the workflow carries counts, never ballots.
type BallotSheetRequest struct {
	Submission
	Copy    string // the id the sheet's ballots were copied in under
	Present int
	Ballots int
	Forms   int
}

// ScoreRequest hands in a red-flag form: the branch's self-report or the committee's score.
type ScoreRequest struct {
	Submission
	Sheet standard.Sheet
	// Basis: the committee's assessment names the daily-assessment records (党办提供的日常考核
	// 依据) it rests on; a self-report has none.
	Basis string `json:",omitempty"`
}

// ApproveRequest is the committee's approval: all recommended names, but those struck.
type ApproveRequest struct {
	Submission
	Strikes []Strike
}

// ViolationRequest tells a running round of a violation recorded in its period (the id of
// its row): the round applies it by the stage it is at.
type ViolationRequest struct {
	Submission
	Violation string
}

// BranchTie is a tie at the cut of a branch whose recommendation was derived again (a member
// lost eligibility after the branch had recommended): the committee decides it on the round.
type BranchTie struct {
	Branch string
	Tie    rank.Tie
}

// LaunchInput is what a schedule starts: a round of a kind, for the period just ended.
type LaunchInput struct {
	Kind   string
	Config schedule.Config
	// Period, when set, is the period to evaluate (a backfill or a test); otherwise the one
	// just ended at the scheduled time.
	Period string
}

// LaunchResult says which round the launch is about, and whether it had already run.
type LaunchResult struct {
	RoundID    string
	AlreadyRan bool
}

// RoundStatus is where a round stands.
type RoundStatus struct {
	ID         string
	Kind       string
	Period     string
	Phase      string
	Next       msg.Text
	Branches   int
	Settled    int
	Proposed   int
	PendingTie *rank.Tie
	BranchTies []BranchTie `json:",omitempty"`
	Listed     int         `json:",omitempty"` // a year-end round: entries on its list
	Pending    []string    `json:",omitempty"` // a year-end round: the year's last rounds it waits for
	NoticeID   string
	Removed    []string
	Outcomes   map[string]int
}

// BranchStatus is where a branch stands in a round.
type BranchStatus struct {
	RoundID   string
	BranchID  string
	Deadline  time.Time
	AssessBy  time.Time
	Timezone  string // the round's, for showing its times
	Sheet     *BallotSheetRequest
	Tally     *activities.Tally
	SelfScore *points.Points
	Committee *points.Points
	Settled   string
	// OverdueSince: the committee's score is overdue since then (red flag, since redFlagWaits).
	OverdueSince time.Time
	// Proceeded: an administrator went on without the committee's score, for this reason.
	Proceeded string `json:",omitempty"`
}

// RoundAttributes are the search attributes of a round's workflows.
func RoundAttributes(roundID, kind, period string) temporal.SearchAttributes {
	return temporal.NewSearchAttributes(searchattr.RoundID.ValueSet(roundID), searchattr.RoundKind.ValueSet(kind),
		searchattr.Period.ValueSet(period))
}

func branchAttributes(roundID, kind, period, branchID string) temporal.SearchAttributes {
	return temporal.NewSearchAttributes(searchattr.RoundID.ValueSet(roundID), searchattr.RoundKind.ValueSet(kind),
		searchattr.Period.ValueSet(period), searchattr.BranchID.ValueSet(branchID))
}

// UpdateNominate is the year-end round's own update (it takes UpdateApprove and UpdateProceed
// too).
const UpdateNominate = "nominate"

// NominateRequest nominates a member (by their branch) or a branch (by the committee) for the
// year's title, with the reason.
type NominateRequest struct {
	Submission
	SubjectKind string // member or branch
	Subject     string
	Reason      string
}

// Strike is a name the committee strikes from a round's list, with why.
type Strike struct {
	Member string `json:"member"`
	Reason string `json:"reason"`
}
