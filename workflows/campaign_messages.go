package workflows

import (
	"time"

	"wenming/activities"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/rank"
)

// Names of a campaign workflow's updates.
const (
	UpdateVeto           = "veto"
	UpdateResolveTie     = "tie-resolve"
	UpdateExtendDeadline = "extend-deadline"
)

// CampaignInput starts a campaign: the validated plan, every time resolved.
type CampaignInput struct {
	Plan campaign.Plan
}

// CampaignResult counts the outcomes.
type CampaignResult struct {
	Outcomes map[string]int
}

// VetoRequest reports a veto event (一票否决) against a unit, with a reason from the
// standard's veto list.
type VetoRequest struct {
	Submission
	Unit   string
	Reason string
	Note   string
}

// TieRequest resolves the tie at the cut: which of the tied units are proposed.
type TieRequest struct {
	Submission
	Include []string
	Branch  string `json:",omitempty"` // a pioneer round's tie of a branch recommending again
}

// ExtendRequest moves a phase boundary later. A deadline that has passed (declare_by,
// accept_by) moves only with a reason, which the audit keeps.
type ExtendRequest struct {
	Submission
	Boundary campaign.Boundary
	To       time.Time
	Reason   string `json:",omitempty"`
}

// CampaignStatus is where a campaign stands, for `campaign status` and the Web UI.
type CampaignStatus struct {
	ID            string
	Title         string
	Phase         campaign.Phase
	PhaseName     string
	Timeline      campaign.Timeline
	Timezone      string
	Next          msg.Text // what the campaign waits for next, and until when
	Counts        activities.Counts
	Groups        int
	GroupsSettled int
	PendingTie    *rank.Tie
	Proposed      []string
	NoticeID      string
	Removed       []string
	Outcomes      map[string]int
	Vetoed        []VetoView
	Waiting       Waiting                 // whom the campaign waits for, and since when
	Excluded      []activities.UnitReason `json:",omitempty"` // by the discipline committee's opinion
	Returned      []activities.UnitReason `json:",omitempty"` // by the office at its audit
	Decision      *DecideRequest          `json:",omitempty"` // the deciding body's, once taken
}

// VetoView is a veto as status shows it.
type VetoView struct {
	Unit   string
	Reason string
}

// Names of the deciding steps' updates.
const (
	UpdateConsult = "consult" // the discipline committee's opinion on a proposed unit
	UpdateDecide  = "decide"  // the deciding body's decision, with its document number
	UpdateAudit   = "audit"   // the office's audit of the list before the notice (审核)
)

// ConsultRequest records the discipline committee's opinion (纪工委意见) on one proposed unit:
// no objection, or exclude it (with the reason).
type ConsultRequest struct {
	Submission
	Unit    string
	Exclude bool
	Note    string
}

// DecideRequest records the deciding body's decision: the document (文号) and its date, and
// the names it strikes, each with a reason.
type DecideRequest struct {
	Submission
	Document string
	On       string // the document's date, 2006-01-02
	Strike   []NameStruck
}

// AuditRequest is the office's audit of the list after the committee's opinions (审核): the
// list accepted as it is, but the names returned, each with a reason.
type AuditRequest struct {
	Submission
	Return []NameStruck `json:",omitempty"`
}

// NameStruck is a name the deciding body strikes from a campaign's list, with why: a unit, or
// a unit's person (unit/person).
type NameStruck struct {
	Unit   string
	Reason string
}
