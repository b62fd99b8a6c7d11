package workflows

import (
	"testing"

	"github.com/stretchr/testify/require"

	"wenming/testenv/histories"
)

// The workflows every recorded demo run goes through; each must have a recorded history.
var recordedTypes = []string{"Campaign", "Group", "Unit", "PublicNotice", "PioneerRound", "RedFlagRound", "PioneerBranch", "RedFlagBranch"}

// Histories recorded from a demo run (`go tool task histories`) replay on today's code: a
// change to a workflow that would break the campaigns and rounds already running fails here
// (guard such changes with workflow.GetVersion, then record again).
func TestRecordedHistoriesReplay(t *testing.T) {
	recorded, err := histories.Recorded("testdata/histories")
	require.NoError(t, err)
	for _, typ := range recordedTypes {
		require.Contains(t, recorded, typ, "a recorded history of %s under testdata/histories", typ)
	}
	for typ, path := range recorded {
		t.Run(typ, func(t *testing.T) {
			h, err := histories.Load(path)
			require.NoError(t, err)
			require.NotEmpty(t, h.Events)
			require.NoError(t, histories.Replay(RegisterWorkflows, h))
		})
	}
}
