package workflows

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"wenming/activities"
)

func TestAConvertedListKeepsItsShape(t *testing.T) {
	toPayload := func(s Strike) activities.Strike { return activities.Strike(s) }
	assert.Nil(t, converted([]Strike(nil), toPayload), "missing stays missing")
	empty := converted([]Strike{}, toPayload)
	assert.NotNil(t, empty, "empty stays empty: recorded as [] not null")
	assert.Empty(t, empty)
	assert.Equal(t, []activities.Strike{{Member: "m4", Reason: "群众反映较多"}}, converted([]Strike{{Member: "m4", Reason: "群众反映较多"}}, toPayload))
}
