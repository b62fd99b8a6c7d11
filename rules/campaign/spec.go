// Package campaign is the campaign spec an administrator writes (创建活动方案): who takes part,
// the responsibility list, the phase boundaries, cadences, notice length, rectification
// deadlines, quotas and declaration rules; its validation (every problem at once); and its
// resolution into a Plan with absolute times, which is what the campaign workflow runs.
package campaign

import "gopkg.in/yaml.v3"

// Spec is the YAML file an administrator writes.
type Spec struct {
	ID            string        `yaml:"id"`
	Title         string        `yaml:"title"`
	Standard      string        `yaml:"standard"` // a standard id under standards/, or a path to a .yaml file
	Subject       string        `yaml:"subject"`  // what it names: unit (default), window, department or person; or rating (星级评定)
	Timezone      string        `yaml:"timezone"` // default Asia/Shanghai
	Units         []string      `yaml:"units"`
	UnitsFile     string        `yaml:"units_file"` // a CSV/.xlsx with an id column, instead of units
	Leadership    []Leader      `yaml:"leadership"` // 领导小组 and its office
	Tasks         []Task        `yaml:"tasks"`      // 责任清单
	Schedule      Schedule      `yaml:"schedule"`
	Supervision   Supervision   `yaml:"supervision"`
	Notice        Notice        `yaml:"notice"`
	Rectification Rectification `yaml:"rectification"`
	Quota         Quota         `yaml:"quota"`
	Declaration   Declaration   `yaml:"declaration"`
	Decision      Decision      `yaml:"decision"`
	Inspections   Inspections   `yaml:"inspections"`
	Confers       ConfersSpec   `yaml:"confers"`
	Nominees      NomineesSpec  `yaml:"nominees"`   // subject person: who may be nominated, how many
	GroupSize     int           `yaml:"group_size"` // units per group workflow (default 200, at most 500)
	Rating        RatingSpec    `yaml:"rating"`     // subject rating: the inspection rounds and the grades

	lines map[string]int // the line of each top-level key, for problems
}

// Leader is a member of the leadership group (领导小组) or its office.
type Leader struct {
	Role  string `yaml:"role" json:"role"` // 组长, 副组长, 成员, 办公室主任 ...
	Name  string `yaml:"name" json:"name"`
	Title string `yaml:"title" json:"title"`
}

// Task is a line of the responsibility list: task -> responsible unit and person -> deadline.
type Task struct {
	ID       string `yaml:"id"`
	Title    string `yaml:"title"`
	Unit     string `yaml:"unit"` // a participating unit, or "all": every unit carries it
	Person   string `yaml:"person"`
	Deadline string `yaml:"deadline"` // absolute, or +duration after the start of implementation
	Line     int    `yaml:"-"`
}

// Schedule holds the phase boundaries, each absolute or +duration after the previous one.
type Schedule struct {
	Mobilize    string `yaml:"mobilize"`    // default: when the campaign is started
	Implement   string `yaml:"implement"`   // 组织实施 begins
	SelfCheck   string `yaml:"selfcheck"`   // 自查自评 opens
	DeclareBy   string `yaml:"declare_by"`  // self-scores and declarations due (逾期未报无参评资格)
	AcceptBy    string `yaml:"accept_by"`   // inspections due
	Consolidate string `yaml:"consolidate"` // how long titles stay under management (default 365d)
}

// Supervision sets the office's cadences during the campaign.
type Supervision struct {
	Progress string `yaml:"progress"` // progress check: overdue flags and reminders (default 7d, 周评)
	Ranking  string `yaml:"ranking"`  // ranking of units by task completion: monthly (default, 每月公布: the 1st of each calendar month, until acceptance) or a cadence until the self-check
}

// Notice is the public notice (公示) of the proposed list.
type Notice struct {
	Length     string `yaml:"length"`      // default 5d
	AllowShort bool   `yaml:"allow_short"` // allow a notice shorter than 5 days (e.g. a demo)
	Contact    string `yaml:"contact"`     // where objections go, printed on the notice
	// BeforeDeclaring: each declaration is first put on a notice inside its unit (申报前公示,
	// 三.6); default true for windows and departments, false for the unit title.
	BeforeDeclaring       *bool  `yaml:"before_declaring"`
	BeforeDeclaringLength string `yaml:"before_declaring_length"` // default 5d
	// BeforeNaming: the proposed list is put on the notice before the names are decided (四.6);
	// default true.
	BeforeNaming *bool `yaml:"before_naming"`
	// DecideWithin: how long after the notice's end its objections should be decided
	// (default 10d); then the notice shows them overdue and waits on, reminding (campaigns
	// recorded at waitsLapse held the names back then).
	DecideWithin string `yaml:"decide_within"`
}

// Rectification sets deadlines of rectification notices by size (小事不过夜，大事不过周).
type Rectification struct {
	Small string `yaml:"small"` // "same-day" (default) or a duration
	Big   string `yaml:"big"`   // default 7d
}

