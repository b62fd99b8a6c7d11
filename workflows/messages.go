package workflows

// Names shared by every workflow of the product.
const (
	// QueryStatus answers where a campaign, unit, round, branch or notice stands.
	QueryStatus = "status"
	// SignalMemberSettled tells a group that one member (a campaign's unit or a round's
	// branch) is ready for the review. Its name on the wire predates branches.
	SignalMemberSettled = "unit-settled"
)
