package activities

import (
	"time"

	"wenming/rules/campaign"
	"wenming/rules/rank"
	"wenming/rules/standard"
	"wenming/store"
)

// The payloads that workflows and activities exchange. They are the workflows' contract, kept
// in workflow histories for as long as a campaign runs; the store's rows are not. Each is
// converted to or from the store's type here, so a column added to a table changes a
// payload only when someone decides it should (the conversion stops compiling first).

// Words of the contract that the store also uses.
const (
	Uphold       = store.Uphold  // an objection upheld: its entry leaves the list
	Dismiss      = store.Dismiss // an objection dismissed: its entry stays
	Lapsed       = store.Lapsed  // an objection undecided in the time given: its entry is held back
	Small        = store.Small   // a small problem found at inspection
	Big          = store.Big     // a big one
	ActionClose  = store.ActionClose
	ActionVerify = store.ActionVerify
	ActionReopen = store.ActionReopen
)

// Submission says which unit's submission a write records, and who sent it when.
type Submission struct {
	CampaignID   string
	UnitID       string
	SubmissionID string
	By           string
	At           time.Time
	Workflow     string `json:",omitempty"` // the workflow that took it, when not the unit's own (a rating campaign's)
}

func (s Submission) store() store.Submission { return store.Submission(s) }

// TaskReport is progress on a task.
type TaskReport struct {
	Submission
	TaskID  string
	Percent int
	Note    string
}

// ScoreSheet is a scored sheet: the unit's self-score or the inspectors' actual score.
type ScoreSheet struct {
	Submission
	Kind   string // "self" or "actual"
	Sheet  standard.Sheet
	Result standard.Result
}

func (s ScoreSheet) store() store.ScoreSheet {
	return store.ScoreSheet{Submission: s.Submission.store(), Kind: s.Kind, Sheet: s.Sheet, Result: s.Result}
}

// Declaration is a unit's declaration (申报).
type Declaration struct {
	Submission
	Report      string
	Opinion     string
	UnderReview bool `json:",omitempty"` // the office reviews the materials before inspection
	// Recommendation is the recommendation opinion (推荐意见). Rules are the plan's rules of
	// who may declare (nil in campaigns started before they were checked), read in Timezone.
	Recommendation string                     `json:",omitempty"`
	Summary        string                     `json:",omitempty"` // the form's 简介
	Rules          *campaign.DeclarationRules `json:",omitempty"`
	Timezone       string                     `json:",omitempty"`
	// OnNotice: the declaration is first put on notice inside its unit (申报前公示).
	OnNotice bool `json:",omitempty"`
}

// DeclaringNoticeResult is how a declaration's notice before declaring ended: passed (it
// stands, and waits for the review when UnderReview) or removed.
type DeclaringNoticeResult struct {
	CampaignID  string
	UnitID      string
	Status      string
	UnderReview bool
	At          time.Time
	Removed     []string `json:",omitempty"` // nominees (person ids) an upheld objection took off
}

// PersonNomination is a unit's nominee for a model-individual title (文明标兵, the form of 附件7).
type PersonNomination struct {
	Submission
	PersonID       string
	Name           string
	Post           string // 单位及职务
	Categories     []string
	Deeds          string // 事迹材料
	Recommendation string // 推荐意见
	Rules          campaign.NominationRules
	Source         string
}

// DeclarationReview is the office's verdict on a declaration's materials (初步审查).
type DeclarationReview struct {
	Submission
	Status string // accepted, returned or turned_down
	Note   string
	FixBy  time.Time `json:",omitempty"` // returned: the correction's deadline
}

// Finding is a problem found at inspection.
type Finding struct {
	Item    string `json:"item"`
	Size    string `json:"size"` // Small or Big
	Problem string `json:"problem"`
}

// Inspection is the inspectors' score and findings.
type Inspection struct {
	ScoreSheet
	Findings []Finding
	SmallFix campaign.FixRule
	BigFix   campaign.FixRule
	Timezone string
}

// Rectification is an action on a rectification (整改通知: a problem the inspectors found,
// to be fixed by a deadline; not to be confused with the public notice, 公示).
type Rectification struct {
	Submission
	No       int `json:"NoticeNo"` // the rectification's number (its wire name predates the word)
	Action   string
	Note     string
	Fix      campaign.FixRule
	Timezone string
}

// RectificationRef is a rectification as it stands.
type RectificationRef struct {
	No       int
	Size     string
	Deadline time.Time
	Status   string
}

// TaskRef is one of a unit's tasks.
type TaskRef struct {
	ID       string
	Title    string
	Deadline time.Time
}

// Veto is a veto event recorded against a unit.
type Veto struct {
	Submission
	VetoID      string
	VetoText    string
	Note        string
	Phase       string
	AfterNaming bool // a named unit loses its title (撤销)
}

