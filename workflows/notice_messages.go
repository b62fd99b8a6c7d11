package workflows

import "time"

// Names of the public notice's messages.
const (
	UpdateFileObjection   = "objection-file"
	UpdateDecideObjection = "objection-decide"
)

// NoticeInput publishes a list for objections (公示).
type NoticeInput struct {
	NoticeID string // the notice workflow's id, e.g. campaign/<id>/notice
	Subject  string // the campaign or round the list belongs to
	Title    string
	Entries  []string // the proposed list: unit, member or branch ids
	// FromProposals publishes the subject round's proposed list from the database instead of
	// Entries: a province's round lists too many names to carry in a workflow's input.
	FromProposals bool
	Length        time.Duration
	Contact       string        // where objections go, as printed on the notice
	RemindEvery   time.Duration // after the end, how often undecided objections are chased
	Timezone      string        // for the times shown to people
	// DecideWithin is how long after the end undecided objections may still be decided; then
	// they lapse and hold their entries back. 0: the notice waits for every decision.
	DecideWithin time.Duration `json:",omitempty"`
	// OverdueAfter is how long after the end undecided objections should be decided (in
	// campaigns since office-waits-end's waitsOnlyRemind, instead of DecideWithin): then the
	// status and the details say they are overdue; the notice still waits for every decision.
	OverdueAfter time.Duration `json:",omitempty"`
}

// NoticeResult is the list after the notice.
type NoticeResult struct {
	Removed []string // entries whose objection was upheld
	// Withheld are entries whose objection lapsed undecided: not removed, not named either.
	Withheld   []string `json:",omitempty"`
	Objections int
	EndedAt    time.Time
}

// ObjectionRequest files an objection against an entry of the list.
type ObjectionRequest struct {
	Submission
	Entry   string
	Reason  string
	Contact string // how to reach whoever objects; may be empty (anonymous)
}

// ObjectionDecisionRequest decides an objection: uphold removes the entry, dismiss keeps it.
type ObjectionDecisionRequest struct {
	Submission
	Objection int
	Decision  string // uphold or dismiss
	Note      string
}

// NoticeStatus is where a notice stands.
type NoticeStatus struct {
	NoticeID   string
	Title      string
	Entries    []string
	StartsAt   time.Time
	EndsAt     time.Time
	Ended      bool
	Listed     int
	Objections []ObjectionView
	Undecided  int
	// OverdueSince, when set, is when the time to decide the undecided objections passed.
	OverdueSince time.Time `json:",omitzero"`
}

// ObjectionView is an objection as status shows it.
type ObjectionView struct {
	No       int
	Entry    string
	Reason   string
	Decision string
}
