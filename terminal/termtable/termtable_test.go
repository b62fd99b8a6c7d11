package termtable

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestChineseColumnsLineUp(t *testing.T) {
	tb := Table{Header: []string{"单位", "得分"}, Right: map[int]bool{1: true}}
	tb.Add("市文明办", "97.5")
	tb.Add("ab", 100)
	var b strings.Builder
	assert.NoError(t, tb.Write(&b))
	// 单位 and 市文明办 are 4 and 8 display cells wide: the second column starts at cell 10.
	assert.Equal(t, "单位      得分\n--------  ----\n市文明办  97.5\nab         100\n", b.String())
}

func TestLongCellsAreCut(t *testing.T) {
	tb := Table{Header: []string{"text"}, MaxWidth: 6}
	tb.Add("班子团结，作风务实")
	var b strings.Builder
	assert.NoError(t, tb.Write(&b))
	assert.Contains(t, b.String(), "班子…")
}

// Cells are printed without control characters: a roster name cannot clear the screen.
func TestCellsCannotControlTheTerminal(t *testing.T) {
	var b strings.Builder
	tb := Table{Header: []string{"name"}}
	tb.Add("\x1b[2J李四\r")
	require.NoError(t, tb.Write(&b))
	assert.NotContains(t, b.String(), "\x1b")
	assert.NotContains(t, b.String(), "\r")
	assert.Contains(t, b.String(), "[2J李四")
}