// Decision is an administrator's decision in a campaign: a tie resolved, a deadline moved.
type Decision struct {
	CampaignID string
	// UnitID names the unit a decision on one unit is about (proceeding without its
	// inspection); "" for a decision on the whole campaign.
	UnitID       string
	SubmissionID string
	Kind         string // tie or extend
	Detail       any
	By           string
	At           time.Time
}

// PublicNotice is a list published for objections.
type PublicNotice struct {
	NoticeID string
	Subject  string
	Title    string
	Contact  string
	Entries  []string
	StartsAt time.Time
	EndsAt   time.Time
}

// Objection is an objection filed against an entry of a notice.
type Objection struct {
	NoticeID     string
	No           int
	SubmissionID string
	EntryID      string
	Reason       string
	Contact      string
	By           string
	At           time.Time
}

// ObjectionDecision decides an objection.
type ObjectionDecision struct {
	NoticeID     string
	No           int
	SubmissionID string
	Decision     string
	Note         string
	By           string
	At           time.Time
}

// Strike is a name the committee strikes from a round's recommendations, with the reason.
type Strike struct {
	Member string `json:"member"`
	Reason string `json:"reason"`
}

// Approval is the committee's approval of a pioneer round's recommendations.
type Approval struct {
	RoundID      string
	SubmissionID string
	Strikes      []Strike
	By           string
	At           time.Time
}

// RedFlagScore is a branch's self-report or the committee's score.
type RedFlagScore struct {
	RoundID      string
	BranchID     string
	Kind         string // self or committee
	SubmissionID string
	Result       standard.Result
	Basis        string // the committee's: the daily-assessment records its score rests on
	By           string
	At           time.Time
}

// CopyOf names a copy of a branch's sheet by what it was copied for (see store.CopyOf).
type CopyOf struct {
	CopyID       string
	RoundID      string
	BranchID     string
	SubmissionID string
}

// SheetAcceptance accepts a branch's ballot sheet, copied in by the office.
type SheetAcceptance struct {
	RoundID      string
	BranchID     string
	SubmissionID string
	CopyID       string
	Present      int
	Ballots      int
	Forms        int
	By           string
	At           time.Time
}

// Tally is a branch's count of its ballots.
type Tally struct {
	Members     int
	Limit       int // how many may be recommended: the share of the members, rounded down
	Candidates  int // candidates with ballots
	Recommended []string
	Pending     *rank.Tie // a tie at the cut: the committee decides
}

// Opened is a round as it opened.
type Opened struct {
	Branches []string // the branches whose workflows run
	Sizes    []int    // members of each of Branches
	Members  int
	Eligible int
}

// ReviewResult is a ranking under a quota.
type ReviewResult struct {
	Candidates int
	Proposed   []string
	Pending    *rank.Tie
}

// Counts are a campaign's units by where they stand.
type Counts struct {
	Units                 int `json:"units"`
	SelfChecked           int `json:"self_checked"`
	Declared              int `json:"declared"`
	Inspected             int `json:"inspected"`
	OpenRectifications    int `json:"open_notices"`
	OverdueRectifications int `json:"overdue_notices"`
	OverdueTasks          int `json:"overdue_tasks"`
	Vetoed                int `json:"vetoed"`
}

// Supervision is what a progress check found.
type Supervision struct {
	Counts
	NewlyOverdueTasks          int
	NewlyOverdueRectifications int `json:"NewlyOverdueNotices"`
	Reminders                  int
}

func counts(c store.Counts) Counts {
	return Counts{Units: c.Units, SelfChecked: c.SelfChecked, Declared: c.Declared, Inspected: c.Inspected,
		OpenRectifications: c.OpenNotices, OverdueRectifications: c.OverdueNotices, OverdueTasks: c.OverdueTasks, Vetoed: c.Vetoed}
}

func rectificationRefs(rows []store.NoticeRef) []RectificationRef {
	if rows == nil {
		return nil
	}
	out := make([]RectificationRef, len(rows))
	for i, r := range rows {
		out[i] = RectificationRef(r)
	}
	return out
}

func taskRefs(rows []store.TaskRef) []TaskRef {
	if rows == nil {
		return nil
	}
	out := make([]TaskRef, len(rows))
	for i, r := range rows {
		out[i] = TaskRef(r)
	}
	return out
}

func findings(in []Finding) []store.Finding {
	if in == nil {
		return nil
	}
	out := make([]store.Finding, len(in))
	for i, f := range in {
		out[i] = store.Finding(f)
	}
	return out
}

func strikes(in []Strike) []store.Strike {
	if in == nil {
		return nil
	}
	out := make([]store.Strike, len(in))
	for i, s := range in {
		out[i] = store.Strike(s)
	}
	return out
}
