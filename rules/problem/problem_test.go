package problem

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestListNamesFileLineAndField(t *testing.T) {
	l := In("sheet.csv")
	require.NoError(t, l.Err())
	l.Add(4, "score", "%s is above the maximum %d", "7", 6)
	l.Add(0, "", "item 3 is missing")
	err := l.Err()
	require.Error(t, err)
	assert.Equal(t, "sheet.csv:4: score: 7 is above the maximum 6\nsheet.csv: item 3 is missing", err.Error())
	assert.True(t, Is(fmt.Errorf("import: %w", err)))
	assert.False(t, Is(fmt.Errorf("plain")))
}

func TestLongListsAreCut(t *testing.T) {
	l := In("big.csv")
	for i := 1; i <= MaxReported+10; i++ {
		l.Add(i, "", "bad")
	}
	assert.True(t, l.Full())
	msg := l.Err().Error()
	assert.Equal(t, MaxReported+1, strings.Count(msg, "\n")+1)
	assert.Contains(t, msg, "and 10 more problems")
}

// A summary says how many problems of which kind, and nothing of what the input said.
func TestSummaryKeepsNoReason(t *testing.T) {
	l := In("tax.csv")
	l.Add(2, "criterion 10", "12 is outside 0..10")
	l.Add(3, "criterion 10", "11 is outside 0..10")
	l.Add(4, "", "the line is empty")
	s := Summary(l.Err())
	assert.Equal(t, "3 problems: criterion 10 ×2, line ×1", s)
	assert.NotContains(t, s, "12")
}
