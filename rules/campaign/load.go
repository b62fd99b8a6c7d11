package campaign

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"wenming/input/problem"
	"wenming/msg"
	"wenming/rules/fanout"
	"wenming/rules/points"
	"wenming/rules/rank"
	"wenming/rules/standard"
	"wenming/rules/timeline"
	"wenming/rules/title"
)

// Defaults of DOMAIN.md, used where the spec is silent.
const (
	DefaultTimezone           = "Asia/Shanghai"
	DefaultNotice             = 5 * timeline.Day
	DefaultConsolidate        = 365 * timeline.Day
	DefaultProgress           = timeline.Week
	DefaultRanking            = 30 * timeline.Day
	DefaultBigFix             = timeline.Week
	DefaultReportMaxChars     = 1500 // 申报材料 (四.3)
	DefaultSummaryMaxChars    = 800  // the form's 简介 (附件5, 6: 简介字数在800字以内)
	DefaultParentShare        = "10%"
	DefaultRulesSource        = "《市直机关开展“三创三树”精神文明创建活动实施方案》"
	DefaultUnitRecommender    = "单位党组（党委）"
	DefaultSubUnitRecommender = "主管单位机关党委"
	DefaultGroupSize          = fanout.DefaultGroupSize
	DefaultConsultWithin      = 10 * timeline.Day
	DefaultConsultBody        = "市直机关纪工委"
	DefaultDecidingBody       = "市文明办、市直机关工委"
	// DefaultPeopleDecidingBody decides a person campaign's names by default: the form of 文明标兵
	// (三创三树方案 附件7) has only the 工委's box for its approval.
	DefaultPeopleDecidingBody = "市直机关工委"
	// DefaultAuditBody reviews a unit campaign's list after the committee's opinions and before
	// the notice (三创三树方案 四.5: 在征求市直纪工委或相关部门意见基础上，报市文明办审核).
	DefaultAuditBody = "市文明办"
	// MaxReward bounds the words of a title\'s material reward.
	MaxReward               = 100
	DefaultTieWithin        = 10 * timeline.Day
	DefaultObjectionsWithin = 10 * timeline.Day
	DefaultDecideWithin     = 30 * timeline.Day
	DefaultAuditWithin      = 10 * timeline.Day
	MaxGroupSize            = fanout.MaxGroupSize
	// MaxSupervisionTicks bounds the progress checks and rankings up to the acceptance
	// deadline, which bounds the campaign workflow's history.
	MaxSupervisionTicks = 400
)

// Parse decodes a spec; Resolve checks it.
func Parse(name string, data []byte) (*Spec, error) {
	var s Spec
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, problem.New(name, 0, "", "problem.sheet.file_empty")
		}
		return nil, problem.New(name, 0, "", "problem.campaign.valid_campaign_spec", "Why", problem.YAMLReason(err))
	}
	s.lines = topLevelLines(data)
	return &s, nil
}

// topLevelLines finds the line of each top-level key of a spec that decoded.
func topLevelLines(data []byte) map[string]int {
	lines := map[string]int{}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return lines
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		lines[m.Content[i].Value] = m.Content[i].Line
	}
	return lines
}

// IsStandardPath tells a spec's standard given as a file (a .yaml in the spec's folder) from
// one given by id (under the standards folder).
func IsStandardPath(ref string) bool {
	return strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml")
}

// inFolder checks a path the spec names (a standard, a units file): relative to the spec's
// folder and inside it, so that a spec cannot have the CLI read a file elsewhere on the
// machine. What the path leads to through symbolic links is the lookup's to check.
func (r *resolver) inFolder(field, path string) bool {
	switch {
	case filepath.IsAbs(path):
		r.l.Add(r.spec.lines[field], field, "problem.campaign.path_absolute", "Path", path)
	case !filepath.IsLocal(path):
		r.l.Add(r.spec.lines[field], field, "problem.campaign.path_leaves_folder", "Path", path)
	default:
		return true
	}
	return false
}

