// Package schedule is the file that sets the evaluation rounds that start themselves: when
// (cron expressions, checked and previewed here with robfig/cron) and how each round runs
// (how long voting, self-reports and assessment take, the share recommended, the flags given,
// the notice). The runs themselves are Temporal Schedules.
package schedule

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"wenming/msg"

	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"

	"wenming/input/problem"
	"wenming/rules/campaign"
	"wenming/rules/fanout"
	"wenming/rules/points"
	"wenming/rules/timeline"
)

// Kind is a kind of round.
type Kind string

// The kinds of evaluation round.
const (
	Pioneer Kind = "pioneer" // 党员先锋岗, quarterly
	RedFlag Kind = "redflag" // 红旗党支部, half-yearly
	Annual  Kind = "annual"  // 年终表彰: the yearly titles, once a year
)

// File is the schedules file: the time zone, the catch-up window, and a section for each kind
// of round it sets, under the kind's name (pioneer:, redflag:), read by the kind's Section.
type File struct {
	Timezone      string               `yaml:"timezone"`
	CatchupWindow string               `yaml:"catchup_window"`
	Sections      map[string]yaml.Node `yaml:",inline"`
}

// Section is a kind's section of the schedules file: when its rounds start, and how they run.
type Section interface {
	CronExpr() string
	// Resolve checks the section (fields are named under prefix, e.g. "pioneer.") and fills
	// the kind's settings into c, which holds what every kind shares.
	Resolve(l *problem.List, prefix string, c Config) Config
}

// PioneerRounds sets the quarterly pioneer-post rounds.
type PioneerRounds struct {
	Cron      string   `yaml:"cron"`
	Standard  string   `yaml:"standard"`
	Voting    string   `yaml:"voting"` // sheets due this long after the round opens
	Share     string   `yaml:"share"`  // recommend at most this share of a branch's members
	Notice    string   `yaml:"notice"`
	GroupSize int      `yaml:"group_size"`
	Branches  []string `yaml:"branches"` // only these branches take part (default: every branch)
	Streak    string   `yaml:"streak"`   // year (default): streaks count inside the year; rolling: across it
	Reward    string   `yaml:"reward"`   // the material reward the plan states with each post, in its words
}

// CronExpr is when the rounds start.
func (r *PioneerRounds) CronExpr() string { return r.Cron }

// Resolve reads the pioneer rounds' settings.
func (r *PioneerRounds) Resolve(l *problem.List, prefix string, c Config) Config {
	c.StandardID = orDefault(r.Standard, "pioneer-post")
	c.Voting = duration(l, prefix+"voting", r.Voting, 14*timeline.Day)
	c.ShareBP = share(l, prefix+"share", r.Share, 3000)
	c.Notice = duration(l, prefix+"notice", r.Notice, 5*timeline.Day)
	c.GroupSize = groupSize(l, prefix+"group_size", r.GroupSize)
	c.Branches = r.Branches
	c.RollingStreak = rollingStreak(l, prefix+"streak", r.Streak)
	c.Reward = reward(l, prefix+"reward", r.Reward)
	return c
}

// RedFlagRounds sets the half-yearly red-flag rounds.
type RedFlagRounds struct {
	Cron       string   `yaml:"cron"`
	Standard   string   `yaml:"standard"`
	SelfReport string   `yaml:"self_report"` // self-reports due this long after the round opens
	Assessment string   `yaml:"assessment"`  // committee scores due this long after the self-reports
	Flags      int      `yaml:"flags"`       // the top K receive the rotating red flag
	Notice     string   `yaml:"notice"`
	GroupSize  int      `yaml:"group_size"`
	Branches   []string `yaml:"branches"` // only these branches take part (default: every branch)
	Streak     string   `yaml:"streak"`   // year (default): streaks count inside the year; rolling: across it
	Reward     string   `yaml:"reward"`   // the material reward the plan states with each flag, in its words
}

// CronExpr is when the rounds start.
func (r *RedFlagRounds) CronExpr() string { return r.Cron }

// Resolve reads the red-flag rounds' settings.
func (r *RedFlagRounds) Resolve(l *problem.List, prefix string, c Config) Config {
	flags := r.Flags
	if flags == 0 {
		flags = 3
	}
	if flags < 0 {
		l.Add(0, prefix+"flags", "problem.schedule.below", "Flags", flags)
	}
	c.StandardID = orDefault(r.Standard, "red-flag-branch")
	c.SelfReport = duration(l, prefix+"self_report", r.SelfReport, 10*timeline.Day)
	c.Assessment = duration(l, prefix+"assessment", r.Assessment, 10*timeline.Day)
	c.Flags = flags
	c.Notice = duration(l, prefix+"notice", r.Notice, 5*timeline.Day)
	c.GroupSize = groupSize(l, prefix+"group_size", r.GroupSize)
	c.Branches = r.Branches
	c.RollingStreak = rollingStreak(l, prefix+"streak", r.Streak)
	c.Reward = reward(l, prefix+"reward", r.Reward)
	return c
}