// Quota limits how many are named. Zero values mean no limit of that kind.
type Quota struct {
	Max            int    `yaml:"max"`              // a fixed number, e.g. 35 units a year
	Share          string `yaml:"share"`            // a share of the candidates, e.g. "50%"
	PerParentShare string `yaml:"per_parent_share"` // windows/departments: at most this share of the parent unit's internal departments, e.g. "10%" (their default), applied when declaring
	Rounding       string `yaml:"rounding"`         // how the share becomes a count: down (default), up or nearest
}

// ConfersSpec names the title the campaign confers, as the register of titles keeps it.
type ConfersSpec struct {
	Name  string `yaml:"name"`  // default 市直机关文明单位 (窗口, 科室 by subject)
	Level string `yaml:"level"` // default city-organs
	Term  string `yaml:"term"`  // how long the title runs before it expires unless renewed, as the plan states it (e.g. 730d for a two-year 届); none: the title does not expire
	// Reinspect lists the re-inspections (复查), each a duration after conferral and within the
	// term when there is one, e.g. ["365d"]; each is brought to the office when it is due.
	Reinspect []string `yaml:"reinspect"`
	// Reward is the material reward the plan states with each title (e.g. 奖励1万元), in its
	// words; none unless it states one.
	Reward string `yaml:"reward"`
}

// Inspections lists the checks before the final acceptance (e.g. 中途检查), each scored and
// kept, and says which score ranks.
type Inspections struct {
	Rounds []CheckSpec `yaml:"rounds"`
	RankBy string      `yaml:"rank_by"` // last (the final acceptance, default) or average (of every check and the final)
}

// CheckSpec is one check: when it opens (absolute, or +duration after implementation begins;
// by default as implementation begins) and when it is due (absolute, or +duration after it opens).
type CheckSpec struct {
	ID    string `yaml:"id"`
	Name  string `yaml:"name"`
	Opens string `yaml:"opens"`
	Due   string `yaml:"due"`
	Line  int    `yaml:"-"`
}

// UnmarshalYAML remembers each check's line, for problems.
func (c *CheckSpec) UnmarshalYAML(n *yaml.Node) error {
	type plain CheckSpec
	if err := n.Decode((*plain)(c)); err != nil {
		return err
	}
	c.Line = n.Line
	return nil
}

// Decision names who gives the opinions and who decides the names (defaults: seed plan 四.5-6).
type Decision struct {
	ConsultBody   string `yaml:"consult_body"`   // default 市直机关纪工委
	ConsultWithin string `yaml:"consult_within"` // default 10d
	DecidingBody  string `yaml:"deciding_body"`  // default 市文明办、市直机关工委 (市直机关工委 for people)
	// AuditBody reviews the list between the committee's opinions and the notice (审核),
	// accepting it or returning names with reasons; default 市文明办 for units, none for people
	// (附件7 has no such box); "none": the plan has no such step.
	AuditBody string `yaml:"audit_body"`
	// How long the office and the deciding body should take (defaults 10d, 30d); then the
	// wait is shown overdue and they are reminded: the decision stays theirs, however late.
	TieWithin    string `yaml:"tie_within"`
	DecideWithin string `yaml:"decide_within"`
	AuditWithin  string `yaml:"audit_within"` // how long the audit should take (default 10d); then overdue and reminded
}

// Declaration holds the rules of declaring (申报).
type Declaration struct {
	ReportMaxChars int `yaml:"report_max_chars"` // the materials' limit; default 1500 (四.3)
	// SummaryMaxChars limits the form's 简介 (创建工作主要成绩和经验); default 800 (附件5, 6).
	SummaryMaxChars int `yaml:"summary_max_chars"`
	// PreliminaryReview: the office reviews each declaration's materials before inspection
	// (初步审查, seed plan 四.4); default true.
	PreliminaryReview *bool `yaml:"preliminary_review"`
	// HeldTitles: a unit holding one of these titles declares only windows, departments and
	// model individuals, not the unit title again (三.1). Absent: the plan's list on a unit
	// campaign; [] for none.
	HeldTitles *[]HeldTitleRule `yaml:"held_titles"`
	// PriorHonor: the unit title needs an honor at this level or above (三.2); default
	// city-organs (市直) on a unit campaign; "none" for none.
	PriorHonor string `yaml:"prior_honor"`
	// Recommendation: whose recommendation opinion (推荐意见) a declaration carries (三.4).
	Recommendation Recommendation `yaml:"recommendation"`
	// Source names the document these rules come from, quoted when a declaration is refused.
	Source string `yaml:"source"`
}

// HeldTitleRule is a title that keeps its holders from declaring the unit title.
type HeldTitleRule struct {
	Kind   string   `yaml:"kind"`   // e.g. civilized-unit
	Levels []string `yaml:"levels"` // e.g. [national, provincial, city]
}

// Recommendation names the body whose opinion a declaration carries.
type Recommendation struct {
	Unit    string `yaml:"unit"`     // a unit at the top of the roster: default 单位党组（党委）
	SubUnit string `yaml:"sub_unit"` // a unit under another, a window, a department: default 主管单位机关党委
}
