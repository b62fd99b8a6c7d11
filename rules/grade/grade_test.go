package grade

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/rules/points"
	"wenming/testenv/english"
)

// stars are the bands of a five-star rating: 五星 at 95, 四星 at 90, 三星 at 80.
var stars = Bands{{Name: "五星", Min: points.Of(95)}, {Name: "四星", Min: points.Of(90)}, {Name: "三星", Min: points.Of(80)}}

func TestAScoreEarnsTheGradeOfItsBand(t *testing.T) {
	tests := []struct {
		score string
		want  string
	}{
		{"100", "五星"}, {"95", "五星"}, {"94.5", "四星"}, {"90", "四星"}, {"89.5", "三星"}, {"80", "三星"}, {"79.5", ""}, {"0", ""},
	}
	for _, tt := range tests {
		p, err := points.Parse(tt.score)
		require.NoError(t, err)
		assert.Equal(t, tt.want, stars.Of(p), tt.score)
	}
}

// An inspection gives the grade of its band, higher or lower than before; a round without an
// inspection keeps the grade.
func TestAGradeCarriesFromRoundToRound(t *testing.T) {
	tests := []struct {
		name      string
		prev      string
		score     int
		inspected bool
		want      string
		change    Change
	}{
		{"a first inspection gives a grade", "", 96, true, "五星", Gained},
		{"a first inspection below every band gives none", "", 70, true, "", Kept},
		{"the same band keeps the grade", "四星", 92, true, "四星", Kept},
		{"a later inspection below its band lowers it", "五星", 91, true, "四星", Lowered},
		{"below every band loses it", "三星", 79, true, "", Lost},
		{"a better inspection raises it", "三星", 97, true, "五星", Raised},
		{"not inspected: the grade carries", "五星", 0, false, "五星", Kept},
		{"not inspected and no grade: still none", "", 0, false, "", Kept},
		{"a grade the plan no longer names: the inspection's band", "十星", 90, true, "四星", Gained},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, change := stars.After(tt.prev, points.Of(tt.score), tt.inspected)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.change, change)
		})
	}
}

func TestBadBandsSayWhy(t *testing.T) {
	tests := []struct {
		name  string
		bands Bands
		want  string
	}{
		{"none", nil, "plan.yaml: grades: the plan names no grades"},
		{"no name", Bands{{Name: " ", Min: 90, Line: 3}}, "plan.yaml:3: grades.name: a grade needs a name"},
		{"a name twice", Bands{{Name: "五星", Min: points.Of(95), Line: 3}, {Name: "五星", Min: points.Of(90), Line: 4}}, `plan.yaml:4: grades.name: grade "五星" appears twice (first on line 3)`},
		{"negative", Bands{{Name: "一星", Min: -100, Line: 3}}, `plan.yaml:3: grades.min: grade "一星": its lowest score -1 is below 0`},
		{"not falling", Bands{{Name: "四星", Min: points.Of(90), Line: 3}, {Name: "五星", Min: points.Of(95), Line: 4}}, `plan.yaml:4: grades.min: grade "五星" starts at 95, which is not below 90 of "四星" before it: list the grades from the highest down`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.bands.Validate("plan.yaml")
			require.Error(t, err)
			assert.Contains(t, english.Of(err), tt.want)
		})
	}
	require.NoError(t, stars.Validate("plan.yaml"))
}
