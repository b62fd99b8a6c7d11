package workflows

import (
	"time"

	"wenming/rules/timeline"
	"wenming/rules/title"
)

// UpdateTitle is a decision about a title.
const UpdateTitle = "title"

// DefaultTitleTerm is a title's term when renewed: two years (seed 003 篇4: 两年一个周期).
const DefaultTitleTerm = 2 * 365 * timeline.Day

// TitleInput starts a title's workflow.
type TitleInput struct {
	TitleID int64
	Kind    string
	Unit    string
	Name    string       // e.g. 市直机关文明单位
	Status  title.Status // as the register has it when the workflow starts
	TermEnd time.Time    `json:",omitempty"` // zero: the title has no term
	// Term is the length of a renewed term (default two years); Reinspections are the
	// re-inspections (复查) due during the term, each brought to the office when it is due.
	Term          time.Duration `json:",omitempty"`
	Reinspections []time.Time   `json:",omitempty"`
	RectifyBy     time.Time     `json:",omitempty"`
	RemindEvery   time.Duration `json:",omitempty"` // an overdue rectification comes back this often (default 7d)
	Timezone      string
	HistoryLimit  int         `json:",omitempty"`
	Carry         *TitleState `json:",omitempty"`
}

// TitleState is what a title's workflow knows; carried over continue-as-new.
type TitleState struct {
	Status       title.Status
	TermEnd      time.Time `json:",omitempty"`
	RectifyBy    time.Time `json:",omitempty"`
	Reminders    int       // reminders of the overdue rectification sent
	Reinspected  int       // re-inspections that have come due
	Seen         seenSet
	LastDecision string `json:",omitempty"`
}

// TitleRequest is a decision about a title: the action, why, and the document if there is
// one; a rectification gives the time the holder has.
type TitleRequest struct {
	Submission
	Action   title.Action
	Reason   string
	Document string
	Within   time.Duration
	Veto     *TitleVeto `json:",omitempty"` // a revocation for a veto event after the campaign's end
}

// TitleStatus is what `title show` prints of the workflow.
type TitleStatus struct {
	TitleID          int64
	Kind, Unit       string
	Name             string
	Status           title.Status
	TermEnd          time.Time `json:",omitempty"`
	RectifyBy        time.Time `json:",omitempty"`
	Reminders        int
	NextReinspection time.Time `json:",omitempty"`
}

// TitleVeto is the veto event (一票否决) for which a title is revoked after its campaign
// ended: the campaign, the veto's id on its list and its words, and the office's note.
type TitleVeto struct {
	CampaignID string
	VetoID     string
	VetoText   string
	Note       string `json:",omitempty"`
}