// MaxReward bounds a reward's words.
const MaxReward = 100

// reward reads the material reward a plan states with each honour (e.g. 一定物质奖励): none
// unless it states one.
func reward(l *problem.List, field, text string) string {
	text = strings.TrimSpace(text)
	if n := utf8.RuneCountInString(text); n > MaxReward {
		l.Add(0, field, "problem.schedule.reward_too_long", "Chars", n, "Max", MaxReward)
	}
	return text
}

// rollingStreak reads how a kind's streaks count: inside the calendar year (year, the
// default, as the plans' 年度 says), or on across its end (rolling).
func rollingStreak(l *problem.List, field, text string) bool {
	switch text {
	case "", "year":
		return false
	case "rolling":
		return true
	}
	l.Add(0, field, "problem.schedule.streak", "Text", text)
	return false
}

// AnnualRounds sets the year-end commendation (年终表彰) of the year just ended.
type AnnualRounds struct {
	Cron       string `yaml:"cron"`
	Notice     string `yaml:"notice"`
	CheckEvery string `yaml:"check_every"` // how often it looks whether the year's last rounds are awarded
}

// CronExpr is when the rounds start.
func (r *AnnualRounds) CronExpr() string { return r.Cron }

// Resolve reads the year-end round's settings.
func (r *AnnualRounds) Resolve(l *problem.List, prefix string, c Config) Config {
	c.Notice = duration(l, prefix+"notice", r.Notice, 5*timeline.Day)
	c.CheckEvery = duration(l, prefix+"check_every", r.CheckEvery, timeline.Day)
	return c
}

// Defaults is the file used when none is given: DOMAIN.md's cadences.
const Defaults = `timezone: Asia/Shanghai
catchup_window: 7d
pioneer:
  cron: "0 9 1 1,4,7,10 *"   # 09:00 on the 1st of January, April, July and October
  standard: pioneer-post
  voting: 14d
  share: 30%
  notice: 5d
  reward: 一定物质奖励        # 二.（二）4: 授予流动党员先锋岗岗牌，并给予一定物质奖励
redflag:
  cron: "0 9 1 1,7 *"        # 09:00 on the 1st of January and July
  standard: red-flag-branch
  self_report: 10d
  assessment: 10d
  flags: 3
  notice: 5d
  reward: 一定物质奖励        # 二.（一）3: 授予流动红旗，并给予一定物质奖励
annual:
  cron: "0 9 20 1 *"         # 09:00 on 20 January: the year just ended
  notice: 5d
  check_every: 1d
`

// Config is how one round runs, resolved from the file; it travels in the round's input.
type Config struct {
	Kind        Kind
	Timezone    string
	StandardID  string
	Voting      time.Duration // pioneer
	ShareBP     int           // pioneer
	SelfReport  time.Duration // red flag
	Assessment  time.Duration // red flag
	Flags       int           // red flag
	CheckEvery  time.Duration // annual: how often it looks whether the year's last rounds are awarded
	Notice      time.Duration
	RemindEvery time.Duration
	GroupSize   int
	Branches    []string // empty: every branch with members
	// RollingStreak: the kind's streaks run on across the year's end (streak: rolling); by
	// default they count inside the calendar year (see StreakAfter). Rounds store it in their
	// config, and the award reads it there.
	RollingStreak bool `json:",omitempty"`
	// Reward is the material reward each honour of the round comes with, as the plan states it
	// (给予一定物质奖励); empty: none stated. The award reads it in the round's config.
	Reward string `json:",omitempty"`
}

// Plan is a checked schedules file.
type Plan struct {
	Location      *time.Location
	Timezone      string
	CatchupWindow time.Duration
	Crons         map[Kind]string
	Configs       map[Kind]Config
}

