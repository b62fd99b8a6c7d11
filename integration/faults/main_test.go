// Package faults runs the demo's campaign and rounds while their parts fail: worker processes killed with SIGKILL, the Temporal server restarted, PostgreSQL stopped, workers started during an outage or stopped during a write.
package faults

import (
	"testing"

	"wenming/integration/e2e"
)

func TestMain(m *testing.M) { e2e.Main(m) }
