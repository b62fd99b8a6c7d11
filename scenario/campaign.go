package scenario

import (
	"slices"
	"time"

	"path/filepath"

	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/standard"
	"wenming/workflows"
)

// CampaignID is the demo campaign's id (examples/demo-campaign.yaml).
const CampaignID = "civilized-units-demo"

// plan is what one unit does in the demo campaign.
type plan struct {
	unit      string
	self      string   // self-score base; "" hands in nothing
	selfBonus []string // honor rows on the self-score sheet
	declare   bool
	turnDown  bool   // the preliminary review turns the declaration down
	refused   bool   // tries to declare and is refused (below the line, a title held, no prior honor)
	actual    string // inspection base; "" is not inspected
	bonus     []string
}

var plans = []plan{
	{unit: "finance", self: "100", selfBonus: []string{"national,6"}, declare: true, actual: "98", bonus: []string{"national,6"}},
	{unit: "education", self: "99", declare: true, actual: "97", bonus: []string{"provincial,4"}},
	{unit: "housing", self: "100", declare: true, actual: "100"},
	{unit: "hr-social", self: "99.5", declare: true, actual: "99"},
	{unit: "market-reg", self: "98", declare: true, actual: "97", bonus: []string{"city,2"}},
	{unit: "tax", self: "99", declare: true, actual: "98"},
	{unit: "gov-office", self: "99", declare: true, actual: "98"},
	{unit: "health", self: "97", declare: true, actual: "96", bonus: []string{"city,2"}},
	{unit: "environment", self: "96", declare: true, actual: "95"},
	{unit: "water", self: "95", declare: true, actual: "93.5"},
	{unit: "civil-affairs", self: "94", declare: true, actual: "92"},
	{unit: "admin-service", self: "92", declare: true, actual: "90"},
	{unit: "agriculture", self: "91", declare: true, turnDown: true}, // the preliminary review turns it down
	{unit: "audit", self: "96", declare: true},
	{unit: "transport", self: "85", refused: true},  // below the line
	{unit: "commerce", self: "96", refused: true},   // holds a city civilized-unit title: windows only
	{unit: "statistics", self: "96", refused: true}, // no honor at the 市直 level or above
	{unit: "justice", self: "89.5"},
	{unit: "culture", self: "95", declare: true}, // the inspectors never come: not_inspected
}

// Expect is a row of campaign_results the demo campaign must end with.
type Expect struct {
	Outcome                    string
	Rank                       int    // 0: no rank
	Self, Actual, Bonus, Total string // "": no value
}

// CampaignResults are the demo campaign's results, unit by unit.
var CampaignResults = map[string]Expect{
	"finance":         {"named", 1, "100", "98", "6", "104"},
	"education":       {"revoked", 2, "99", "97", "4", "101"},
	"housing":         {"removed_by_objection", 3, "100", "100", "0", "100"},
	"hr-social":       {"not_approved", 4, "99.5", "99", "0", "99"},
	"market-reg":      {"not_approved", 4, "98", "97", "2", "99"},
	"tax":             {"named", 6, "99", "98", "0", "98"},
	"gov-office":      {"not_selected", 6, "99", "98", "0", "98"},
	"health":          {"not_selected", 6, "97", "96", "2", "98"},
	"environment":     {"not_selected", 9, "96", "95", "0", "95"},
	"water":           {"not_selected", 10, "95", "93.5", "0", "93.5"},
	"civil-affairs":   {"not_selected", 11, "94", "92", "0", "92"},
	"admin-service":   {"not_selected", 12, "92", "90", "0", "90"},
	"agriculture":     {"turned_down", 0, "91", "", "", ""},
	"transport":       {"below_line", 0, "85", "", "", ""},
	"justice":         {"below_line", 0, "89.5", "", "", ""},
	"culture":         {"not_inspected", 0, "95", "", "", ""},
	"commerce":        {"not_declared", 0, "96", "", "", ""},
	"statistics":      {"not_declared", 0, "96", "", "", ""},
	"public-security": {"vetoed", 0, "", "", "", ""},
	"audit":           {"vetoed", 0, "96", "", "", ""},
}

