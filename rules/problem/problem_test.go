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
