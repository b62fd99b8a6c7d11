package workflows

import "wenming/msg"

// Signals between an owner (a campaign or a round), its groups and their members.
const (
	SignalGroupReady   = "group-ready"
	SignalGroupSettled = "group-settled"
)

// UpdateBallotSheets hands a group the sheets of its branches at once (`ballots import-all`
// sends one per group): one message and one transaction for up to a group's worth of sheets,
// instead of one update per branch.
const UpdateBallotSheets = "ballot-sheets"

// BallotSheetsRequest is a batch of sheets for the branches of one group. Each sheet carries
// its own submission (its content's id): a sheet sent again is answered as received before.
type BallotSheetsRequest struct {
	Submission
	Sheets []BranchSheet
}

// BranchSheet is one branch's sheet in a batch.
type BranchSheet struct {
	Branch string
	Sheet  BallotSheetRequest
}

// SheetsReceipt answers a batch sheet by sheet, in the order sent.
type SheetsReceipt struct {
	SubmissionID string
	Sheets       []SheetAnswer
}

// SheetAnswer is how one sheet of a batch fared: its receipt, or the reason it was refused.
type SheetAnswer struct {
	Branch  string
	Receipt Receipt
	Refused *msg.Text `json:",omitempty"`
}
