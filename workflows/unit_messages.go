package workflows

import (
	"time"

	"wenming/activities"
	"wenming/rules/campaign"
	"wenming/rules/points"
	"wenming/rules/standard"
)

// Names of a unit workflow's messages.
const (
	UpdateTaskReport = "task-report"
	UpdateSelfCheck  = "selfcheck"
	UpdateDeclare    = "declare"
	UpdateInspect    = "inspect"
	UpdateRectify    = "rectify"
	SignalVeto       = "veto"
	SignalExtend     = "extend"
	SignalClose      = "close"
)

// UnitInput starts a unit's part in a campaign.
type UnitInput struct {
	CampaignID     string
	UnitID         string
	StandardID     string
	Timeline       campaign.Timeline
	Timezone       string
	ReportMaxChars int
	// Group is the workflow id of the group the unit reports to; empty (runs started before
	// it was set): the workflow that started the unit.
	Group string
	// HistoryLimit is the history length at which the workflow continues as new (0: default).
	HistoryLimit int
	// ReviewMaterials: the office reviews each declaration before it is inspected (初步审查).
	// False in campaigns started before the review was a step.
	ReviewMaterials bool `json:",omitempty"`
	// Declaring holds the plan's rules of who may declare, with what; nil in campaigns started
	// before they were checked.
	Declaring *campaign.DeclarationRules `json:",omitempty"`
	// Checks are the plan's inspections before the final acceptance.
	Checks []campaign.CheckRound `json:",omitempty"`
	// DeclaringNotice is the notice before declaring; nil when the campaign has none.
	DeclaringNotice *campaign.DeclaringNotice `json:",omitempty"`
	// Nominating: the campaign names people (文明标兵) the unit nominates; nil when it names
	// units. Such a campaign has no standard: nothing is scored.
	Nominating *campaign.NominationRules `json:",omitempty"`
	// Carry is the state handed over by continue-as-new.
	Carry *UnitState
}

// UnitState is what a unit's workflow knows; small, and carried over continue-as-new.
type UnitState struct {
	Timeline       campaign.Timeline
	Tasks          []activities.TaskRef
	Progress       map[string]int // task id -> percent; looked up, never iterated for decisions
	SelfCheck      *ScoreSummary
	Declared       bool
	Inspection     *ScoreSummary
	Rectifications []activities.RectificationRef `json:"Notices"` // wire name from before the word
	Vetoed         string
	Settled        string // why the unit is settled for review; empty while it is not
	Closed         bool
	Seen           seenSet
	Review         *MaterialsReview `json:",omitempty"` // the preliminary review of the declaration
	// DeclaringNotice is the declaration's notice before declaring, once declared.
	DeclaringNotice *DeclaringNoticeState `json:",omitempty"`
	// Checks are the unit's scores in the checks before the final acceptance, in order.
	Checks []CheckView `json:",omitempty"`
	// Nominees are the people the unit nominated, in order (a campaign naming people).
	Nominees []NomineeState `json:",omitempty"`
	// WaitsForInspection: the acceptance deadline passed with the unit declared and not
	// inspected, and it waits on, overdue (inspectionWaits), for the inspectors or an
	// administrator's decision to proceed without them.
	WaitsForInspection bool `json:",omitempty"`
	// ProceededWithout is that administrator's reason: the unit goes to the review not inspected.
	ProceededWithout string `json:",omitempty"`
	// OverdueShown: the WenmingOverdueSince search attribute shows that wait (overdueSearchAttribute).
	OverdueShown bool `json:",omitempty"`
}

// ScoreSummary is a scored sheet, without its rows.
type ScoreSummary struct {
	SubmissionID string
	Base         points.Points
	Bonus        points.Points
	Total        points.Points
	Eligible     bool
	Problems     int
}

// UnitResult is how a unit's part ended.
type UnitResult struct {
	Settled string
}

// TaskReportRequest reports progress on a task (0..100%).
type TaskReportRequest struct {
	Submission
	Task    string
	Percent int
	Note    string
}

// SelfCheckRequest hands in the unit's self-score sheet (自评表).
type SelfCheckRequest struct {
	Submission
	Sheet standard.Sheet
}

