package schedule

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/rules/period"
	"wenming/testenv/english"
)

// Every kind's entry is complete and its example is a period of its own kind; the default
// schedules file sets every kind.
func TestEveryKindIsDescribedInFull(t *testing.T) {
	plan, err := Parse("defaults", []byte(Defaults))
	require.NoError(t, err)
	seen := map[Kind]bool{}
	for _, s := range Kinds {
		assert.False(t, seen[s.Kind], "%s listed twice", s.Kind)
		seen[s.Kind] = true
		assert.NotEmpty(t, s.Name, s.Kind)
		assert.NotEmpty(t, s.Title, s.Kind)
		assert.NotNil(t, s.Section, s.Kind)
		p, err := period.Parse(s.Example)
		require.NoError(t, err, s.Kind)
		assert.Equal(t, s.Period, p.Kind, "%s: the example is a period of the kind", s.Kind)
		assert.Contains(t, plan.Configs, s.Kind, "the default schedules set %s", s.Kind)
		got, ok := KindOfRound(string(s.Kind) + "/" + s.Example)
		assert.True(t, ok)
		assert.Equal(t, s.Kind, got.Kind)
	}
	_, err = Spec("annual-ish")
	assert.Equal(t, `"annual-ish" is not a kind of round: use pioneer (党员先锋岗), redflag (红旗党支部), annual (年终表彰)`, english.Of(err))
}

// A kind with a rotating honor names it, its subject, and the yearly title its streak earns.
func TestEveryRotatingHonorIsDescribedInFull(t *testing.T) {
	require.Len(t, Rotating(), 2)
	for _, s := range Rotating() {
		for name, v := range map[string]string{"subject": s.Subject, "award": s.Award, "yearly title": s.Title1Y} {
			assert.NotEmpty(t, v, "%s: %s", s.Kind, name)
		}
		assert.Positive(t, s.Streak, s.Kind)
		assert.Contains(t, HonorNames, s.Award, s.Kind)
		assert.Contains(t, HonorNames, s.Title1Y, s.Kind)
	}
}

func TestAKindEvaluatesPeriodsOfItsLength(t *testing.T) {
	for _, c := range []struct {
		kind Kind
		text string
		ok   bool
	}{
		{Pioneer, "2026-Q4", true},
		{Pioneer, "2026-H2", false},
		{Pioneer, "2026", false},
		{RedFlag, "2026-H1", true},
		{RedFlag, "2026-Q1", false},
		{Annual, "2026", true},
		{Annual, "2026-Q4", false},
		{Pioneer, "Q4", false},
		{Pioneer, "", false},
	} {
		p, ok := MustSpec(c.kind).Evaluates(c.text)
		assert.Equal(t, c.ok, ok, "%s %q", c.kind, c.text)
		if ok {
			assert.Equal(t, c.text, p.String())
		}
	}
}

func TestAStreakCountsInsideTheYearUnlessRolling(t *testing.T) {
	for _, c := range []struct {
		period  string
		rolling bool
		after   string // "" starts a streak afresh
	}{
		{"2027-Q2", false, "2027-Q1"},
		{"2027-Q4", false, "2027-Q3"},
		{"2027-Q1", false, ""},
		{"2027-Q1", true, "2026-Q4"},
		{"2027-H2", false, "2027-H1"},
		{"2027-H1", false, ""},
		{"2027-H1", true, "2026-H2"},
	} {
		p, err := period.Parse(c.period)
		require.NoError(t, err)
		after, ok := StreakAfter(p, c.rolling)
		if c.after == "" {
			assert.False(t, ok, "%s (rolling %v) starts a streak", c.period, c.rolling)
			continue
		}
		require.True(t, ok, c.period)
		assert.Equal(t, c.after, after.String(), "%s (rolling %v)", c.period, c.rolling)
	}
}
