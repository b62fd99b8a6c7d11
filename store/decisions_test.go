package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A decision on one unit is that unit's: the same submission id sent to two units records two
// decisions, each audited against its unit, and to the campaign another; the same one sent
// twice records it once.
func TestAUnitsDecisionIsTheUnits(t *testing.T) {
	at := time.Date(2027, 11, 2, 9, 0, 0, 0, time.UTC)
	db, ctx := twoAgencies(t, at)
	for _, unit := range []string{"a", "b", "a"} {
		require.NoError(t, RecordDecision(ctx, db, Decision{CampaignID: "c1", UnitID: unit, SubmissionID: "proceed-1", Kind: "proceed",
			Detail: map[string]any{"step": "inspect", "unit": unit}, By: "主任", At: at}))
	}
	// The campaign's own decision under the same id, and under the id a unit's once had.
	for _, id := range []string{"proceed-1", "unit/a/proceed-1"} {
		require.NoError(t, RecordDecision(ctx, db, Decision{CampaignID: "c1", SubmissionID: id, Kind: "proceed",
			Detail: map[string]any{"step": "consult"}, By: "主任", At: at}))
	}
	var keys []string
	require.NoError(t, db.SelectContext(ctx, &keys, `SELECT unit_id || ' ' || submission_id FROM campaign_decisions WHERE campaign_id = 'c1' ORDER BY 1`))
	assert.Equal(t, []string{" proceed-1", " unit/a/proceed-1", "a proceed-1", "b proceed-1"}, keys)
	var targets []string
	require.NoError(t, db.SelectContext(ctx, &targets, `SELECT target FROM audit_log WHERE kind = 'proceed' ORDER BY 1`))
	assert.Equal(t, []string{"campaign/c1", "campaign/c1", "campaign/c1/unit/a", "campaign/c1/unit/b"}, targets)
}
