package workflows

import (
	"go.temporal.io/sdk/worker"

	"wenming/activities"
)

// Register registers every workflow and the activities on a worker.
func Register(w worker.Registry, acts *activities.Activities) {
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
	w.RegisterActivity(acts)
}
