package workflows

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/activities"
	"wenming/rules/schedule"
)

// Every kind of the registry has workflows that run it; a kind without them would not start.
func TestEveryKindOfRoundHasItsWorkflows(t *testing.T) {
	for _, k := range schedule.Kinds {
		rk, ok := roundKinds[string(k.Kind)]
		assert.True(t, ok, "%s has workflows", k.Kind)
		assert.NotNil(t, rk.Round, k.Kind)
		assert.Equal(t, k.Award != "", rk.Branch != nil, "%s: a kind with a rotating honor runs its branches", k.Kind)
		assert.Equal(t, k.PerBranch, rk.Branch != nil, "%s: the registry's PerBranch says whether the kind has a branch workflow", k.Kind)
		assert.False(t, k.TakesSheets && !k.PerBranch, "%s: only branches hand in sheets", k.Kind)
		assert.NotNil(t, rk.Award, k.Kind)
		fn, ok := RoundWorkflow(string(k.Kind))
		assert.True(t, ok)
		assert.NotNil(t, fn)
		assert.Equal(t, k.Title+" 2026-X", roundSummary(string(k.Kind), "2026-X"))
	}
	assert.Len(t, roundKinds, len(schedule.Kinds), "no workflows for a kind the registry lacks")
}

// Every activity has its Chinese summary for the Web UI (and English, by the catalogue's own
// test): an activity added without one fails here.
func TestEveryActivityHasASummary(t *testing.T) {
	typ := reflect.TypeOf(&activities.Activities{})
	require.Positive(t, typ.NumMethod())
	for i := range typ.NumMethod() {
		name := typ.Method(i).Name
		_, ok := activitySummary(name)
		assert.True(t, ok, "activity %s has no activity.%s in msg/zh.yaml", name, name)
	}
}