// UnmarshalYAML remembers each task's line, for problems.
func (t *Task) UnmarshalYAML(n *yaml.Node) error {
	type plain Task
	if err := n.Decode((*plain)(t)); err != nil {
		return err
	}
	t.Line = n.Line
	return nil
}

// Lookup finds what a spec refers to outside itself.
type Lookup interface {
	// Standard loads a standard by id, or by a path relative to the spec's folder and inside
	// it (IsStandardPath).
	Standard(ref string) (*standard.Standard, error)
	// UnitIDs reads the id column of a units file, by a path relative to the spec's folder
	// and inside it.
	UnitIDs(path string) ([]string, error)
}

// Resolve checks the spec and resolves its times, relative to now for durations that start
// from the campaign's start. Every problem is in the returned list; the plan is nil when
// there is any.
func (s *Spec) Resolve(name string, now time.Time, look Lookup) (*Plan, *problem.List) {
	r := resolver{spec: s, l: problem.In(name), now: now, plan: &Plan{ID: s.ID, Title: s.Title, Leaders: s.Leadership}}
	if s.Subject == SubjectRating {
		r.resolveRating(look)
		if r.l.Len() > 0 {
			return nil, r.l
		}
		return r.plan, r.l
	}
	r.identity()
	r.standard(look)
	r.units(look)
	r.schedule()
	r.tasks()
	r.checks()
	r.rules()
	if r.l.Len() > 0 {
		return nil, r.l
	}
	return r.plan, r.l
}

type resolver struct {
	spec *Spec
	l    *problem.List
	now  time.Time
	loc  *time.Location
	plan *Plan
	std  *standard.Standard
}

func (r *resolver) identity() {
	if !standard.ValidID(r.spec.ID) {
		r.l.Add(0, "id", "problem.campaign.valid_campaign_id_letters", "ID", r.spec.ID)
	}
	if strings.TrimSpace(r.spec.Title) == "" {
		r.l.Add(0, "title", "problem.campaign.campaign_needs_title")
	}
	for i, ld := range r.spec.Leadership {
		if strings.TrimSpace(ld.Name) == "" || strings.TrimSpace(ld.Role) == "" {
			r.l.Add(0, fmt.Sprintf("leadership[%d]", i), "problem.campaign.each_member_leadership_group")
		}
	}
	tz := r.spec.Timezone
	if tz == "" {
		tz = DefaultTimezone
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		r.l.Add(0, "timezone", "problem.campaign.time_zone_asia_shanghai", "Tz", tz)
		loc = time.UTC
	}
	r.loc, r.plan.Timezone = loc, tz
}

func (r *resolver) standard(look Lookup) {
	if r.spec.Subject == SubjectPerson {
		// People are nominated with an account of deeds; no form scores them.
		if r.spec.Standard != "" {
			r.l.Add(0, "standard", "problem.campaign.person_no_standard")
		}
		return
	}
	if r.spec.Standard == "" {
		r.l.Add(0, "standard", "problem.campaign.name_standard_id_under")
		return
	}
	ref := r.spec.Standard
	if IsStandardPath(ref) {
		if !r.inFolder("standard", ref) {
			return
		}
	} else if !standard.ValidID(ref) {
		r.l.Add(r.spec.lines["standard"], "standard", "problem.campaign.standard_ref", "Ref", ref)
		return
	}
	std, err := look.Standard(ref)
	if err != nil {
		r.l.AddErr(r.spec.lines["standard"], "standard", err)
		return
	}
	r.std = std
	r.plan.StandardID, r.plan.StandardDigest = std.ID, std.Digest()
}

