package problem

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/msg"
)

var en = msg.For(msg.English)

// A problem names its place the way the reader counts: the file, the line, the column.
func TestListNamesFileLineAndField(t *testing.T) {
	l := In("self.csv")
	require.NoError(t, l.Err())
	l.Add(3, "score", "problem.standard.item_above", "Item", "3", "Points", "7", "Max", "5")
	l.Add(0, "", "problem.sheet.sheet_empty")
	err := l.Err()
	require.Error(t, err)
	assert.Equal(t, "文件 self.csv 第3行「score」列：考评项「3」：7 分超过该项满分 5 分\n文件 self.csv：表格是空的", err.Error())
	text := msg.RenderError(en, fmt.Errorf("import: %w", err))
	assert.Equal(t, "self.csv:3: score: item \"3\": 7 is above the maximum 5\nself.csv: the sheet is empty", text)
	assert.True(t, Is(fmt.Errorf("import: %w", err)))
	assert.False(t, Is(fmt.Errorf("plain")))
}

// A field of a YAML file is a key, not a column.
func TestAKeyIsNotAColumn(t *testing.T) {
	err := New("spec.yaml", 0, "title", "problem.campaign.campaign_needs_title")
	assert.Equal(t, "文件 spec.yaml「title」：活动需要标题", err.Error())
}

// A value an administrator typed is quoted, its control characters shown, not sent to the
// terminal.
func TestTypedValuesAreQuotedWithoutControlCharacters(t *testing.T) {
	err := New("r.csv", 2, "phone", "problem.roster.phone_number", "Phone", "13\x1b[2J8")
	assert.Equal(t, `文件 r.csv 第2行「phone」列：「13\x1b[2J8」不是电话号码`, err.Error())
	text := msg.RenderError(en, err)
	assert.Equal(t, `r.csv:2: phone: "13\x1b[2J8" is not a phone number`, text)
}

// An error met while checking a field keeps a rule's own message, and problems of another
// file stay as they are.
func TestAddErr(t *testing.T) {
	l := In("spec.yaml")
	l.AddErr(0, "deadline", msg.Err("problem.duration.not", "Text", "soon"))
	l.AddErr(0, "standard", New("std.yaml", 4, "max", "problem.standard.item_maximum_above", "ID", "1"))
	l.AddErr(0, "units_file", fmt.Errorf("disk on fire"))
	text := msg.RenderError(en, l.Err())
	assert.Equal(t, `spec.yaml: deadline: "soon" is not a duration like 7d, 36h, 1d12h or 90s
std.yaml:4: max: item "1": the maximum must be above 0
spec.yaml: units_file: disk on fire`, text)
}

func TestLongListsAreCut(t *testing.T) {
	l := In("big.csv")
	for i := 1; i <= MaxReported+10; i++ {
		l.Add(i, "", "problem.ballot.score_missing")
	}
	assert.True(t, l.Full())
	text := l.Err().Error()
	assert.Equal(t, MaxReported+1, strings.Count(text, "\n")+1)
	assert.Contains(t, text, "另有 10 处问题")
}

// A summary says how many problems of which kind, and nothing of what the input said.
func TestSummaryKeepsNoReason(t *testing.T) {
	l := In("tax.csv")
	l.Add(2, "criterion 10", "problem.ballot.outside", "Value", 12, "Max", 10)
	l.Add(3, "criterion 10", "problem.ballot.outside", "Value", 11, "Max", 10)
	l.Add(4, "", "problem.ballot.score_missing")
	s := Summary(l.Err())
	assert.Equal(t, "3 处问题：criterion 10 ×2、整行 ×1", s)
	assert.NotContains(t, s, "12")
}
