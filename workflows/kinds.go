package workflows

import (
	"wenming/rules/schedule"
)

// Kinds of round, as in workflow ids and search attributes.
const (
	KindPioneer = string(schedule.Pioneer)
	KindRedFlag = string(schedule.RedFlag)
	KindAnnual  = string(schedule.Annual)
)

// roundKind is what runs a kind of round: the rest of what a kind is (its names, period,
// honors) is its schedule.KindSpec.
type roundKind struct {
	Round  any // the round's workflow
	Branch any // the workflow of a branch's part in it (none for the year-end round)
	Award  any // the activity that writes its results and honors
}

// roundKinds has an entry for every kind of schedule.Kinds (a test checks); it is only
// looked up, never iterated.
var roundKinds map[string]roundKind

// The table is filled in init: the workflows it names reach back to it (a round starts its
// groups, a group its branches).
func init() {
	roundKinds = map[string]roundKind{
		KindPioneer: {Round: PioneerRound, Branch: PioneerBranch, Award: acts.AwardPioneer},
		KindRedFlag: {Round: RedFlagRound, Branch: RedFlagBranch, Award: acts.AwardRedFlag},
		KindAnnual:  {Round: AnnualRound, Award: acts.AwardAnnual},
	}
}

// RoundWorkflow is the workflow that runs a kind of round.
func RoundWorkflow(kind string) (any, bool) {
	k, ok := roundKinds[kind]
	return k.Round, ok
}

// spec is the kind's entry in the registry of kinds.
func spec(kind string) schedule.KindSpec { return schedule.MustSpec(schedule.Kind(kind)) }