func (r *resolver) units(look Lookup) {
	ids := r.spec.Units
	unread := false // the units file could not be read: said already
	switch {
	case len(ids) > 0 && r.spec.UnitsFile != "":
		r.l.Add(0, "units", "problem.campaign.give_units_units_file")
	case r.spec.UnitsFile != "" && r.inFolder("units_file", r.spec.UnitsFile):
		fromFile, err := look.UnitIDs(r.spec.UnitsFile)
		if err != nil {
			r.l.AddErr(r.spec.lines["units_file"], "units_file", err)
			unread = true
		}
		ids = fromFile
	case r.spec.UnitsFile != "":
		unread = true
	}
	if len(ids) == 0 && !unread { // none listed, or a units file of a header alone
		r.l.Add(0, "units", "problem.campaign.no_units_take_part")
	}
	seen := map[string]bool{}
	for _, id := range ids {
		switch {
		case !standard.ValidID(id):
			r.l.Add(0, "units", "problem.campaign.valid_unit_id", "Id", id)
		case id == AllUnits:
			r.l.Add(0, "units", "problem.campaign.reserved_for_tasks_every", "Id", id)
		case seen[id]:
			r.l.Add(0, "units", "problem.campaign.unit_listed_twice", "Id", id)
		}
		seen[id] = true
	}
	r.plan.Units = ids
	size := r.spec.GroupSize
	if size == 0 {
		size = DefaultGroupSize
	}
	if size < 1 || size > MaxGroupSize {
		r.l.Add(0, "group_size", "problem.campaign.outside", "N", size, "MaxGroupSize", MaxGroupSize)
	}
	r.plan.GroupSize = size
}

func (r *resolver) schedule() {
	sc := r.spec.Schedule
	t := &r.plan.Timeline
	prev := r.now
	point := func(field, text string, required bool) time.Time {
		if text == "" {
			if required {
				r.l.Add(0, "schedule."+field, "problem.campaign.boundary_missing_date_time")
			}
			return prev
		}
		p, err := timeline.ParsePoint(text, r.loc)
		if err != nil {
			r.l.AddErr(0, "schedule."+field, err)
			return prev
		}
		at := p.Resolve(prev)
		if at.Before(prev) {
			r.l.Add(0, "schedule."+field, "problem.campaign.comes_before_previous_boundary", "At", r.at(at), "Prev", r.at(prev))
		}
		prev = at
		return at
	}
	t.Mobilize = point("mobilize", sc.Mobilize, false)
	t.Implement = point("implement", sc.Implement, true)
	t.SelfCheck = point("selfcheck", sc.SelfCheck, true)
	t.DeclareBy = point("declare_by", sc.DeclareBy, true)
	t.AcceptBy = point("accept_by", sc.AcceptBy, true)
	if !t.DeclareBy.After(t.SelfCheck) {
		r.l.Add(0, "schedule.declare_by", "problem.campaign.self_check_needs_time")
	}
	if !t.DeclareBy.After(r.now) {
		r.l.Add(0, "schedule.declare_by", "problem.campaign.has_already_passed", "DeclareBy", r.at(t.DeclareBy))
	}
	t.Consolidate = r.duration("schedule.consolidate", sc.Consolidate, DefaultConsolidate)
	t.ProgressEvery = r.duration("supervision.progress", r.spec.Supervision.Progress, DefaultProgress)
	if text := strings.TrimSpace(r.spec.Supervision.Ranking); text == "" || text == "monthly" {
		t.RankMonthly, t.RankingEvery = true, DefaultRanking // the month, as the bound on checks counts it
	} else {
		t.RankingEvery = r.duration("supervision.ranking", text, DefaultRanking)
	}
	if t.ProgressEvery > 0 && t.RankingEvery > 0 {
		span := t.AcceptBy.Sub(t.Implement)
		if ticks := span/t.ProgressEvery + span/t.RankingEvery; ticks > MaxSupervisionTicks {
			r.l.Add(0, "supervision", "problem.campaign.progress_checks_rankings_before", "Ticks", int64(ticks), "MaxSupervisionTicks", MaxSupervisionTicks)
		}
	}
	t.NoticeLength = r.duration("notice.length", r.spec.Notice.Length, DefaultNotice)
	if t.NoticeLength < DefaultNotice && !r.spec.Notice.AllowShort {
		r.l.Add(0, "notice.length", "problem.campaign.public_notice_lasts_at")
	}
	r.plan.NoticeContact = r.spec.Notice.Contact
	r.plan.NoNamingNotice = r.spec.Notice.BeforeNaming != nil && !*r.spec.Notice.BeforeNaming
	t.SmallFix = r.fix("rectification.small", r.spec.Rectification.Small, FixRule{SameDay: true})
	t.BigFix = r.fix("rectification.big", r.spec.Rectification.Big, FixRule{Within: DefaultBigFix})
}