// Parse reads and checks a schedules file, reporting every problem at once.
func Parse(name string, data []byte) (*Plan, error) {
	var f File
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, problem.New(name, 0, "", "problem.sheet.file_empty")
		}
		return nil, problem.New(name, 0, "", "problem.schedule.valid_schedules_file", "Why", problem.YAMLReason(err))
	}
	l := problem.In(name)
	p := &Plan{Timezone: f.Timezone, Crons: map[Kind]string{}, Configs: map[Kind]Config{}}
	if p.Timezone == "" {
		p.Timezone = campaign.DefaultTimezone
	}
	loc, err := time.LoadLocation(p.Timezone)
	if err != nil {
		l.Add(0, "timezone", "problem.schedule.time_zone_asia_shanghai", "Timezone", p.Timezone)
		loc = time.UTC
	}
	p.Location = loc
	p.CatchupWindow = duration(l, "catchup_window", f.CatchupWindow, 7*timeline.Day)
	for _, key := range slices.Sorted(maps.Keys(f.Sections)) {
		if _, err := Spec(Kind(key)); err != nil {
			l.Add(0, "", "problem.schedule.unknown_section", "Key", key, "Known", kindNames())
		}
	}
	for _, k := range Kinds {
		node, ok := f.Sections[string(k.Kind)]
		if !ok {
			continue
		}
		sec := k.Section()
		if err := decodeStrict(&node, sec); err != nil {
			l.Add(0, string(k.Kind), "problem.schedule.valid_schedules_file", "Why", problem.YAMLReason(err))
			continue
		}
		prefix := string(k.Kind) + "."
		p.Crons[k.Kind] = checkCron(l, prefix+"cron", sec.CronExpr())
		p.Configs[k.Kind] = sec.Resolve(l, prefix, Config{Kind: k.Kind, Timezone: p.Timezone})
	}
	if len(p.Configs) == 0 && l.Err() == nil {
		l.Add(0, "", "problem.schedule.no_kind_set", "Known", kindNames())
	}
	for k, c := range p.Configs {
		c.RemindEvery = max(c.Notice/5, time.Second)
		p.Configs[k] = c
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// decodeStrict decodes a section into its struct, refusing keys the struct does not have.
func decodeStrict(node *yaml.Node, v any) error {
	b, err := yaml.Marshal(node)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	return dec.Decode(v)
}

// parser reads standard five-field cron expressions (minute hour day month weekday).
var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

func checkCron(l *problem.List, field, expr string) string {
	if strings.TrimSpace(expr) == "" {
		l.Add(0, field, "problem.schedule.cron_expression_missing")
		return expr
	}
	if _, err := parser.Parse(expr); err != nil {
		l.Add(0, field, "problem.schedule.cron_expression_minute_hour", "Expr", expr, "Detail", err)
	}
	return expr
}

// Next lists the next n runs of a kind after `after`, in the file's time zone.
func (p *Plan) Next(k Kind, after time.Time, n int) ([]time.Time, error) {
	expr, ok := p.Crons[k]
	if !ok {
		return nil, msg.Err("problem.schedule.no_rounds", "Kind", string(k))
	}
	s, err := parser.Parse(expr)
	if err != nil {
		return nil, err
	}
	var out []time.Time
	t := after.In(p.Location)
	for range n {
		t = s.Next(t)
		out = append(out, t)
	}
	return out, nil
}

func duration(l *problem.List, field, text string, fallback time.Duration) time.Duration {
	if text == "" {
		return fallback
	}
	d, err := timeline.ParseDuration(text)
	if err != nil || d <= 0 {
		l.Add(0, field, "problem.schedule.duration_above_d_h", "Text", text)
		return fallback
	}
	return d
}

func share(l *problem.List, field, text string, fallback int) int {
	if text == "" {
		return fallback
	}
	s, scale := strings.TrimSpace(text), points.Points(10000)
	if strings.HasSuffix(s, "%") {
		s, scale = strings.TrimSuffix(s, "%"), 100
	}
	v, err := points.Parse(s)
	bp := int(v) * int(scale) / 100
	if err != nil || bp <= 0 || bp > 10000 {
		l.Add(0, field, "problem.schedule.share_between", "Text", text)
		return fallback
	}
	return bp
}

func groupSize(l *problem.List, field string, n int) int {
	n = fanout.GroupSize(n)
	if n < 1 || n > fanout.MaxGroupSize {
		l.Add(0, field, "problem.schedule.outside", "N", n, "MaxGroupSize", fanout.MaxGroupSize)
	}
	return n
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// Outcomes of a subject in round_results, with their Chinese names.
var Outcomes = []struct{ ID, Name string }{
	{"awarded", "授予"}, {"recommended_not_approved", "推荐未批准"}, {"not_recommended", "未推荐"},
	{"ineligible", "不具备资格"}, {"removed_by_objection", "公示异议成立"}, {"exempt", "免评"},
	{"revoked", "撤销"},
}

// OutcomeName is the Chinese name of a round outcome.
func OutcomeName(id string) string {
	for _, o := range Outcomes {
		if o.ID == id {
			return o.Name
		}
	}
	return id
}

// HonorNames are the Chinese names of the honors.
var HonorNames = map[string]string{
	"pioneer_post": "党员先锋岗", "excellent_member": "优秀共产党员",
	"red_flag": "流动红旗", "advanced_branch": "先进党支部",
}
