package workflows

import (
	"go.temporal.io/sdk/worker"

	"wenming/activities"
	"wenming/rules/schedule"
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
	w.RegisterWorkflow(Title)
	w.RegisterWorkflow(RoundLauncher)
	// Each kind of round: its round, and its branches' part if it has one.
	for _, k := range schedule.Kinds {
		rk := roundKinds[string(k.Kind)]
		w.RegisterWorkflow(rk.Round)
		if rk.Branch != nil {
			w.RegisterWorkflow(rk.Branch)
		}
	}
}