func (r *resolver) duration(field, text string, fallback time.Duration) time.Duration {
	if text == "" {
		return fallback
	}
	d, err := timeline.ParseDuration(text)
	if err != nil {
		r.l.AddErr(0, field, err)
		return fallback
	}
	if d <= 0 {
		r.l.Add(0, field, "problem.campaign.longer_than")
		return fallback
	}
	return d
}

func (r *resolver) fix(field, text string, fallback FixRule) FixRule {
	switch text {
	case "":
		return fallback
	case "same-day":
		return FixRule{SameDay: true}
	}
	return FixRule{Within: r.duration(field, text, fallback.Within)}
}

func (r *resolver) tasks() {
	inCampaign := map[string]bool{}
	for _, u := range r.plan.Units {
		inCampaign[u] = true
	}
	seen := map[string]int{}
	t := r.plan.Timeline
	for _, task := range r.spec.Tasks {
		if !standard.ValidID(task.ID) {
			r.l.Add(task.Line, "id", "problem.campaign.valid_task_id", "ID", task.ID)
		} else if first, dup := seen[task.ID]; dup {
			r.l.Add(task.Line, "id", "problem.campaign.task_appears_twice_first", "ID", task.ID, "First", first)
		}
		seen[task.ID] = task.Line
		if strings.TrimSpace(task.Title) == "" {
			r.l.Add(task.Line, "title", "problem.campaign.task_needs_title", "ID", task.ID)
		}
		if task.Unit != AllUnits && !inCampaign[task.Unit] {
			r.l.Add(task.Line, "unit", "problem.campaign.unit_this_campaign_all", "Unit", task.Unit)
		}
		if strings.TrimSpace(task.Person) == "" {
			r.l.Add(task.Line, "person", "problem.campaign.task_needs_responsible_person", "ID", task.ID)
		}
		p, err := timeline.ParsePoint(task.Deadline, r.loc)
		if err != nil {
			r.l.AddErr(task.Line, "deadline", err)
			continue
		}
		due := p.Resolve(t.Implement)
		if due.Before(t.Implement) || due.After(t.SelfCheck) {
			r.l.Add(task.Line, "deadline", "problem.campaign.outside_implementation_phase", "Due", r.at(due), "Implement", r.at(t.Implement), "SelfCheck", r.at(t.SelfCheck))
		}
		r.plan.Tasks = append(r.plan.Tasks, PlannedTask{ID: task.ID, Title: task.Title, Unit: task.Unit, Person: task.Person, Deadline: due})
	}
}

// checks resolves the inspections before the final acceptance: each inside implementation and
// acceptance, its window after it opens.
func (r *resolver) checks() {
	in := r.spec.Inspections
	if r.spec.Subject == SubjectPerson && (len(in.Rounds) > 0 || in.RankBy != "") {
		r.l.Add(0, "inspections", "problem.campaign.person_no_inspections")
		return
	}
	switch in.RankBy {
	case "", RankByLast:
	case RankByAverage:
		r.plan.RankBy = RankByAverage
	default:
		r.l.Add(0, "inspections.rank_by", "problem.campaign.rank_by", "Text", in.RankBy)
	}
	t := r.plan.Timeline
	seen := map[string]int{}
	for _, c := range in.Rounds {
		switch {
		case !standard.ValidID(c.ID) || c.ID == FinalCheck:
			r.l.Add(c.Line, "id", "problem.campaign.check_id", "ID", c.ID)
		case seen[c.ID] > 0:
			r.l.Add(c.Line, "id", "problem.campaign.check_twice", "ID", c.ID, "First", seen[c.ID])
		}
		seen[c.ID] = c.Line
		if strings.TrimSpace(c.Name) == "" {
			r.l.Add(c.Line, "name", "problem.campaign.check_name", "ID", c.ID)
		}
		opens, ok1 := t.Implement, true // by default a check opens with implementation
		if c.Opens != "" {
			opens, ok1 = r.point(c.Line, "opens", c.Opens, t.Implement)
		}
		due, ok2 := r.point(c.Line, "due", c.Due, opens)
		if !ok1 || !ok2 {
			continue
		}
		if opens.Before(t.Implement) || !due.After(opens) || due.After(t.AcceptBy) {
			r.l.Add(c.Line, "due", "problem.campaign.check_window", "Opens", r.at(opens), "Due", r.at(due),
				"Implement", r.at(t.Implement), "AcceptBy", r.at(t.AcceptBy))
		}
		r.plan.Checks = append(r.plan.Checks, CheckRound{ID: c.ID, Name: strings.TrimSpace(c.Name), Opens: opens, Due: due})
	}
}

