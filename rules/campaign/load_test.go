package campaign

import (
	"cmp"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/rules/rank"
	"wenming/rules/standard"
	"wenming/rules/timeline"
	"wenming/rules/title"
	"wenming/testenv/english"
)

type fakeLookup struct{}

func (fakeLookup) Standard(ref string) (*standard.Standard, error) {
	b, err := os.ReadFile("../../standards/" + ref + ".yaml")
	if err != nil {
		return nil, errors.New("no standard " + ref + " under standards/")
	}
	return standard.Parse(ref, b)
}

func (fakeLookup) UnitIDs(path string) ([]string, error) {
	switch path {
	case "units.csv":
		return []string{"a", "b"}, nil
	case "header-only.csv":
		return nil, nil
	}
	return nil, errors.New(path + ": cannot open the file")
}

var sh, _ = time.LoadLocation("Asia/Shanghai")

// The year-long example counts its schedule from the day it is started, so it resolves on
// any day: the same offsets in another season and another year, its declare_by always ahead.
func TestTheYearLongExampleResolves(t *testing.T) {
	b, err := os.ReadFile("../../examples/campaign-2027.yaml")
	require.NoError(t, err)
	s, err := Parse("campaign-2027.yaml", b)
	require.NoError(t, err)
	now := time.Date(2027, 2, 20, 10, 0, 0, 0, sh)
	plan, l := s.Resolve("campaign-2027.yaml", now, fakeLookup{})
	require.NoError(t, l.Err())

	tl := plan.Timeline
	assert.Equal(t, time.Date(2027, 2, 27, 10, 0, 0, 0, sh), tl.Mobilize, "a week after the start")
	assert.Equal(t, time.Date(2027, 3, 13, 10, 0, 0, 0, sh), tl.Implement, "+14d after mobilize")
	assert.Equal(t, time.Date(2027, 10, 6, 10, 0, 0, 0, sh), tl.SelfCheck)
	assert.Equal(t, time.Date(2027, 10, 18, 10, 0, 0, 0, sh), tl.DeclareBy)
	assert.Equal(t, time.Date(2027, 11, 17, 10, 0, 0, 0, sh), tl.AcceptBy)
	assert.Equal(t, 365*timeline.Day, tl.Consolidate)
	assert.Equal(t, 5*timeline.Day, tl.NoticeLength)
	assert.True(t, tl.SmallFix.SameDay)
	assert.Equal(t, 7*timeline.Day, tl.BigFix.Within)
	assert.Equal(t, PlannedQuota{Max: 12, ShareBP: 8000, Rounding: rank.Down}, plan.Quota)
	assert.Len(t, plan.Units, 20)
	assert.Equal(t, 800, plan.Declaring.SummaryMaxChars, "申报表: 简介字数在800字以内")
	assert.Equal(t, "civilized-unit", plan.StandardID)
	require.Len(t, plan.Tasks, 4)
	assert.Equal(t, time.Date(2027, 4, 12, 10, 0, 0, 0, sh), plan.Tasks[0].Deadline, "task deadlines count from implementation")
	assert.Equal(t, AllUnits, plan.Tasks[0].Unit)
	assert.Equal(t, time.Date(2027, 9, 9, 10, 0, 0, 0, sh), plan.Tasks[2].Deadline, "+180d, before the self-check")
	assert.Equal(t, PhaseScheduled, tl.PhaseAt(now))
	assert.Equal(t, PhaseImplement, tl.PhaseAt(time.Date(2027, 5, 1, 0, 0, 0, 0, sh)))
	assert.Equal(t, PhaseSelfCheck, tl.PhaseAt(time.Date(2027, 10, 10, 0, 0, 0, 0, sh)))

	// Started in another season of another year, or today: the same plan, shifted.
	for _, start := range []time.Time{time.Date(2031, 8, 7, 15, 30, 0, 0, sh), time.Now()} {
		later, l := s.Resolve("campaign-2027.yaml", start, fakeLookup{})
		require.NoError(t, l.Err(), "started %v", start)
		shift := start.Sub(now)
		assert.Equal(t, tl.Mobilize.Add(shift).UTC(), later.Timeline.Mobilize.UTC(), "started %v", start)
		assert.Equal(t, tl.DeclareBy.Add(shift).UTC(), later.Timeline.DeclareBy.UTC(), "started %v", start)
		assert.Equal(t, tl.AcceptBy.Add(shift).UTC(), later.Timeline.AcceptBy.UTC(), "started %v", start)
		assert.Equal(t, plan.Tasks[3].Deadline.Add(shift).UTC(), later.Tasks[3].Deadline.UTC(), "started %v", start)
	}
}

