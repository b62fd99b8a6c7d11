package campaign

import (
	"time"

	"wenming/rules/rank"
	"wenming/rules/title"
)

// Plan is a validated spec with every time resolved: what the campaign workflow runs.
type Plan struct {
	ID             string
	Title          string
	StandardID     string
	StandardDigest string
	Timezone       string
	Units          []string
	Leaders        []Leader
	Tasks          []PlannedTask
	Timeline       Timeline
	Quota          PlannedQuota
	ReportMaxChars int
	GroupSize      int
	NoticeContact  string
	// Decision is how the names are decided after the review: the discipline committee's
	// opinions, then the deciding body's document. Nil in plans started before it was a step:
	// those confer the names when the notice ends.
	Decision *DecisionSteps `json:",omitempty"`
	// ReviewMaterials: the office reviews each declaration before inspection (初步审查, seed
	// plan 四.4). False in plans started before the review was a step.
	ReviewMaterials bool `json:",omitempty"`
	// Declaring holds who may declare and with what. Nil in plans started before the rules
	// were checked: those take any declaration at or above the line.
	Declaring *DeclarationRules `json:",omitempty"`
	// DeclaringNotice is the notice before declaring (申报前公示); nil when the campaign has none.
	DeclaringNotice *DeclaringNotice `json:",omitempty"`
	// NoNamingNotice: the campaign has no notice before naming (the spec said so); false in
	// every plan started before a campaign could go without it.
	NoNamingNotice bool `json:",omitempty"`
	// Waits are the plan's times for the office and the deciding body (see WaitLimits); nil in
	// plans started before they were read (they wait, reminding, as they began).
	Waits *WaitLimits `json:",omitempty"`
	// Checks are the inspections before the final acceptance (中途检查 ...), each scored and
	// kept; RankBy says which score ranks: "" or "last" the final acceptance, "average" the
	// average of every check and the final.
	Checks []CheckRound `json:",omitempty"`
	RankBy string       `json:",omitempty"`
	// Confers is the title the campaign confers, entered in the register of titles at naming;
	// nil in plans started before the register.
	Confers *Conferred `json:",omitempty"`
	// Nominating holds the rules of nominating people (文明标兵); nil unless the campaign names
	// people. Such a campaign has no standard: nominees carry deeds, not scores.
	Nominating *NominationRules `json:",omitempty"`
	// Rating holds a rating campaign's rounds and grades (subject rating, 星级评定); nil for a
	// campaign that names. Such a campaign has no declaration, review or title.
	Rating *RatingPlan `json:",omitempty"`
}

// Conferred is the title a campaign confers: its kind and level in the register, and its name.
type Conferred struct {
	Kind  string      // civilized-unit, civilized-window, civilized-department or model-individual
	Level title.Level // the deciding body's level, e.g. city-organs (市直)
	Name  string      // e.g. 市直机关文明单位
	// Term is how long a title conferred runs, as the plan states it; 0 (a plan that states
	// none, or one started before titles had a term): the title does not expire.
	Term time.Duration `json:",omitempty"`
	// Reinspect are the re-inspections, each after the conferral and within the term if any.
	Reinspect []time.Duration `json:",omitempty"`
	// Reward is the material reward the plan states with each title, in its words; empty: none.
	Reward string `json:",omitempty"`
}

// CheckRound is an inspection before the final acceptance, with its window.
type CheckRound struct {
	ID, Name   string
	Opens, Due time.Time
}

// Ranking by the final acceptance's score, or by the average of every inspection's.
const (
	RankByLast    = "last"
	RankByAverage = "average"
)

// FinalCheck is the round id of the final acceptance (实地检查验收) among the inspections.
const FinalCheck = "final"

// WaitLimits are how long a person should take before the campaign's wait for them is
// overdue (runs at waitsLapse, recorded before, went on without them then: a tie's places
// stayed empty, objected names were held back, nobody was named).
type WaitLimits struct {
	Tie        time.Duration // a tie at the cut
	Objections time.Duration // objections undecided after the notice's end
	Decision   time.Duration // the deciding body, after the notice
	Audit      time.Duration // the office's audit of the list, after the opinions
}

// DeclaringNotice is how a declaration is put on notice inside its unit before it stands.
type DeclaringNotice struct {
	Length        time.Duration
	Contact       string // where objections go
	CampaignTitle string // for the notice's title
}

// Subjects a campaign names.
const (
	SubjectUnit       = "unit"
	SubjectWindow     = "window"
	SubjectDepartment = "department"
)