// point resolves a time of the spec at a line: absolute, or +duration after from.
func (r *resolver) point(line int, field, text string, from time.Time) (time.Time, bool) {
	if text == "" {
		r.l.Add(line, field, "problem.campaign.boundary_missing_date_time")
		return from, false
	}
	p, err := timeline.ParsePoint(text, r.loc)
	if err != nil {
		r.l.AddErr(line, field, err)
		return from, false
	}
	return p.Resolve(from), true
}

func (r *resolver) rules() {
	q := r.spec.Quota
	if q.Max < 0 {
		r.l.Add(0, "quota.max", "problem.campaign.below", "Max", q.Max)
	}
	r.plan.Quota.Max = q.Max
	r.plan.Quota.ShareBP = r.percent("quota.share", q.Share)
	r.subject()
	share := q.PerParentShare
	if share == "" && (r.plan.Declaring.Subject == SubjectWindow || r.plan.Declaring.Subject == SubjectDepartment) {
		share = DefaultParentShare
	}
	r.plan.Quota.PerParentShareBP = r.percent("quota.per_parent_share", share)
	r.plan.Quota.Rounding = r.rounding(q.Rounding)
	r.plan.Declaring.PerParentShareBP, r.plan.Declaring.Rounding = r.plan.Quota.PerParentShareBP, r.plan.Quota.Rounding
	n := r.spec.Declaration.ReportMaxChars
	if n == 0 {
		n = DefaultReportMaxChars
	}
	if n < 0 {
		r.l.Add(0, "declaration.report_max_chars", "problem.campaign.below_2", "N", n)
	}
	r.plan.ReportMaxChars = n
	r.plan.ReviewMaterials = r.spec.Declaration.PreliminaryReview == nil || *r.spec.Declaration.PreliminaryReview
	r.nominees()
	r.decision()
}

// confers resolves the title the campaign confers: by default the 市直 title of its subject,
// with the term its plan states (none unless it states one: the title does not expire) and
// re-inspections within that term.
func (r *resolver) confers(subject string) {
	c := r.spec.Confers
	kinds := map[string][2]string{SubjectUnit: {"civilized-unit", "市直机关文明单位"}, SubjectWindow: {"civilized-window", "市直机关文明窗口"},
		SubjectDepartment: {"civilized-department", "市直机关文明科室"}, SubjectPerson: {"model-individual", "市直机关文明标兵"}}
	k := kinds[subject]
	level := title.Level(cmp.Or(c.Level, string(title.CityOrgans)))
	if !level.Valid() {
		r.l.Add(0, "confers.level", "problem.campaign.level", "Level", c.Level, "Levels", title.Levels)
	}
	r.plan.Confers = &Conferred{Kind: k[0], Level: level, Name: cmp.Or(strings.TrimSpace(c.Name), k[1]),
		Term: r.duration("confers.term", c.Term, 0), Reward: strings.TrimSpace(c.Reward)}
	if n := utf8.RuneCountInString(r.plan.Confers.Reward); n > MaxReward {
		r.l.Add(0, "confers.reward", "problem.campaign.reward_too_long", "Chars", n, "Max", MaxReward)
	}
	for i, text := range c.Reinspect {
		field := fmt.Sprintf("confers.reinspect[%d]", i)
		d := r.duration(field, text, 0)
		if term := r.plan.Confers.Term; d > 0 && term > 0 && d >= term {
			r.l.Add(0, field, "problem.campaign.reinspect_in_term")
		}
		r.plan.Confers.Reinspect = append(r.plan.Confers.Reinspect, d)
	}
}