const minimal = `id: c1
title: 测试活动
standard: civilized-unit
units: [a, b, c]
schedule:
  implement: +1m
  selfcheck: +2m
  declare_by: +2m
  accept_by: +2m
notice: {length: 1m, allow_short: true}
supervision: {progress: 30s, ranking: 1m}
rectification: {small: 20s, big: 1m}
`

func TestDurationsRunTheSameSpecInMinutes(t *testing.T) {
	s, err := Parse("c.yaml", []byte(minimal))
	require.NoError(t, err)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	plan, l := s.Resolve("c.yaml", now, fakeLookup{})
	require.NoError(t, l.Err())
	assert.Equal(t, now, plan.Timeline.Mobilize, "no mobilize boundary: the campaign starts now")
	assert.Equal(t, now.Add(7*time.Minute), plan.Timeline.AcceptBy)
	assert.Equal(t, time.Minute, plan.Timeline.NoticeLength)
	assert.Equal(t, FixRule{Within: 20 * time.Second}, plan.Timeline.SmallFix)
	assert.Equal(t, DefaultGroupSize, plan.GroupSize)
	assert.Equal(t, DefaultReportMaxChars, plan.ReportMaxChars)
}

func TestTheDeclarationRulesFollowThePlanUnlessTheSpecSaysOtherwise(t *testing.T) {
	resolve := func(extra string) *Plan {
		t.Helper()
		s, err := Parse("c.yaml", []byte(minimal+extra))
		require.NoError(t, err)
		plan, l := s.Resolve("c.yaml", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), fakeLookup{})
		require.NoError(t, l.Err())
		return plan
	}
	unit := resolve("")
	assert.Equal(t, &DeclarationRules{Subject: SubjectUnit, HeldTitles: DefaultHeldTitles, PriorHonor: title.CityOrgans,
		Recommenders: Recommendation{Unit: "单位党组（党委）", SubUnit: "主管单位机关党委"}, Rounding: rank.Down,
		Source: "《市直机关开展“三创三树”精神文明创建活动实施方案》", SummaryMaxChars: 800}, unit.Declaring)
	assert.Equal(t, "主管单位机关党委", unit.Declaring.Recommender(true))
	assert.Equal(t, "单位党组（党委）", unit.Declaring.Recommender(false))

	assert.Equal(t, &Conferred{Kind: "civilized-unit", Level: title.CityOrgans, Name: "市直机关文明单位"}, unit.Confers,
		"a plan that states no term confers titles that do not expire")

	reinspected := resolve("confers: {term: 1095d, reinspect: [365d, 730d]}\n")
	assert.Equal(t, []time.Duration{365 * 24 * time.Hour, 2 * 365 * 24 * time.Hour}, reinspected.Confers.Reinspect)
	assert.Equal(t, 3*365*24*time.Hour, reinspected.Confers.Term)
	assert.False(t, unit.Timeline.RankMonthly, "a plan that gives a cadence ranks by it")
	for _, ranking := range []string{"", "ranking: monthly"} {
		spec := strings.Replace(minimal, "supervision: {progress: 30s, ranking: 1m}", "supervision: {progress: 30s, "+ranking+"}", 1)
		s, err := Parse("c.yaml", []byte(spec))
		require.NoError(t, err)
		plan, l := s.Resolve("c.yaml", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), fakeLookup{})
		require.NoError(t, l.Err())
		assert.True(t, plan.Timeline.RankMonthly, "每月公布考核测评排名: by calendar month unless the plan gives a cadence (%q)", ranking)
	}
	district := resolve("confers: {term: 730d, reward: \" 奖励1万元 \"}\n")
	assert.Equal(t, 2*365*24*time.Hour, district.Confers.Term, "a two-year 届 as the plan states it")
	assert.Equal(t, "奖励1万元", district.Confers.Reward, "the material reward in the plan's words")
	unbounded := resolve("confers: {reinspect: [365d, 1095d]}\n")
	assert.Zero(t, unbounded.Confers.Term)
	assert.Equal(t, []time.Duration{365 * 24 * time.Hour, 3 * 365 * 24 * time.Hour}, unbounded.Confers.Reinspect,
		"without a term, a re-inspection may come at any time after the conferral")

	window := resolve("subject: window\n")
	assert.Equal(t, &Conferred{Kind: "civilized-window", Level: title.CityOrgans, Name: "市直机关文明窗口"}, window.Confers)
	assert.Equal(t, 1000, window.Declaring.PerParentShareBP, "windows: at most 10% of the parent's internal departments")
	assert.Equal(t, 1000, window.Quota.PerParentShareBP, "the same share holds at the ranking")
	assert.Empty(t, window.Declaring.HeldTitles, "titles held keep a unit from the unit title only")
	assert.Empty(t, window.Declaring.PriorHonor)

	district = resolve(`quota: {per_parent_share: 20%, rounding: up}
declaration:
  held_titles: []
  prior_honor: none
  recommendation: {unit: 区委组织部}
  source: 区级文明机关创建方案
`)
	assert.Equal(t, &DeclarationRules{Subject: SubjectUnit, HeldTitles: []HeldTitle{}, PerParentShareBP: 2000, Rounding: rank.Up,
		Recommenders: Recommendation{Unit: "区委组织部", SubUnit: "主管单位机关党委"}, Source: "区级文明机关创建方案", SummaryMaxChars: 800}, district.Declaring)
}