// Subjects lists what a campaign may name.
var Subjects = []string{SubjectUnit, SubjectWindow, SubjectDepartment, SubjectPerson}

// DeclarationRules are the plan's rules of who may declare, with what (三创三树方案 三.1-5),
// checked when a unit declares.
type DeclarationRules struct {
	Subject    string      // unit, window, department or person
	HeldTitles []HeldTitle // titles whose holders may not declare the unit title
	PriorHonor title.Level // the unit title needs an honor at this level or above; "" none
	// Recommenders give the recommendation opinion (推荐意见).
	Recommenders Recommendation
	// PerParentShareBP limits the windows or departments of one parent that may declare to a
	// share of its internal departments, rounded by Rounding; 0 none.
	PerParentShareBP int
	Rounding         rank.Rounding
	Source           string // the document the rules come from
	// SummaryMaxChars limits the declaration form's 简介, which every declaration carries.
	SummaryMaxChars int
}

// HeldTitle is a title kind at the levels that keep its holder from declaring the unit title.
type HeldTitle struct {
	Kind   string
	Levels []title.Level
}

// Recommender is the body whose opinion a unit's declaration carries: the unit's own party
// group at the top of the roster, the supervising agency's party committee below it.
func (r DeclarationRules) Recommender(hasParent bool) string {
	if hasParent {
		return r.Recommenders.SubUnit
	}
	return r.Recommenders.Unit
}

// DecisionSteps are the plan's steps between the ranking and the naming (三创三树方案 四.5-6):
// the organizing committee consults the discipline committee on every proposed unit (征求纪工委
// 意见), and after the notice the deciding body decides the names and issues a document (文号).
type DecisionSteps struct {
	ConsultBody   string        // who gives the opinions, e.g. 市直机关纪工委
	ConsultWithin time.Duration // how long it has; a unit without an opinion by then is deemed not objected to
	DecidingBody  string        // who decides the names, e.g. 市文明办、市直机关工委, or a standing committee
	// AuditBody reviews the list after the opinions and before the notice (审核), e.g. 市文明办;
	// empty: no such step.
	AuditBody string `json:",omitempty"`
}

// PlannedTask is a task with its deadline resolved. Unit "all" stays "all": the mobilize
// activity expands it in SQL, so the workflow never carries units x tasks.
type PlannedTask struct {
	ID       string
	Title    string
	Unit     string
	Person   string
	Deadline time.Time
}

// AllUnits marks a task every unit carries.
const AllUnits = "all"

// Timeline is when each phase begins or ends, and the cadences.
type Timeline struct {
	Mobilize      time.Time
	Implement     time.Time
	SelfCheck     time.Time
	DeclareBy     time.Time
	AcceptBy      time.Time
	NoticeLength  time.Duration
	Consolidate   time.Duration
	ProgressEvery time.Duration
	RankingEvery  time.Duration
	// RankMonthly: the rankings come on the first of each calendar month, in the campaign's
	// time zone, until acceptance (每月公布考核测评排名); otherwise every RankingEvery until the
	// self-check (plans written with a cadence, and every plan before monthly rankings).
	RankMonthly bool `json:",omitempty"`
	SmallFix    FixRule
	BigFix      FixRule
}

// RankingAt is when the n-th ranking (from 1) is due, and whether it comes at all: monthly,
// at the start of the n-th calendar month after the one implementation begins in (ranking the
// month just ended), up to acceptance; else n cadences after implementation, up to the
// self-check.
func (t Timeline) RankingAt(n int, loc *time.Location) (time.Time, bool) {
	if !t.RankMonthly {
		at := t.Implement.Add(time.Duration(n) * t.RankingEvery)
		return at, t.RankingEvery > 0 && !at.After(t.SelfCheck)
	}
	begun := t.Implement.In(loc)
	at := time.Date(begun.Year(), begun.Month()+time.Month(n), 1, 0, 0, 0, 0, loc)
	return at, !at.After(t.AcceptBy)
}

// FixRule is the deadline of a rectification notice: the end of the day it is issued, or a
// duration after it.
type FixRule struct {
	SameDay bool
	Within  time.Duration
}

// PlannedQuota is the quota with shares in basis points (1/100 of a percent).
type PlannedQuota struct {
	Max              int
	ShareBP          int
	PerParentShareBP int
	Rounding         rank.Rounding `json:",omitempty"`
}

// Boundary names a phase boundary an administrator can extend.
type Boundary string