// declaringNotice resolves the notice before declaring: windows and departments have one unless
// the spec says otherwise (三.6: 申报前需进行公示，公示时间不少于5天).
func (r *resolver) declaringNotice(subject string) {
	n := r.spec.Notice
	on := subject != SubjectUnit
	if n.BeforeDeclaring != nil {
		on = *n.BeforeDeclaring
	}
	if !on {
		if n.BeforeDeclaringLength != "" {
			r.l.Add(0, "notice.before_declaring_length", "problem.campaign.no_declaring_notice")
		}
		return
	}
	length := r.duration("notice.before_declaring_length", n.BeforeDeclaringLength, DefaultNotice)
	if length < DefaultNotice && !n.AllowShort {
		r.l.Add(0, "notice.before_declaring_length", "problem.campaign.public_notice_lasts_at")
	}
	r.plan.DeclaringNotice = &DeclaringNotice{Length: length, Contact: n.Contact, CampaignTitle: r.spec.Title}
}

// DefaultHeldTitles are the titles whose holders declare only windows, departments and model
// individuals (三创三树方案 三.1: 全国、省级和市级文明单位，省（市）精神文明建设工作先进单位).
var DefaultHeldTitles = []HeldTitle{
	{Kind: "civilized-unit", Levels: []title.Level{title.National, title.Provincial, title.City}},
	{Kind: "advanced-unit", Levels: []title.Level{title.Provincial, title.City}},
}

// subject resolves what the campaign names and the rules of declaring it.
func (r *resolver) subject() {
	d := r.spec.Declaration
	rules := &DeclarationRules{Subject: cmp.Or(r.spec.Subject, SubjectUnit), Source: cmp.Or(strings.TrimSpace(d.Source), DefaultRulesSource),
		SummaryMaxChars: cmp.Or(d.SummaryMaxChars, DefaultSummaryMaxChars),
		Recommenders: Recommendation{Unit: cmp.Or(strings.TrimSpace(d.Recommendation.Unit), DefaultUnitRecommender),
			SubUnit: cmp.Or(strings.TrimSpace(d.Recommendation.SubUnit), DefaultSubUnitRecommender)}}
	r.plan.Declaring = rules
	r.confers(rules.Subject)
	r.declaringNotice(rules.Subject)
	if d.SummaryMaxChars < 0 {
		r.l.Add(0, "declaration.summary_max_chars", "problem.campaign.below_2", "N", d.SummaryMaxChars)
	}
	if !slices.Contains(Subjects, rules.Subject) {
		r.l.Add(0, "subject", "problem.campaign.subject", "Subject", rules.Subject, "Subjects", slices.Concat(Subjects, []string{SubjectRating}))
		return
	}
	if rules.Subject != SubjectUnit {
		if d.HeldTitles != nil || d.PriorHonor != "" {
			r.l.Add(0, "declaration", "problem.campaign.title_rules_unit_only", "Subject", rules.Subject)
		}
		return
	}
	rules.HeldTitles = DefaultHeldTitles
	if d.HeldTitles != nil {
		rules.HeldTitles = r.heldTitles(*d.HeldTitles)
	}
	switch d.PriorHonor {
	case "":
		rules.PriorHonor = title.CityOrgans
	case "none":
	default:
		rules.PriorHonor = title.Level(d.PriorHonor)
		if !rules.PriorHonor.Valid() {
			r.l.Add(0, "declaration.prior_honor", "problem.campaign.level", "Level", d.PriorHonor, "Levels", title.Levels)
		}
	}
}