// RunCampaign drives the demo campaign from its start to its close.
func (d *Driver) RunCampaign() error {
	d.month = time.Now().In(shanghai()).Format("2006-01")
	std, err := d.LoadStandard("civilized-unit")
	if err != nil {
		return err
	}
	c := []string{"--campaign", CampaignID}
	spec, err := d.Example("examples/demo-campaign.yaml")
	if err != nil {
		return err
	}
	standards := d.Path("standards")
	phase := func(p campaign.Phase) func(workflows.CampaignStatus) bool {
		return func(st workflows.CampaignStatus) bool { return st.Phase == p }
	}

	d.Step("step.mobilize")
	if err := d.Run("campaign", "validate", spec, "--standards", standards); err != nil {
		return err
	}
	// A window campaign: each agency's places, and the one whose share is 0.
	windows, err := d.Example("examples/demo-windows.yaml")
	if err != nil {
		return err
	}
	if err := d.Run("campaign", "validate", windows, "--standards", standards); err != nil {
		return err
	}
	if err := d.Run("campaign", "start", spec, "--standards", standards); err != nil {
		return err
	}
	if err := d.Run("campaign", "start", spec, "--standards", standards); err != nil { // again: nothing changes
		return err
	}
	if err := d.WaitCampaign(CampaignID, "wait.implement", phase(campaign.PhaseImplement)); err != nil {
		return err
	}

	d.Step("step.implement")
	for _, r := range [][]string{
		{"--unit", "finance", "--task", "plan", "--percent", "100", "--note", "实施方案已印发"},
		{"--unit", "finance", "--task", "volunteers", "--percent", "100"},
		{"--unit", "admin-service", "--task", "service-window", "--percent", "60", "--note", "窗口改造进行中"},
		{"--unit", "tax", "--task", "plan", "--percent", "100"},
	} {
		if err := d.Run(append(append([]string{"task", "report"}, c...), r...)...); err != nil {
			return err
		}
	}
	if err := d.Run(append([]string{"veto"}, append(c, "--unit", "public-security", "--reason", "major-accident", "--note", "发生重大安全责任事故")...)...); err != nil {
		return err
	}
	if err := d.midtermChecks(std, c); err != nil {
		return err
	}
	// A case from another plan's list is refused, with this plan's list shown.
	if err := d.Refused(append([]string{"veto"}, append(c, "--unit", "culture", "--reason", "unplanned-births", "--note", "超生")...)...); err != nil {
		return err
	}
	if err := d.WaitCampaign(CampaignID, "wait.selfcheck", phase(campaign.PhaseSelfCheck)); err != nil {
		return err
	}

	d.Step("step.selfcheck")
	if err := d.selfChecks(std, c); err != nil {
		return err
	}
	if err := d.WaitCampaign(CampaignID, "wait.declare_by", phase(campaign.PhaseAcceptance)); err != nil {
		return err
	}

	d.Step("step.acceptance")
	late, err := d.ScoreSheet("statistics-late.csv", std, "97")
	if err != nil {
		return err
	}
	if err := d.Refused(append(append([]string{"selfcheck", "submit"}, c...), "--unit", "statistics", "--sheet", late)...); err != nil {
		return err
	}
	if err := d.Run(append([]string{"veto"}, append(c, "--unit", "audit", "--reason", "grave-misconduct", "--note", "被媒体曝光，造成重大社会影响")...)...); err != nil {
		return err
	}
	// The declarations have closed: reopening them needs a reason.
	if err := d.Refused(append([]string{"deadline", "extend"}, append(c, "--boundary", "declare_by", "--add", "1h")...)...); err != nil {
		return err
	}
	if err := d.Run(append([]string{"deadline", "extend"}, append(c, "--boundary", "accept_by", "--add", "5s")...)...); err != nil {
		return err
	}
	if err := d.inspections(std, c); err != nil {
		return err
	}
	if err := d.WaitCampaign(CampaignID, "wait.tie", func(st workflows.CampaignStatus) bool { return st.PendingTie != nil }); err != nil {
		return err
	}

	d.Step("step.review")
	if err := d.Run("campaign", "status", CampaignID); err != nil {
		return err
	}
	if err := d.Refused(append([]string{"tie", "resolve"}, append(c, "--include", "tax,health")...)...); err != nil {
		return err
	}
	if err := d.Run(append([]string{"tie", "resolve"}, append(c, "--include", "tax")...)...); err != nil {
		return err
	}
	if err := d.WaitCampaign(CampaignID, "wait.consult", phase(campaign.PhaseConsult)); err != nil {
		return err
	}

	d.Step("step.consult")
	if err := d.consult(c); err != nil {
		return err
	}
	if err := d.WaitCampaign(CampaignID, "wait.notice", phase(campaign.PhaseNotice)); err != nil {
		return err
	}

	d.Step("step.notice")
	for _, argv := range [][]string{
		append([]string{"objection", "file"}, append(c, "--unit", "housing", "--reason", "创建材料弄虚作假", "--contact", "匿名")...),
		append([]string{"objection", "file"}, append(c, "--unit", "finance", "--reason", "听说办事难")...),
		append([]string{"objection", "decide"}, append(c, "--objection", "1", "--uphold", "--note", "经核查，部分台账为补做，异议成立")...),
		append([]string{"objection", "decide"}, append(c, "--objection", "2", "--dismiss", "--note", "经核查不属实")...),
	} {
		if err := d.Run(argv...); err != nil {
			return err
		}
	}
	if err := d.WaitCampaign(CampaignID, "wait.decision", phase(campaign.PhaseDecision)); err != nil {
		return err
	}

	d.Step("step.decision")
	if err := d.decide(c); err != nil {
		return err
	}
	// The campaign names the units, hands each title to its own workflow and ends.
	d.say("\n" + d.tr("demo.waiting", "What", msg.Say("wait.naming")))
	if err := d.Client.GetWorkflow(d.Ctx, workflows.CampaignWorkflowID(CampaignID), "").Get(d.Ctx, nil); err != nil {
		return err
	}

	d.Step("step.naming")
	if err := d.Run("campaign", "status", CampaignID); err != nil {
		return err
	}
	// A veto after the campaign's end goes to the unit's title: revoked at once.
	return d.Run(append([]string{"veto"}, append(c, "--unit", "education", "--reason", "staff-crime", "--note", "干部职工发生刑事犯罪")...)...)
}