func TestBadDeclarationRulesAreNamed(t *testing.T) {
	for extra, want := range map[string]string{
		"subject: crowd\n": `subject: "crowd" is not a subject; use one of unit, window, department, person, rating`,
		"subject: window\ndeclaration: {prior_honor: city}\n":      `declaration: held_titles and prior_honor apply to the unit title only`,
		"declaration: {prior_honor: county}\n":                     `declaration.prior_honor: "county" is not a level; use one of national, provincial, city, city-organs, district`,
		"declaration: {held_titles: [{kind: star, levels: []}]}\n": `declaration.held_titles[0].kind: "star" is not a kind of title`,
		"declaration: {held_titles: [{kind: honor}]}\n":            `declaration.held_titles[0].levels: list at least one level`,
		"quota: {rounding: sideways}\n":                            `quota.rounding: "sideways" is not a rounding; use one of down, up, nearest`,
		"confers: {term: 730d, reinspect: [800d]}\n":               `confers.reinspect[0]: a re-inspection falls within the term`,
		"confers: {term: 730d, reinspect: [365d, 730d]}\n":         `confers.reinspect[1]: a re-inspection falls within the term`,
	} {
		s, err := Parse("c.yaml", []byte(minimal+extra))
		require.NoError(t, err)
		_, l := s.Resolve("c.yaml", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), fakeLookup{})
		require.Error(t, l.Err(), extra)
		assert.Contains(t, english.Of(l.Err()), "c.yaml: "+want, extra)
	}
}

func TestEveryProblemIsReportedAtOnce(t *testing.T) {
	bad := `id: "c 1"
title: ""
standard: nowhere
timezone: Mars/Olympus
units: [a, a, all]
tasks:
  - {id: t1, title: 方案, unit: z, person: "", deadline: +1y}
  - {id: t1, title: "", unit: a, person: 张三, deadline: +100d}
schedule:
  implement: +1d
  selfcheck: 2020-01-01
  declare_by: +1d
notice: {length: 2d}
quota: {max: -1, share: 150%}
rectification: {small: soon}
group_size: 9999
`
	s, err := Parse("bad.yaml", []byte(bad))
	require.NoError(t, err)
	_, l := s.Resolve("bad.yaml", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), fakeLookup{})
	err = l.Err()
	require.Error(t, err)
	for _, want := range []string{
		`bad.yaml: id: "c 1" is not a valid campaign id`,
		`bad.yaml: title: the campaign needs a title`,
		`bad.yaml:3: standard: no standard nowhere under standards/`,
		`bad.yaml: timezone: "Mars/Olympus" is not a time zone`,
		`bad.yaml: units: unit "a" is listed twice`,
		`bad.yaml: units: "all" is reserved`,
		`bad.yaml: schedule.selfcheck: 2020-01-01 00:00 UTC comes before the previous boundary`,
		`bad.yaml: schedule.accept_by: the boundary is missing`,
		`bad.yaml: notice.length: the public notice lasts at least 5 days`,
		`bad.yaml: quota.max: -1 is below 0`,
		`bad.yaml: quota.share: "150%" is not a share between 0 and 100%`,
		`bad.yaml: rectification.small: "soon" is not a duration`,
		`bad.yaml: group_size: 9999 is outside 1..500`,
		`bad.yaml:7: unit: "z" is not a unit of this campaign`,
		`bad.yaml:7: person: task "t1" needs a responsible person`,
		`bad.yaml:7: deadline: "1y": unknown unit "y"`,
		`bad.yaml:8: id: task "t1" appears twice (first on line 7)`,
		`bad.yaml:8: title: task "t1" needs a title`,
		`bad.yaml: schedule.declare_by: 2020-01-02 00:00 UTC has already passed`,
	} {
		assert.Contains(t, english.Of(err), want)
	}
}

