package dbsnap

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestWithoutDaysMasksCalendarDaysOnly(t *testing.T) {
	s := Snapshot{"titles": {"12 | 2026-12-08 | 2028-12-07 | 市直工委〔2026〕30号", "3 | 2026-12-07 | ∅"}}
	assert.Equal(t, Snapshot{"titles": {"12 | <day> | <day> | 市直工委〔2026〕30号", "3 | <day> | ∅"}}, s.WithoutDays())
	other := Snapshot{"titles": {"3 | 2026-12-08 | ∅", "12 | 2026-12-09 | 2028-12-08 | 市直工委〔2026〕30号"}}
	assert.Empty(t, Diff(s.WithoutDays(), other.WithoutDays()), "a day apart: alike")
	assert.NotEmpty(t, Diff(s, other), "compared with their days: different")
}
