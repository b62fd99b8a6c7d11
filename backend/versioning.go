package backend

import (
	"os"

	"github.com/spf13/pflag"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"wenming/connect"
	"wenming/msg"
	"wenming/version"
)

// Versioning opts the worker into Temporal's worker versioning: it polls as one version (the
// build id) of a worker deployment, and the operators move workflows from build to build with
// the temporal CLI (docs/operations.md). Long-running workflows are AutoUpgrade, the
// seconds-long ones Pinned (workflows.RegisterWorkflows). Without a deployment name the worker
// is unversioned, as before.
type Versioning struct {
	Deployment string
	BuildID    string
}

// Register adds the versioning flags, each defaulting to its environment variable.
func (v *Versioning) Register(fs *pflag.FlagSet) {
	fs.StringVar(&v.Deployment, "deployment-name", os.Getenv("WENMING_DEPLOYMENT_NAME"),
		"worker versioning: the worker deployment this worker is a version of, e.g. wenming (env WENMING_DEPLOYMENT_NAME; empty: unversioned)")
	fs.StringVar(&v.BuildID, "build-id", connect.Env("WENMING_BUILD_ID", version.Version),
		"worker versioning: this build's id (env WENMING_BUILD_ID; default: the version go tool task build stamped)")
}

// Check refuses a versioned worker without a real build id: every unstamped build says "dev",
// and two different builds under one id would defeat the versioning.
func (v Versioning) Check() error {
	if v.Deployment != "" && (v.BuildID == "" || v.BuildID == "dev") {
		return msg.Err("worker.versioning.build_id")
	}
	return nil
}

// options are the SDK's deployment options of the settings.
func (v Versioning) options() worker.DeploymentOptions {
	if v.Deployment == "" {
		return worker.DeploymentOptions{}
	}
	return worker.DeploymentOptions{
		UseVersioning:             true,
		Version:                   worker.WorkerDeploymentVersion{DeploymentName: v.Deployment, BuildID: v.BuildID},
		DefaultVersioningBehavior: workflow.VersioningBehaviorAutoUpgrade,
	}
}
