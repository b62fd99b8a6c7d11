package workflows

import (
	"go.temporal.io/sdk/worker"

	"wenming/activities"
)

// Register registers every workflow and the activities on a worker.
func Register(w worker.Registry, acts *activities.Activities) {
	RegisterWorkflows(w)
	w.RegisterActivity(acts)
}

// RegisterWorkflows registers every workflow: on a worker, or on a replayer that checks
// recorded histories against the code.
func RegisterWorkflows(w interface{ RegisterWorkflow(any) }) {
	w.RegisterWorkflow(Check)
	w.RegisterWorkflow(Campaign)
	w.RegisterWorkflow(Group)
	w.RegisterWorkflow(Unit)
	w.RegisterWorkflow(PublicNotice)
	w.RegisterWorkflow(PioneerRound)
	w.RegisterWorkflow(RedFlagRound)
	w.RegisterWorkflow(PioneerBranch)
	w.RegisterWorkflow(RedFlagBranch)
	w.RegisterWorkflow(RoundLauncher)
}
