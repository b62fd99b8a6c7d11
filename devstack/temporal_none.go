//go:build nodevstack

package devstack

import (
	"context"

	"wenming/msg"
)

// This build leaves the embedded Temporal server and Web UI out (the production worker,
// built with -tags nodevstack): it runs against a cluster only.

// Available says whether this build embeds the dev stack.
const Available = false

// Temporal stands for the embedded server this build does not have.
type Temporal struct {
	Address   string
	UIAddress string
}

// StartTemporal says that this build has no embedded server.
func StartTemporal(context.Context, TemporalOptions) (*Temporal, error) {
	return nil, msg.Err("devstack.none")
}

// Stop does nothing: nothing was started.
func (t *Temporal) Stop() {}
