package workflows

import (
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

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
	pinned(w, Check)
	w.RegisterWorkflow(Campaign)
	w.RegisterWorkflow(Group)
	w.RegisterWorkflow(Unit)
	w.RegisterWorkflow(PublicNotice)
	w.RegisterWorkflow(Title)
	w.RegisterWorkflow(Rating)
	pinned(w, RoundLauncher)
	// Each kind of round: its round, and its branches' part if it has one.
	for _, k := range schedule.Kinds {
		rk := roundKinds[string(k.Kind)]
		w.RegisterWorkflow(rk.Round)
		if rk.Branch != nil {
			w.RegisterWorkflow(rk.Branch)
		}
	}
}

// pinned registers a workflow that lasts seconds as Pinned: under worker versioning it
// finishes on the build it began on. Every other workflow lasts weeks to years and is
// AutoUpgrade (the worker's default): it moves to a new build at its next task, and its code
// keeps every change behind workflow.GetVersion. Without versioning the behaviour is unused.
func pinned(w interface{ RegisterWorkflow(any) }, fn any) {
	if o, ok := w.(interface {
		RegisterWorkflowWithOptions(any, workflow.RegisterOptions)
	}); ok {
		o.RegisterWorkflowWithOptions(fn, workflow.RegisterOptions{VersioningBehavior: workflow.VersioningBehaviorPinned})
		return
	}
	w.RegisterWorkflow(fn)
}
