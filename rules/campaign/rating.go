package campaign

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"wenming/msg"
	"wenming/rules/grade"
	"wenming/rules/timeline"
)

// Rating campaigns (星级评定): the office inspects every unit on a cadence, scores it on the
// form, orders rectifications for the problems found, ranks and publishes each round's results
// (通报), and gives a grade by score bands (五星 at 95 and above, ...), carried from round to
// round (rules/grade). No declaration, no quota, no title: the courtyard-hygiene plan (双创双修)
// and the star ratings the plans mention (五星社区, 星级文明户, 十星) work this way.

// SubjectRating is the subject of a rating campaign.
const SubjectRating = "rating"

// Defaults and bounds of a rating campaign.
const (
	DefaultRatingDue = timeline.Week
	// MaxRatingRounds bounds a rating campaign's rounds (ten years of months), which bounds
	// its workflow's history.
	MaxRatingRounds = 120
	// MaxRatingUnits bounds the units of one rating campaign: one workflow takes every unit's
	// inspections and rectifications (Temporal takes at most 2,000 updates in one run; the run
	// continues as new between rounds), and keeps each unit's standing in its state.
	MaxRatingUnits = 200
)

// Cadences a rating's rounds follow besides a fixed duration.
const (
	EveryMonth   = "month"
	EveryQuarter = "quarter"
)

// RatingSpec is a rating campaign's rounds and grades as the administrator writes them.
type RatingSpec struct {
	First  string      `yaml:"first"`  // when the first round opens: absolute, or +duration after the start (default: at the start)
	Every  string      `yaml:"every"`  // month, quarter, or a duration between the rounds' openings
	Rounds int         `yaml:"rounds"` // how many rounds
	Due    string      `yaml:"due"`    // how long after a round opens its inspections are due (default 7d); past it they are overdue, never skipped
	Grades grade.Bands `yaml:"grades"` // the grades by score bands, the highest first
}

// RatingPlan is a rating campaign's resolved rounds and grades.
type RatingPlan struct {
	Rounds []CheckRound // r1, r2, ...: when each opens and when its inspections are due
	Grades grade.Bands
}

// ratingKeys are the top-level keys a rating campaign's spec may have.
var ratingKeys = []string{"id", "title", "standard", "subject", "timezone", "units", "units_file", "leadership",
	"supervision", "rectification", "rating"}

// resolveRating checks and resolves a rating campaign's spec.
func (r *resolver) resolveRating(look Lookup) {
	r.identity()
	r.standard(look)
	r.units(look)
	if len(r.plan.Units) > MaxRatingUnits {
		r.l.Add(r.spec.lines["units"], "units", "problem.campaign.rating_units", "N", len(r.plan.Units), "Max", MaxRatingUnits)
	}
	for _, key := range slices.Sorted(maps.Keys(r.spec.lines)) {
		if !slices.Contains(ratingKeys, key) {
			r.l.Add(r.spec.lines[key], key, "problem.campaign.rating_key", "Key", key)
		}
	}
	if r.spec.Supervision.Ranking != "" {
		r.l.Add(r.spec.lines["supervision"], "supervision.ranking", "problem.campaign.rating_key", "Key", "supervision.ranking")
	}
	t := &r.plan.Timeline
	t.ProgressEvery = r.duration("supervision.progress", r.spec.Supervision.Progress, DefaultProgress)
	t.SmallFix = r.fix("rectification.small", r.spec.Rectification.Small, FixRule{SameDay: true})
	t.BigFix = r.fix("rectification.big", r.spec.Rectification.Big, FixRule{Within: DefaultBigFix})
	r.plan.Rating = &RatingPlan{Rounds: r.ratingRounds(), Grades: r.spec.Rating.Grades}
	if err := r.spec.Rating.Grades.Validate(r.l.File); err != nil {
		r.l.AddErr(r.spec.lines["rating"], "rating.grades", err)
	}
}

// ratingRounds resolves the rounds: the first at rating.first, each next one a calendar month,
// a quarter or the duration later, each due rating.due after it opens.
func (r *resolver) ratingRounds() []CheckRound {
	s, line := r.spec.Rating, r.spec.lines["rating"]
	if s.Rounds < 1 || s.Rounds > MaxRatingRounds {
		r.l.Add(line, "rating.rounds", "problem.campaign.rating_rounds", "N", s.Rounds, "Max", MaxRatingRounds)
		return nil
	}
	first := r.now
	if s.First != "" {
		at, ok := r.point(line, "rating.first", s.First, r.now)
		if !ok {
			return nil
		}
		first = at
	}
	next, shortest := r.cadence(line, s.Every)
	if next == nil {
		return nil
	}
	due := r.duration("rating.due", s.Due, min(DefaultRatingDue, shortest))
	if due > shortest {
		r.l.Add(line, "rating.due", "problem.campaign.rating_due", "Due", s.Due, "Every", s.Every)
		return nil
	}
	rounds := make([]CheckRound, s.Rounds)
	for i := range rounds {
		opens := next(first, i)
		rounds[i] = CheckRound{ID: RatingRoundID(i + 1), Name: r.roundName(s.Every, i+1, opens), Opens: opens, Due: opens.Add(due)}
	}
	if last := rounds[len(rounds)-1]; !last.Due.After(r.now) {
		r.l.Add(line, "rating.first", "problem.campaign.rating_past", "Due", r.at(last.Due))
		return nil
	}
	return rounds
}

// cadence is when the n-th round after the first opens, and the shortest time between two
// openings (a due time must fit in it).
func (r *resolver) cadence(line int, every string) (func(first time.Time, n int) time.Time, time.Duration) {
	switch strings.TrimSpace(every) {
	case EveryMonth:
		return func(first time.Time, n int) time.Time { return monthsAfter(first.In(r.loc), n) }, 28 * timeline.Day
	case EveryQuarter:
		return func(first time.Time, n int) time.Time { return monthsAfter(first.In(r.loc), 3*n) }, 89 * timeline.Day
	case "":
		r.l.Add(line, "rating.every", "problem.campaign.rating_every", "Every", every)
		return nil, 0
	}
	d, err := timeline.ParseDuration(every)
	if err != nil || d <= 0 {
		r.l.Add(line, "rating.every", "problem.campaign.rating_every", "Every", every)
		return nil, 0
	}
	return func(first time.Time, n int) time.Time { return first.Add(time.Duration(n) * d) }, d
}

// monthsAfter is the same day and time n calendar months after t, or the month's last day
// when it is shorter (31 January, then 28 February): one round in each month.
func monthsAfter(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	firstOfMonth := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := firstOfMonth.AddDate(0, 1, -1).Day()
	return firstOfMonth.AddDate(0, 0, min(d, last)-1)
}

// roundName names a round as the office's 通报 does: by its month or quarter, else by number.
func (r *resolver) roundName(every string, n int, opens time.Time) string {
	local := opens.In(r.loc)
	switch strings.TrimSpace(every) {
	case EveryMonth:
		return msg.Say("summary.rating_round_month", "Year", local.Year(), "Month", int(local.Month())).String()
	case EveryQuarter:
		return msg.Say("summary.rating_round_quarter", "Year", local.Year(), "Q", (int(local.Month())-1)/3+1).String()
	}
	return msg.Say("summary.rating_round_nth", "N", n).String()
}

// RatingRoundID is the id of a rating campaign's n-th round (from 1).
func RatingRoundID(n int) string { return fmt.Sprintf("r%d", n) }
