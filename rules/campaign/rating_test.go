package campaign

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/rules/timeline"
	"wenming/testenv/english"
)

func resolveRating(t *testing.T, spec string, now time.Time) (*Plan, error) {
	t.Helper()
	s, err := Parse("r.yaml", []byte(spec))
	require.NoError(t, err)
	plan, l := s.Resolve("r.yaml", now, fakeLookup{})
	return plan, l.Err()
}

// The example's rounds open monthly by the calendar from a week after the start, each due two
// weeks later, named by their month; its grades are the plan's bands.
func TestARatingCampaignInspectsOnItsCadence(t *testing.T) {
	b, err := os.ReadFile("../../examples/rating-2027.yaml")
	require.NoError(t, err)
	now := time.Date(2027, 1, 24, 9, 0, 0, 0, sh)
	plan, err := resolveRating(t, string(b), now)
	require.NoError(t, err)
	require.NotNil(t, plan.Rating)
	r := plan.Rating.Rounds
	require.Len(t, r, 10)
	assert.Equal(t, "r1", r[0].ID)
	assert.Equal(t, time.Date(2027, 1, 31, 9, 0, 0, 0, sh), r[0].Opens, "+7d")
	assert.Equal(t, time.Date(2027, 2, 14, 9, 0, 0, 0, sh), r[0].Due, "due 14d after it opens")
	assert.Equal(t, time.Date(2027, 2, 28, 9, 0, 0, 0, sh), r[1].Opens.In(sh), "a calendar month later, on the shorter month's last day")
	assert.Equal(t, time.Date(2027, 3, 31, 9, 0, 0, 0, sh), r[2].Opens.In(sh), "and back on the 31st")
	assert.Equal(t, "2027年2月检查", r[1].Name, "one round a month")
	assert.Equal(t, "2027年1月检查", r[0].Name)
	assert.Equal(t, "r10", r[9].ID)
	assert.Equal(t, []string{"五星", "四星", "三星"}, []string{plan.Rating.Grades[0].Name, plan.Rating.Grades[1].Name, plan.Rating.Grades[2].Name})
	assert.Equal(t, 3*timeline.Day, plan.Timeline.ProgressEvery)
	assert.True(t, plan.Timeline.SmallFix.SameDay)
	assert.Nil(t, plan.Declaring, "a rating campaign has no declaration")
	assert.Nil(t, plan.Confers, "nor a title")
}

func TestQuarterlyAndTimedRatingRounds(t *testing.T) {
	base := "id: r\ntitle: 评定\nsubject: rating\nstandard: courtyard-hygiene\nunits: [a, b]\nrating:\n  rounds: 3\n  grades: [{name: 五星, min: 95}]\n"
	now := time.Date(2027, 1, 10, 9, 0, 0, 0, sh)
	plan, err := resolveRating(t, base+"  every: quarter\n", now)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2027, 7, 10, 9, 0, 0, 0, sh), plan.Rating.Rounds[2].Opens.In(sh))
	assert.Equal(t, "2027年第3季度检查", plan.Rating.Rounds[2].Name)
	assert.Equal(t, 7*timeline.Day, plan.Rating.Rounds[0].Due.Sub(plan.Rating.Rounds[0].Opens), "due a week after by default")

	plan, err = resolveRating(t, base+"  every: 20s\n  first: +5s\n", now)
	require.NoError(t, err)
	assert.Equal(t, now.Add(45*time.Second), plan.Rating.Rounds[2].Opens)
	assert.Equal(t, 20*time.Second, plan.Rating.Rounds[0].Due.Sub(plan.Rating.Rounds[0].Opens), "due by the next round at the latest")
	assert.Equal(t, "第3轮检查", plan.Rating.Rounds[2].Name)
}

func TestBadRatingSpecsSayWhy(t *testing.T) {
	good := "id: r\ntitle: 评定\nsubject: rating\nstandard: courtyard-hygiene\nunits: [a, b]\nrating:\n  every: month\n  rounds: 3\n  grades: [{name: 五星, min: 95}, {name: 四星, min: 90}]\n"
	tests := []struct{ name, spec, want string }{
		{"no rounds", strings.Replace(good, "rounds: 3", "rounds: 0", 1), "rating.rounds must be 1 to 120, not 0"},
		{"a bad cadence", strings.Replace(good, "every: month", "every: weekly", 1), `rating.every must be month, quarter or a duration (e.g. 30d), not "weekly"`},
		{"due after the next round", strings.Replace(good, "rounds: 3", "rounds: 3\n  due: 40d", 1), "rating.due (40d) is longer than the time between two rounds (month)"},
		{"bands not falling", strings.Replace(good, "min: 90", "min: 96", 1), `grade "四星" starts at 96`},
		{"a declaration", good + "quota: {max: 3}\n", "a rating campaign has no quota"},
		{"tasks", good + "tasks: []\n", "a rating campaign has no tasks"},
		{"a title", good + "confers: {name: 五星单位}\n", "a rating campaign has no confers"},
		{"declaration rules", good + "declaration: {prior_honor: none}\n", "a rating campaign has no declaration"},
		{"every round in the past", strings.Replace(good, "rounds: 3", "rounds: 3\n  first: 2020-01-01", 1), "which has passed: move rating.first later"},
		{"a units file of a header alone", strings.Replace(good, "units: [a, b]", "units_file: header-only.csv", 1), "units: no units take part"},
		{"too many units", strings.Replace(good, "units: [a, b]", "units: ["+manyUnits(201)+"]", 1), "a rating campaign takes at most 200 units, this one has 201"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := resolveRating(t, tt.spec, time.Date(2027, 1, 10, 9, 0, 0, 0, sh))
			require.Error(t, err)
			assert.Contains(t, english.Of(err), tt.want)
		})
	}
}

func manyUnits(n int) string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("u%d", i)
	}
	return strings.Join(ids, ", ")
}