func TestTooManySupervisionTicksAreRefused(t *testing.T) {
	text := strings.Replace(strings.Replace(minimal, "progress: 30s", "progress: 1s", 1), "accept_by: +2m", "accept_by: +10m", 1)
	s, err := Parse("c.yaml", []byte(text))
	require.NoError(t, err)
	_, l := s.Resolve("c.yaml", time.Now(), fakeLookup{})
	assert.Contains(t, english.Of(l.Err()), "supervision: 854 progress checks and rankings before accept_by; at most 400")
}

func TestUnitsFromAFile(t *testing.T) {
	s, err := Parse("c.yaml", []byte(strings.Replace(minimal, "units: [a, b, c]", "units_file: units.csv", 1)))
	require.NoError(t, err)
	plan, l := s.Resolve("c.yaml", time.Now(), fakeLookup{})
	require.NoError(t, l.Err())
	assert.Equal(t, []string{"a", "b"}, plan.Units)
}

func TestUnknownFieldsAreRefused(t *testing.T) {
	_, err := Parse("c.yaml", []byte(minimal+"colour: red\n"))
	assert.Contains(t, english.Of(err), "field colour not found")
}

func TestExtendingKeepsOrder(t *testing.T) {
	now := time.Now()
	tl := Timeline{Mobilize: now, Implement: now, SelfCheck: now.Add(time.Hour), DeclareBy: now.Add(2 * time.Hour), AcceptBy: now.Add(3 * time.Hour)}
	assert.True(t, tl.Ordered())
	assert.True(t, tl.With(BoundaryAcceptBy, now.Add(5*time.Hour)).Ordered())
	assert.False(t, tl.With(BoundaryDeclareBy, now.Add(4*time.Hour)).Ordered(), "declare_by after accept_by")
}

// Seed 001 三.6: windows and departments are on notice for at least 5 days before they are
// declared; the unit title is not, unless the spec says so; a spec may drop the naming notice.
func TestWhichNoticesACampaignHas(t *testing.T) {
	resolve := func(extra string) (*Plan, error) {
		t.Helper()
		text := strings.Replace(minimal, "notice: {length: 1m, allow_short: true}\n", "", 1) + extra
		s, err := Parse("c.yaml", []byte(text))
		require.NoError(t, err)
		plan, l := s.Resolve("c.yaml", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), fakeLookup{})
		return plan, l.Err()
	}
	unit, err := resolve("")
	require.NoError(t, err)
	assert.Nil(t, unit.DeclaringNotice)
	assert.False(t, unit.NoNamingNotice)

	window, err := resolve("subject: window\nnotice: {contact: 单位纪检组}\n")
	require.NoError(t, err)
	assert.Equal(t, &DeclaringNotice{Length: 5 * timeline.Day, Contact: "单位纪检组", CampaignTitle: "测试活动"}, window.DeclaringNotice)

	both, err := resolve("notice: {before_declaring: true, before_declaring_length: 7d, before_naming: false}\n")
	require.NoError(t, err)
	assert.Equal(t, 7*timeline.Day, both.DeclaringNotice.Length)
	assert.True(t, both.NoNamingNotice)

	_, err = resolve("subject: window\nnotice: {before_declaring_length: 3d}\n")
	require.Error(t, err)
	assert.Contains(t, english.Of(err), "notice.before_declaring_length: the public notice lasts at least 5 days")
	_, err = resolve("notice: {before_declaring: false, before_declaring_length: 7d}\n")
	require.Error(t, err)
	assert.Contains(t, english.Of(err), "with before_declaring: false there is no notice before declaring")
}