// RunTitles manages titles after naming (动态管理): one warned, one ordered to rectify and
// verified, a certificate taken back and returned, a return refused for a certificate not
// taken back, and a title at the end of its term re-inspected and renewed.
func (d *Driver) RunTitles() error {
	d.Step("step.titles")
	units := []string{"--campaign", CampaignID}
	for _, argv := range [][]string{
		append([]string{"title", "warn", "--unit", "finance", "--reason", "窗口服务多次被群众投诉", "--document", "市直工委〔2026〕21号"}, units...),
		append([]string{"title", "rectify", "--unit", "tax", "--reason", "创建台账不全", "--within", "30d"}, units...),
		append([]string{"title", "verify", "--unit", "tax", "--reason", "经复核，台账已补齐"}, units...),
		{"title", "suspend", "--unit", "commerce", "--kind", "civilized-unit", "--reason", "检查发现办事大厅管理混乱"},
		{"title", "restore", "--unit", "commerce", "--kind", "civilized-unit", "--reason", "整改达到标准"},
	} {
		if err := d.Run(argv...); err != nil {
			return err
		}
	}
	if err := d.Refused(append([]string{"title", "restore", "--unit", "finance", "--reason", "返还"}, units...)...); err != nil {
		return err
	}
	if err := d.renewAtTermEnd(); err != nil {
		return err
	}
	return d.Run("title", "list")
}

// RenewedUnit holds a title conferred two years ago whose term ends within the month: the
// demo finds it in the expiry plan, re-inspects it and renews it for a new term.
const RenewedUnit = "audit"

// renewAtTermEnd enters a title held from before whose two-year term ends in 30 days (the
// file is written for today), puts it under its workflow, lists the titles whose term ends
// within 90 days, and renews it after a passed re-inspection (复查).
func (d *Driver) renewAtTermEnd() error {
	now := time.Now().In(shanghai())
	on := now.AddDate(0, 0, 30-730)
	file, err := d.Write("titles-due.csv", "unit,person,kind,level,title,conferred_by,document,conferred_on,term_end\n"+
		RenewedUnit+",,civilized-unit,city-organs,市直机关文明单位,市直机关工委,市直工委〔"+on.Format("2006")+"〕3号,"+
		on.Format(time.DateOnly)+","+now.AddDate(0, 0, 30).Format(time.DateOnly)+"\n")
	if err != nil {
		return err
	}
	for _, argv := range [][]string{
		{"roster", "import", "titles", file},
		{"title", "manage"},
		{"title", "list", "--expiring", "90d"},
		{"title", "renew", "--unit", RenewedUnit, "--kind", "civilized-unit", "--reason", "届满前复查合格，保留称号",
			"--document", "市直工委〔" + now.Format("2006") + "〕30号"},
	} {
		if err := d.Run(argv...); err != nil {
			return err
		}
	}
	return nil
}

// consult records the discipline committee's opinions: no objection to five proposed units,
// one excluded (its place stays empty). All answer, so the consultation ends at once.
func (d *Driver) consult(c []string) error {
	for _, unit := range []string{"finance", "education", "housing", "hr-social", "tax"} {
		if err := d.Run(append([]string{"campaign", "consult"}, append(c, "--unit", unit)...)...); err != nil {
			return err
		}
	}
	return d.Run(append([]string{"campaign", "consult"}, append(c, "--unit", "market-reg", "--exclude",
		"--note", "该局一名副局长正在接受审查调查，建议暂缓命名")...)...)
}

// NamingDocument is the demo's decision document number (文号).
const NamingDocument = "市文明办〔2026〕12号"

// decide has the deciding body strike one name and name the rest under its document; a unit
// the notice removed is not on its list.
func (d *Driver) decide(c []string) error {
	argv := append([]string{"campaign", "decide"}, append(c, "--document", NamingDocument, "--date", today())...)
	if err := d.Refused(append(argv, "--strike", "housing=公示期间异议成立")...); err != nil {
		return err
	}
	return d.Run(append(argv, "--strike", "hr-social=群众满意度测评排名靠后，暂缓命名")...)
}