// Boundaries an administrator can move with `deadline extend`.
const (
	BoundaryImplement Boundary = "implement"
	BoundarySelfCheck Boundary = "selfcheck"
	BoundaryDeclareBy Boundary = "declare_by"
	BoundaryAcceptBy  Boundary = "accept_by"
)

// Boundaries lists the movable boundaries in order.
var Boundaries = []Boundary{BoundaryImplement, BoundarySelfCheck, BoundaryDeclareBy, BoundaryAcceptBy}

// At returns the time of a boundary.
func (t Timeline) At(b Boundary) (time.Time, bool) {
	switch b {
	case BoundaryImplement:
		return t.Implement, true
	case BoundarySelfCheck:
		return t.SelfCheck, true
	case BoundaryDeclareBy:
		return t.DeclareBy, true
	case BoundaryAcceptBy:
		return t.AcceptBy, true
	}
	return time.Time{}, false
}

// With returns the timeline with one boundary moved.
func (t Timeline) With(b Boundary, at time.Time) Timeline {
	switch b {
	case BoundaryImplement:
		t.Implement = at
	case BoundarySelfCheck:
		t.SelfCheck = at
	case BoundaryDeclareBy:
		t.DeclareBy = at
	case BoundaryAcceptBy:
		t.AcceptBy = at
	}
	return t
}

// Ordered reports whether the boundaries still follow each other.
func (t Timeline) Ordered() bool {
	return !t.Implement.Before(t.Mobilize) && !t.SelfCheck.Before(t.Implement) &&
		t.DeclareBy.After(t.SelfCheck) && !t.AcceptBy.Before(t.DeclareBy)
}

// Phase is where a campaign stands.
type Phase string

// The phases of DOMAIN.md, in order.
const (
	PhaseScheduled   Phase = "scheduled"   // started, mobilization not yet begun
	PhaseMobilize    Phase = "mobilize"    // 动员部署
	PhaseImplement   Phase = "implement"   // 组织实施
	PhaseSelfCheck   Phase = "selfcheck"   // 自查申报
	PhaseAcceptance  Phase = "acceptance"  // 考核验收
	PhaseReview      Phase = "review"      // 审核评选
	PhaseConsult     Phase = "consult"     // 征求纪工委意见
	PhaseAudit       Phase = "audit"       // 报市文明办审核
	PhaseNotice      Phase = "notice"      // 公示
	PhaseDecision    Phase = "decision"    // 研究确定命名对象
	PhaseConsolidate Phase = "consolidate" // 命名后长效管理
	PhaseClosed      Phase = "closed"
	// PhaseRating is a rating campaign's one phase (星级评定: rounds of inspection, no naming).
	PhaseRating Phase = "rating"
)

// PhaseNames gives the Chinese name of each phase, for users.
var PhaseNames = map[Phase]string{
	PhaseScheduled: "待启动", PhaseMobilize: "动员部署", PhaseImplement: "组织实施", PhaseSelfCheck: "自查申报",
	PhaseAcceptance: "考核验收", PhaseReview: "审核评选", PhaseConsult: "征求意见", PhaseAudit: "报文明办审核", PhaseNotice: "公示", PhaseDecision: "研究确定", PhaseConsolidate: "命名后长效管理",
	PhaseClosed: "已结束", PhaseRating: "星级评定",
}

// PhaseAt is the phase the timeline puts a moment in, up to acceptance; later phases are
// decided by the workflow, not the clock.
func (t Timeline) PhaseAt(now time.Time) Phase {
	switch {
	case now.Before(t.Mobilize):
		return PhaseScheduled
	case now.Before(t.Implement):
		return PhaseMobilize
	case now.Before(t.SelfCheck):
		return PhaseImplement
	case now.Before(t.DeclareBy):
		return PhaseSelfCheck
	default:
		return PhaseAcceptance
	}
}

// Outcomes of a unit in campaign_results, in the order reports list them, with their
// Chinese names.
var Outcomes = []struct{ ID, Name string }{
	{"named", "命名"}, {"not_selected", "未入选"}, {"below_line", "未达标"}, {"not_declared", "未申报"}, {"turned_down", "初审未通过"}, {"not_inspected", "未实地检查"},
	{"vetoed", "一票否决"}, {"not_approved", "未予批准"}, {"removed_by_objection", "公示异议成立"}, {"revoked", "撤销"},
}

// OutcomeName is the Chinese name of an outcome.
func OutcomeName(id string) string {
	for _, o := range Outcomes {
		if o.ID == id {
			return o.Name
		}
	}
	return id
}