func (r *resolver) heldTitles(rules []HeldTitleRule) []HeldTitle {
	out := []HeldTitle{}
	for i, h := range rules {
		field := fmt.Sprintf("declaration.held_titles[%d]", i)
		if !title.ValidKind(h.Kind) {
			r.l.Add(0, field+".kind", "problem.title.kind", "Kind", h.Kind, "Kinds", title.Kinds)
		}
		if len(h.Levels) == 0 {
			r.l.Add(0, field+".levels", "problem.campaign.levels_empty")
		}
		held := HeldTitle{Kind: h.Kind}
		for _, l := range h.Levels {
			if !title.Level(l).Valid() {
				r.l.Add(0, field+".levels", "problem.campaign.level", "Level", l, "Levels", title.Levels)
			}
			held.Levels = append(held.Levels, title.Level(l))
		}
		out = append(out, held)
	}
	return out
}

func (r *resolver) rounding(text string) rank.Rounding {
	if text == "" {
		return rank.Down
	}
	if !slices.Contains(rank.Roundings, rank.Rounding(text)) {
		r.l.Add(0, "quota.rounding", "problem.campaign.rounding", "Text", text, "Roundings", rank.Roundings)
	}
	return rank.Rounding(text)
}

// decision resolves who is consulted, for how long, and who decides the names.
func (r *resolver) decision() {
	d := r.spec.Decision
	r.plan.Decision = &DecisionSteps{
		ConsultBody:   cmp.Or(strings.TrimSpace(d.ConsultBody), DefaultConsultBody),
		ConsultWithin: r.duration("decision.consult_within", d.ConsultWithin, DefaultConsultWithin),
		DecidingBody:  cmp.Or(strings.TrimSpace(d.DecidingBody), DefaultDecidingBody),
	}
	if r.spec.Subject == SubjectPerson && strings.TrimSpace(d.DecidingBody) == "" {
		r.plan.Decision.DecidingBody = DefaultPeopleDecidingBody
	}
	r.plan.Decision.AuditBody = r.auditBody(strings.TrimSpace(d.AuditBody))
	r.plan.Waits = &WaitLimits{
		Tie:        r.duration("decision.tie_within", d.TieWithin, DefaultTieWithin),
		Objections: r.duration("notice.decide_within", r.spec.Notice.DecideWithin, DefaultObjectionsWithin),
		Decision:   r.duration("decision.decide_within", d.DecideWithin, DefaultDecideWithin),
		Audit:      r.duration("decision.audit_within", d.AuditWithin, DefaultAuditWithin),
	}
}

// auditBody is who reviews the list before the notice: the plan's body, the default for a unit
// campaign, nobody for "none" or a person campaign (whose names are the 工委's alone, 附件7).
func (r *resolver) auditBody(text string) string {
	switch {
	case text == "none":
		return ""
	case r.spec.Subject == SubjectPerson && text != "":
		r.l.Add(0, "decision.audit_body", "problem.campaign.audit_people", "Body", text)
		return ""
	case r.spec.Subject == SubjectPerson:
		return ""
	}
	return cmp.Or(text, DefaultAuditBody)
}

// percent reads "50%" or "0.5" as basis points; empty is 0 (no limit).
func (r *resolver) percent(field, text string) int {
	if text == "" {
		return 0
	}
	s := strings.TrimSpace(text)
	scale := points.Points(10000)
	if strings.HasSuffix(s, "%") {
		s, scale = strings.TrimSuffix(s, "%"), 100
	}
	p, err := points.Parse(s)
	bp := int(p) * int(scale) / 100
	if err != nil || bp <= 0 || bp > 10000 {
		r.l.Add(0, field, "problem.campaign.share_between", "Text", text)
		return 0
	}
	return bp
}

// at is a moment of the spec in its time zone, for a problem to show.
func (r *resolver) at(t time.Time) msg.At { return msg.At{T: t, TZ: r.loc.String()} }