// today is the day in the campaigns' time zone, for the decisions' documents.
func today() string { return time.Now().In(shanghai()).Format(time.DateOnly) }

// midtermChecks: the inspectors' mid-term check (中途检查) of three units during implementation;
// from then on the monthly ranking goes by the latest inspection score.
func (d *Driver) midtermChecks(s *standard.Standard, c []string) error {
	for _, m := range [][2]string{{"finance", "96"}, {"tax", "95"}, {"gov-office", "92"}} {
		unit, base := m[0], m[1]
		sheet, err := d.ScoreSheet(unit+"-midterm.csv", s, base)
		if err != nil {
			return err
		}
		if err := d.Run(append(append([]string{"inspect", "submit"}, c...), "--unit", unit, "--check", "midterm", "--sheet", sheet)...); err != nil {
			return err
		}
	}
	return nil
}

func (d *Driver) selfChecks(s *standard.Standard, c []string) error {
	for _, p := range plans {
		if p.self == "" {
			continue
		}
		sheet, err := d.ScoreSheet(p.unit+"-self.csv", s, p.self, p.selfBonus...)
		if err != nil {
			return err
		}
		if err := d.Run(append(append([]string{"selfcheck", "submit"}, c...), "--unit", p.unit, "--sheet", sheet)...); err != nil {
			return err
		}
		declare := append(append([]string{"declare"}, c...), "--unit", p.unit,
			"--report", "本单位创建工作扎实推进，各项指标达到创建标准。", "--summary", "创建工作主要成绩和经验：志愿服务常态化，窗口服务零投诉。",
			"--recommendation", "经党组研究，同意推荐", "--opinion", "经审查，近两年无违纪违法问题")
		if p.declare {
			if err := d.Run(declare...); err != nil {
				return err
			}
			if err := d.reviewMaterials(c, p, declare); err != nil {
				return err
			}
		} else if p.refused {
			if err := d.Refused(declare...); err != nil {
				return err
			}
		}
	}
	// A resend of the same sheet is harmless.
	return d.Run(append(append([]string{"selfcheck", "submit"}, c...), "--unit", "finance", "--sheet", filepath.Join(d.Dir, "finance-self.csv"))...)
}

// reviewMaterials is the office's preliminary review of a declaration: the water bureau's comes
// back for correction and is declared again; the agriculture bureau's is turned down; the rest
// are accepted.
func (d *Driver) reviewMaterials(c []string, p plan, declare []string) error {
	review := append(append([]string{"declaration", "review"}, c...), "--unit", p.unit)
	switch {
	case p.turnDown:
		return d.Run(append(review, "--turn-down", "--note", "申报材料中的创建台账与实际不符")...)
	case p.unit == "water":
		if err := d.Run(append(review, "--return", "--within", "4s", "--note", "纪检监察部门意见未盖章，请补正")...); err != nil {
			return err
		}
		corrected := append(slices.Clone(declare[:len(declare)-1]), "经审查，近两年无违纪违法问题（已盖章）")
		if err := d.Run(corrected...); err != nil {
			return err
		}
	}
	return d.Run(append(review, "--accept")...)
}

func (d *Driver) inspections(s *standard.Standard, c []string) error {
	findings, err := d.Write("gov-office-problems.csv", "item,size,problem\n15,small,楼道堆放杂物\n17,big,消防通道堵塞，灭火器过期\n")
	if err != nil {
		return err
	}
	for _, p := range plans {
		if p.actual == "" {
			continue
		}
		sheet, err := d.ScoreSheet(p.unit+"-actual.csv", s, p.actual, p.bonus...)
		if err != nil {
			return err
		}
		argv := append(append([]string{"inspect", "submit"}, c...), "--unit", p.unit, "--sheet", sheet)
		if p.unit == "gov-office" {
			argv = append(argv, "--findings", findings)
		}
		if err := d.Run(argv...); err != nil {
			return err
		}
	}
	// 整改: the unit fixes both problems; the inspectors find the big one not fixed, then fixed.
	g := append(append([]string{}, c...), "--unit", "gov-office")
	for _, r := range [][]string{
		{"close", "--rectification", "1", "--note", "杂物已清理"},
		{"verify", "--rectification", "1"},
		{"close", "--rectification", "2", "--note", "通道已清理"},
		{"reopen", "--rectification", "2", "--note", "灭火器仍未更换"},
		{"close", "--rectification", "2", "--note", "灭火器已更换"},
		{"verify", "--rectification", "2"},
	} {
		if err := d.Run(append(append([]string{"rectify", r[0]}, g...), r[1:]...)...); err != nil {
			return err
		}
	}
	return nil
}
