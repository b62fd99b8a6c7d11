package schedule

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/rules/period"
	"wenming/testenv/english"
)

func TestDefaultsRunOnTheDatesOfDomain(t *testing.T) {
	p, err := Parse("defaults", []byte(Defaults))
	require.NoError(t, err)
	sh := p.Location
	from := time.Date(2026, 11, 23, 12, 0, 0, 0, sh)
	next, err := p.Next(Pioneer, from, 4)
	require.NoError(t, err)
	assert.Equal(t, []time.Time{
		time.Date(2027, 1, 1, 9, 0, 0, 0, sh), time.Date(2027, 4, 1, 9, 0, 0, 0, sh),
		time.Date(2027, 7, 1, 9, 0, 0, 0, sh), time.Date(2027, 10, 1, 9, 0, 0, 0, sh),
	}, next)
	assert.Equal(t, "2026-Q4", period.JustEnded(period.Quarter, next[0], sh).String(), "the January run evaluates the quarter just ended")
	flags, err := p.Next(RedFlag, from, 2)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2027, 7, 1, 9, 0, 0, 0, sh), flags[1])

	c := p.Configs[Pioneer]
	assert.Equal(t, 3000, c.ShareBP)
	assert.Equal(t, 14*24*time.Hour, c.Voting)
	assert.Equal(t, "pioneer-post", c.StandardID)
	assert.Equal(t, 3, p.Configs[RedFlag].Flags)
	assert.Equal(t, 7*24*time.Hour, p.CatchupWindow)
}

func TestBadFilesListEveryProblem(t *testing.T) {
	bad := `timezone: Atlantis/Deep
catchup_window: soon
pioneer:
  cron: "0 9 1 13 *"
  share: 130%
  voting: 0s
  streak: calendar
redflag:
  cron: ""
  flags: -2
  group_size: 900
`
	_, err := Parse("s.yaml", []byte(bad))
	require.Error(t, err)
	for _, want := range []string{
		`s.yaml: timezone: "Atlantis/Deep" is not a time zone`,
		`s.yaml: catchup_window: "soon" is not a duration`,
		`s.yaml: pioneer.cron: "0 9 1 13 *" is not a cron expression`,
		`s.yaml: pioneer.share: "130%" is not a share`,
		`s.yaml: pioneer.voting: "0s" is not a duration above 0`,
		`s.yaml: pioneer.streak: "calendar" is no way to count streaks: year (inside one calendar year, the default) or rolling`,
		`s.yaml: redflag.cron: the cron expression is missing`,
		`s.yaml: redflag.flags: -2 is below 0`,
		`s.yaml: redflag.group_size: 900 is outside 1..500`,
	} {
		assert.Contains(t, english.Of(err), want)
	}
	_, err = Parse("e.yaml", nil)
	assert.Contains(t, english.Of(err), "e.yaml: the file is empty")
	_, err = Parse("x.yaml", []byte("weekly: yes\n"))
	assert.Contains(t, english.Of(err), `x.yaml: "weekly" is not a kind of round: use pioneer (党员先锋岗), redflag (红旗党支部)`)
	_, err = Parse("n.yaml", []byte("timezone: UTC\n"))
	assert.Contains(t, english.Of(err), "the file sets no kind of round: set pioneer (党员先锋岗), redflag (红旗党支部)")
	_, err = Parse("f.yaml", []byte("pioneer:\n  cron: \"0 9 1 1 *\"\n  votes: 3\n"))
	assert.Contains(t, english.Of(err), "f.yaml: pioneer: ")
	assert.Contains(t, english.Of(err), "field votes not found", "a section's unknown key is refused")
}

// Streaks count inside the calendar year unless a kind's section says streak: rolling.
func TestStreaksCountInsideTheYearUnlessTheFileSaysRolling(t *testing.T) {
	p, err := Parse("defaults", []byte(Defaults))
	require.NoError(t, err)
	assert.False(t, p.Configs[Pioneer].RollingStreak)
	assert.False(t, p.Configs[RedFlag].RollingStreak)
	p, err = Parse("r.yaml", []byte("pioneer:\n  cron: \"0 9 1 1,4,7,10 *\"\n  streak: rolling\nredflag:\n  cron: \"0 9 1 1,7 *\"\n  streak: year\n"))
	require.NoError(t, err)
	assert.True(t, p.Configs[Pioneer].RollingStreak)
	assert.False(t, p.Configs[RedFlag].RollingStreak)
}

// 二.（一）3、二.（二）4: 给予一定物质奖励. The default schedules state the plan's reward with each
// flag and post; a file states its own or none, and one too long to record is refused.
func TestARewardIsWhatThePlanStates(t *testing.T) {
	p, err := Parse("defaults", []byte(Defaults))
	require.NoError(t, err)
	assert.Equal(t, "一定物质奖励", p.Configs[Pioneer].Reward)
	assert.Equal(t, "一定物质奖励", p.Configs[RedFlag].Reward)
	p, err = Parse("r.yaml", []byte("pioneer:\n  cron: \"0 9 1 1,4,7,10 *\"\nredflag:\n  cron: \"0 9 1 1,7 *\"\n  reward: \" 奖金500元 \"\n"))
	require.NoError(t, err)
	assert.Empty(t, p.Configs[Pioneer].Reward, "a file that states none records none")
	assert.Equal(t, "奖金500元", p.Configs[RedFlag].Reward)
	_, err = Parse("r.yaml", []byte("redflag:\n  cron: \"0 9 1 1,7 *\"\n  reward: "+strings.Repeat("奖", MaxReward+1)+"\n"))
	require.ErrorContains(t, err, "redflag.reward")
}

func TestShortSchedulesForADemo(t *testing.T) {
	p, err := Parse("demo", []byte(strings.ReplaceAll(Defaults, "14d", "20s")))
	require.NoError(t, err)
	assert.Equal(t, 20*time.Second, p.Configs[Pioneer].Voting)
}
