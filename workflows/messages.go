package workflows

// Names shared by every workflow of the product.
const (
	// QueryStatus answers where a campaign, unit, round, branch or notice stands.
	QueryStatus = "status"
	// SignalMemberSettled tells a group that one member (a campaign's unit or a round's
	// branch) is ready for the review. Its name on the wire predates branches.
	SignalMemberSettled = "unit-settled"
)

// UpdateProceed is an administrator's decision to go on past a wait for people, with the
// reason: a year-end round without the year's last rounds; a campaign whose discipline
// committee's time has passed, without its missing opinions (StepConsult); a declared unit whose
// inspection's time has passed, without its inspection (StepInspect); a red-flag branch whose
// assessment's time has passed, without the committee's score (StepAssess).
const UpdateProceed = "proceed"

// The steps an administrator may proceed past.
const (
	StepConsult = "consult" // the discipline committee's opinions
	StepInspect = "inspect" // a declared unit's inspection
	StepAssess  = "assess"  // a red-flag branch's assessment by the committee
)

// ProceedRequest goes on past a wait, saying why. A year-end round has one wait, so no Step.
type ProceedRequest struct {
	Submission
	Step   string `json:",omitempty"`
	Reason string
}