// The plan lists the checks before the final acceptance, each inside implementation and
// acceptance, and which score ranks.
func TestInspectionRounds(t *testing.T) {
	resolve := func(extra string) (*Plan, error) {
		t.Helper()
		s, err := Parse("c.yaml", []byte(minimal+extra))
		require.NoError(t, err)
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		plan, l := s.Resolve("c.yaml", now, fakeLookup{})
		return plan, l.Err()
	}
	plan, err := resolve("inspections:\n  rank_by: average\n  rounds:\n    - {id: midterm, name: 中途检查, opens: +10s, due: +20s}\n")
	require.NoError(t, err)
	implement := time.Date(2026, 11, 23, 10, 1, 0, 0, time.UTC)
	assert.Equal(t, []CheckRound{{ID: "midterm", Name: "中途检查", Opens: implement.Add(10 * time.Second), Due: implement.Add(30 * time.Second)}}, plan.Checks)
	assert.Equal(t, RankByAverage, plan.RankBy)

	_, err = resolve("inspections:\n  rank_by: best\n  rounds:\n    - {id: final, name: x, opens: +10s, due: +20s}\n" +
		"    - {id: late, name: 晚检查, opens: +10s, due: +1h}\n    - {id: late, name: \"\", opens: soon, due: +1s}\n")
	require.Error(t, err)
	for _, want := range []string{
		`c.yaml: inspections.rank_by: "best" is not a ranking basis`,
		`c.yaml:16: id: "final" cannot name a check`,
		`c.yaml:17: due: the check from`,
		`c.yaml:18: id: check "late" appears twice (first on line 17)`,
		`c.yaml:18: name: check "late" needs a name`,
		`c.yaml:18: opens: "soon"`,
	} {
		assert.Contains(t, english.Of(err), want)
	}
}

// askedLookup records what the spec asked it for.
type askedLookup struct {
	fakeLookup
	asked []string
}

func (l *askedLookup) Standard(ref string) (*standard.Standard, error) {
	l.asked = append(l.asked, ref)
	return l.fakeLookup.Standard("civilized-unit")
}

func (l *askedLookup) UnitIDs(path string) ([]string, error) {
	l.asked = append(l.asked, path)
	return []string{"a", "b"}, nil
}

// A path in a spec (standard:, units_file:) names a file in the spec's folder: an absolute
// path, or one that leaves the folder through "..", is refused at its line and field before
// anything is looked up; a standard that is neither a .yaml path nor an id is refused too.
func TestSpecPathsStayInTheSpecsFolder(t *testing.T) {
	for _, tt := range []struct {
		standard, units, want string
	}{
		{standard: "/etc/standards/civilized-unit.yaml", want: `c.yaml:3: standard: "/etc/standards/civilized-unit.yaml" is an absolute path: name a file in the spec's folder, relative to it`},
		{standard: "../standards/civilized-unit.yaml", want: `c.yaml:3: standard: "../standards/civilized-unit.yaml" leads out of the spec's folder: name a file in it or below it`},
		{standard: "forms/../../x.yml", want: `c.yaml:3: standard: "forms/../../x.yml" leads out of the spec's folder`},
		{standard: "../../etc/passwd", want: `c.yaml:3: standard: "../../etc/passwd" is neither a standard id (letters, digits, '-', '_', '.') nor a .yaml file in the spec's folder`},
		{units: "/home/office/units.csv", want: `c.yaml:4: units_file: "/home/office/units.csv" is an absolute path`},
		{units: "../units.csv", want: `c.yaml:4: units_file: "../units.csv" leads out of the spec's folder`},
		{units: "lists/../../../units.csv", want: `c.yaml:4: units_file: "lists/../../../units.csv" leads out of the spec's folder`},
		{standard: "forms/civilized-unit.yaml", units: "lists/../units.csv"},
		{standard: "./civilized-unit.yml", units: "units.csv"},
		{standard: "civilized-unit", units: "lists/units.csv"},
	} {
		t.Run(tt.standard+" "+tt.units, func(t *testing.T) {
			text := strings.Replace(minimal, "units: [a, b, c]", "units_file: "+cmp.Or(tt.units, "units.csv"), 1)
			text = strings.Replace(text, "standard: civilized-unit", "standard: "+cmp.Or(tt.standard, "civilized-unit"), 1)
			s, err := Parse("c.yaml", []byte(text))
			require.NoError(t, err)
			look := &askedLookup{}
			_, l := s.Resolve("c.yaml", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), look)
			if tt.want == "" {
				require.NoError(t, l.Err())
				assert.Len(t, look.asked, 2)
				return
			}
			assert.Contains(t, english.Of(l.Err()), tt.want)
			for _, asked := range look.asked {
				assert.NotEqual(t, asked, cmp.Or(tt.standard, tt.units), "a refused path is never looked up")
			}
		})
	}
}
