package schedule

import (
	"fmt"
	"strings"

	"wenming/msg"

	"wenming/rules/period"
)

// KindSpec is everything the product knows about one kind of round, in one place. Adding a
// kind is one entry in Kinds, its section of the schedules file, and the code of its own
// steps (its workflows in workflows/, its award in store/).
type KindSpec struct {
	Kind    Kind
	Name    string      // what offices call the award: 党员先锋岗
	Title   string      // the round, in summaries and receipts: 党员先锋岗评选
	Period  period.Kind // how often it runs: the period a round evaluates
	Example string      // a period of this kind, for help texts and refusals
	Subject string      // who is awarded: member or branch ("" for the year-end round: both)
	Award   string      // the rotating honor a round confers (honors.kind); "" for none
	Title1Y string      // the yearly title a streak of awards earns (honors.kind)
	Streak  int         // how many awards in a row earn the yearly title
	// PerBranch: its rounds run a part in each branch (the year-end round lists names instead).
	PerBranch bool
	// TakesSheets: its branches hand in ballot sheets (民主测评), which the round's groups take
	// for them; a branch has no workflow until it has something to decide.
	TakesSheets bool
	// Section is the kind's section of the schedules file, to decode into.
	Section func() Section
}

// Kinds are the kinds of round, in the order they are listed.
var Kinds = []KindSpec{
	{Kind: Pioneer, Name: "党员先锋岗", Title: "党员先锋岗评选", Period: period.Quarter, Example: "2026-Q3",
		Subject: "member", Award: "pioneer_post", Title1Y: "excellent_member", Streak: 4, PerBranch: true, TakesSheets: true,
		Section: func() Section { return &PioneerRounds{} }},
	{Kind: RedFlag, Name: "红旗党支部", Title: "红旗党支部评选", Period: period.HalfYear, Example: "2026-H2",
		Subject: "branch", Award: "red_flag", Title1Y: "advanced_branch", Streak: 2, PerBranch: true,
		Section: func() Section { return &RedFlagRounds{} }},
	{Kind: Annual, Name: "年终表彰", Title: "年终表彰", Period: period.Year, Example: "2026",
		Section: func() Section { return &AnnualRounds{} }},
}

// Rotating are the kinds whose rounds confer a rotating honor (the pioneer post, the red flag)
// and count streaks of it.
func Rotating() []KindSpec {
	var out []KindSpec
	for _, k := range Kinds {
		if k.Award != "" {
			out = append(out, k)
		}
	}
	return out
}

// Evaluates reads text as the period a round of this kind evaluates (2026-Q4 for a quarterly
// kind); ok is false for text that is no period, or a period of another length.
func (s KindSpec) Evaluates(text string) (p period.Period, ok bool) {
	p, err := period.Parse(text)
	return p, err == nil && p.Kind == s.Period
}

// TakingSheets are the kinds whose branches hand in ballot sheets.
func TakingSheets() []Kind {
	var out []Kind
	for _, k := range Kinds {
		if k.TakesSheets {
			out = append(out, k.Kind)
		}
	}
	return out
}

// Spec returns the kind's entry; an unknown kind is an error that lists the known ones.
func Spec(k Kind) (KindSpec, error) {
	for _, s := range Kinds {
		if s.Kind == k {
			return s, nil
		}
	}
	return KindSpec{}, msg.Err("problem.round_kind.not", "Text", string(k), "Known", kindNames())
}

// kindNames lists the kinds as a refusal names them: pioneer (党员先锋岗).
func kindNames() []string {
	var known []string
	for _, s := range Kinds {
		known = append(known, fmt.Sprintf("%s (%s)", s.Kind, s.Name))
	}
	return known
}

// MustSpec is Spec for a kind the program itself names (a round's input, a stored round id).
func MustSpec(k Kind) KindSpec {
	s, err := Spec(k)
	if err != nil {
		panic(err)
	}
	return s
}

// KindOfRound is the kind named by a round id (pioneer/2026-Q3), if any.
func KindOfRound(roundID string) (KindSpec, bool) {
	k, _, _ := strings.Cut(roundID, "/")
	s, err := Spec(Kind(k))
	return s, err == nil
}

// StreakAfter is the award a streak continues from: the award of the period before p, when a
// streak may run through it. By default a streak counts inside the calendar year (年度: 连续四次
// 被授予流动党员先锋岗……免评作为年度优秀党员 means the four quarters of one year), so the year's
// first period starts a streak afresh; a schedules file that says streak: rolling lets it run on
// across the year's end.
func StreakAfter(p period.Period, rolling bool) (period.Period, bool) {
	if p.N == 1 && !rolling {
		return period.Period{}, false
	}
	return p.Prev(), true
}