// DeclareRequest declares (申报) with the report and the discipline-inspection opinion.
type DeclareRequest struct {
	Submission
	Report  string
	Opinion string
	// Recommendation is the recommendation opinion (推荐意见) of the body the plan names.
	Recommendation string `json:",omitempty"`
	// Summary is the form's 简介 (创建工作主要成绩和经验).
	Summary string `json:",omitempty"`
}

// InspectRequest hands in the inspectors' actual score and the problems they found.
type InspectRequest struct {
	Submission
	Sheet    standard.Sheet
	Findings []Finding
	// Check names an inspection before the final acceptance (the plan's checks); empty (or
	// "final") is the final acceptance.
	Check string `json:",omitempty"`
}

// RectifyRequest acts on a rectification (整改通知): close (the unit), verify or reopen
// (inspectors).
type RectifyRequest struct {
	Submission
	Rectification int `json:"Notice"` // its number; the wire name predates the word
	Action        string
	Note          string
}

// VetoSignal tells a unit it was vetoed.
type VetoSignal struct {
	VetoID string
}

// UnitStatus is where a unit stands, for status and the Web UI.
type UnitStatus struct {
	CampaignID     string
	UnitID         string
	Phase          campaign.Phase
	Timeline       campaign.Timeline
	Tasks          []TaskStatus
	SelfCheck      *ScoreSummary
	Declared       bool
	Inspection     *ScoreSummary
	Rectifications []activities.RectificationRef `json:"Notices"`
	Vetoed         string
	Settled        string
	Review         *MaterialsReview `json:",omitempty"`
	// DeclaringNotice is where the declaration's notice before declaring stands.
	DeclaringNotice *DeclaringNoticeState `json:",omitempty"`
	// Checks are the unit's scores in the checks before the final acceptance.
	Checks []CheckView `json:",omitempty"`
	// Nominees are the people the unit nominated (a campaign naming people).
	Nominees []NomineeState `json:",omitempty"`
	// InspectionOverdue: declared, not inspected at the acceptance deadline, and still waiting
	// for the inspectors or an administrator's decision to proceed without them.
	InspectionOverdue bool `json:",omitempty"`
}

// TaskStatus is a task's progress.
type TaskStatus struct {
	ID       string
	Title    string
	Deadline time.Time
	Percent  int
}

// UpdateNominatePerson is a unit's nomination of one person (the year-end round's nominations
// share the word, on another workflow).
const UpdateNominatePerson = "nominate"

// PersonNominationRequest is one person nominated by the unit (the form of 附件7). Sent again for the
// same person before the declaration (or while it is sent back for correction) it corrects
// the nomination.
type PersonNominationRequest struct {
	Submission
	Person         string   // the person's id, unique in the unit
	Name           string   // 姓名
	Post           string   // 单位及职务
	Categories     []string // 推荐类别: the words, or their numbers on the form
	Deeds          string   // 事迹材料
	Recommendation string   // 推荐意见
}

// UpdateReviewDeclaration is the office's preliminary review (初步审查) of a declaration.
const UpdateReviewDeclaration = "review-declaration"

// Verdicts of the preliminary review.
const (
	ReviewAccept   = "accept"    // the materials are in order: the unit may be inspected
	ReviewReturn   = "return"    // sent back for correction by a deadline, with a note
	ReviewTurnDown = "turn_down" // turned down, with a reason (outcome turned_down)
)

// ReviewDeclarationRequest is the office's verdict on a unit's declared materials.
type ReviewDeclarationRequest struct {
	Submission
	Verdict   string
	Note      string
	FixWithin time.Duration // a return: how long the unit has to correct and declare again
}

// Finding is a problem an inspection found, as the inspectors hand it in: it becomes a
// rectification notice. Its shape is the request's, kept here (activities.Finding is what the
// worker writes; the two are converted, never shared, so that neither changes the other).
type Finding struct {
	Item    string `json:"item"`
	Size    string `json:"size"` // activities.Small or activities.Big
	Problem string `json:"problem"`
}
