package workflows

import (
	"time"

	"wenming/activities"
	"wenming/rules/campaign"
	"wenming/rules/standard"
)

// RatingInput starts a rating campaign (星级评定): its resolved plan (subject rating).
type RatingInput struct {
	Plan campaign.Plan
	// HistoryLimit is the history length at which the workflow continues as new between two
	// rounds (0: the default); Carry is where the run before it left off.
	HistoryLimit int          `json:",omitempty"`
	Carry        *RatingCarry `json:",omitempty"`
}

// RatingCarry is what a rating campaign's run hands the next when it continues as new between
// rounds: the round to open next, every unit's rectification notices, the rounds closed.
// Submissions taken before it are not carried: one sent again is checked anew (an inspection
// of a closed round, or a step a notice has already taken, is refused and changes nothing).
type RatingCarry struct {
	Round     int           // the index of the next round to open
	Notices   []UnitNotices `json:",omitempty"` // in the plan's unit order; units with none left out
	Closed    []RoundView   `json:",omitempty"` // the changes of grade of the last only (the others' are in rating_results)
	Reminders int           `json:",omitempty"`
	Checks    int           `json:",omitempty"` // progress checks held
}

// UnitNotices are how many rectification notices a unit has been issued (numbered from 1),
// and those not yet verified: a verified notice takes no further step.
type UnitNotices struct {
	Unit   string
	Issued int
	Open   []activities.RectificationRef `json:",omitempty"`
}

// RatingResult is how a rating campaign ended: its rounds, each with its changes of grade.
type RatingResult struct {
	Rounds []RoundView
}

// RatingWorkflowID is the id of a rating campaign's workflow.
func RatingWorkflowID(campaignID string) string { return "rating/" + campaignID }

// RateRequest is an inspection of a unit in a rating round: the score sheet and the problems
// found (each a rectification notice; on a deduction form without a list, each problem row).
type RateRequest struct {
	Submission
	Unit     string
	Round    string
	Sheet    standard.Sheet
	Findings []Finding `json:",omitempty"`
}

// SkipRequest is an administrator's decision to leave a unit uninspected in a round (it keeps
// the grade it held), with the reason.
type SkipRequest struct {
	Submission
	Unit   string
	Round  string
	Reason string
}

// RatingRectifyRequest acts on one of a unit's rectification notices in a rating campaign.
type RatingRectifyRequest struct {
	Submission
	Unit          string
	Rectification int    // the notice's number
	Action        string // close (the unit), verify or reopen (the inspectors)
	Note          string
}

// RoundView is a closed round: how many units were inspected or skipped, and whose grade changed.
type RoundView struct {
	ID, Name           string
	Inspected, Skipped int
	Changes            []activities.GradeChange `json:",omitempty"`
}

// RatingStatus is where a rating campaign stands, for status and the Web UI.
type RatingStatus struct {
	Campaign, Title string
	Timezone        string
	Units, Rounds   int
	Round           string    // the open round's id; "" between rounds and after the last
	RoundName       string    `json:",omitempty"`
	Opens, Due      time.Time `json:",omitzero"`
	NextOpens       time.Time `json:",omitzero"` // when the next round opens, between rounds
	Inspected       int       // units inspected in the open round
	Skipped         int       // units left uninspected in it, by the office's decision
	Waiting         []string  `json:",omitempty"` // units not yet inspected in it, in plan order
	OverdueSince    time.Time `json:",omitzero"`
	Unverified      int       // rectification notices not yet verified
	Closed          []RoundView
	Done            bool
}

// step is the request as a step on the unit's notices.
func (r RatingRectifyRequest) step() RectifyRequest {
	return RectifyRequest{Submission: r.Submission, Rectification: r.Rectification, Action: r.Action, Note: r.Note}
}
