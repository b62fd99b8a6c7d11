package scenario

import (
	"time"

	"path/filepath"

	"wenming/msg"
	"wenming/office"
	"wenming/rules/campaign"
	"wenming/rules/standard"
	"wenming/rules/title"
	"wenming/store"
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
	{unit: NotInspected, self: "95", declare: true}, // the inspectors never come: not_inspected, by the office's decision
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
	spec, err := d.Example("examples/demo-campaign.yaml")
	if err != nil {
		return err
	}
	standards := d.Path("standards")
	phase := func(p campaign.Phase) func(workflows.CampaignStatus) bool {
		return func(st workflows.CampaignStatus) bool { return st.Phase == p }
	}

	d.Step("step.mobilize")
	// A window campaign: each agency's places, and the one whose share is 0.
	windows, err := d.Example("examples/demo-windows.yaml")
	if err != nil {
		return err
	}
	if err := d.Acts(
		validateCampaign(spec, standards),
		validateCampaign(windows, standards),
		startCampaign(spec, standards),
		startCampaign(spec, standards), // again: nothing changes
	); err != nil {
		return err
	}
	if err := d.WaitCampaign(CampaignID, "wait.implement", phase(campaign.PhaseImplement)); err != nil {
		return err
	}

	d.Step("step.implement")
	for _, r := range []office.TaskReport{
		{Unit: unit("finance"), Task: "plan", Percent: 100, Note: "实施方案已印发"},
		{Unit: unit("finance"), Task: "volunteers", Percent: 100},
		{Unit: unit("admin-service"), Task: "service-window", Percent: 60, Note: "窗口改造进行中"},
		{Unit: unit("tax"), Task: "plan", Percent: 100},
	} {
		if err := d.Act(taskReport(r)); err != nil {
			return err
		}
	}
	if err := d.Act(veto(office.Veto{Unit: unit("public-security"), Reason: "major-accident", Note: "发生重大安全责任事故"})); err != nil {
		return err
	}
	if err := d.midtermChecks(std); err != nil {
		return err
	}
	// A case from another plan's list is refused, with this plan's list shown.
	if err := d.Refuse(veto(office.Veto{Unit: unit("culture"), Reason: "unplanned-births", Note: "超生"})); err != nil {
		return err
	}
	if err := d.WaitCampaign(CampaignID, "wait.selfcheck", phase(campaign.PhaseSelfCheck)); err != nil {
		return err
	}

	d.Step("step.selfcheck")
	if err := d.selfChecks(std); err != nil {
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
	if err := d.Refuse(selfCheck(unit("statistics"), late)); err != nil {
		return err
	}
	if err := d.Act(veto(office.Veto{Unit: unit("audit"), Reason: "grave-misconduct", Note: "被媒体曝光，造成重大社会影响"})); err != nil {
		return err
	}
	// The declarations have closed: reopening them needs a reason.
	if err := d.Refuse(extendDeadline(CampaignID, campaign.BoundaryDeclareBy, time.Hour, "")); err != nil {
		return err
	}
	if err := d.Act(extendDeadline(CampaignID, campaign.BoundaryAcceptBy, 5*time.Second, "")); err != nil {
		return err
	}
	if err := d.inspections(std); err != nil {
		return err
	}
	if err := d.proceedWithoutInspecting(); err != nil {
		return err
	}
	if err := d.WaitCampaign(CampaignID, "wait.tie", func(st workflows.CampaignStatus) bool { return st.PendingTie != nil }); err != nil {
		return err
	}

	d.Step("step.review")
	if err := d.Show(campaignStatus(CampaignID)); err != nil {
		return err
	}
	if err := d.Refuse(resolveTie(office.Tie{Campaign: CampaignID, Include: []string{"tax", "health"}})); err != nil {
		return err
	}
	if err := d.Act(resolveTie(office.Tie{Campaign: CampaignID, Include: []string{"tax"}})); err != nil {
		return err
	}
	if err := d.WaitCampaign(CampaignID, "wait.consult", phase(campaign.PhaseConsult)); err != nil {
		return err
	}

	d.Step("step.consult")
	if err := d.consult(); err != nil {
		return err
	}
	if err := d.WaitCampaign(CampaignID, "wait.audit", phase(campaign.PhaseAudit)); err != nil {
		return err
	}

	d.Step("step.audit")
	if err := d.Show(campaignStatus(CampaignID)); err != nil {
		return err
	}
	if err := d.Act(auditList(office.Audit{Campaign: CampaignID})); err != nil {
		return err
	}
	if err := d.WaitCampaign(CampaignID, "wait.notice", phase(campaign.PhaseNotice)); err != nil {
		return err
	}

	d.Step("step.notice")
	notice, c := office.CampaignNotice(CampaignID), []string{"--campaign", CampaignID}
	if err := d.Acts(
		fileObjection(append(c, "--unit", "housing"), notice, "housing", "创建材料弄虚作假", "匿名"),
		fileObjection(append(c, "--unit", "finance"), notice, "finance", "听说办事难", ""),
		decideObjection(c, notice, 1, true, "经核查，部分台账为补做，异议成立"),
		decideObjection(c, notice, 2, false, "经核查不属实"),
	); err != nil {
		return err
	}
	if err := d.WaitCampaign(CampaignID, "wait.decision", phase(campaign.PhaseDecision)); err != nil {
		return err
	}

	d.Step("step.decision")
	if err := d.decide(); err != nil {
		return err
	}
	// The campaign names the units, hands each title to its own workflow and ends.
	d.say("\n" + d.tr("demo.waiting", "What", msg.Say("wait.naming")))
	if err := d.Client.GetWorkflow(d.Ctx, workflows.CampaignWorkflowID(CampaignID), "").Get(d.Ctx, nil); err != nil {
		return err
	}

	d.Step("step.naming")
	if err := d.Show(campaignStatus(CampaignID)); err != nil {
		return err
	}
	// A veto after the campaign's end goes to the unit's title: revoked at once.
	return d.Act(veto(office.Veto{Unit: unit("education"), Reason: "staff-crime", Note: "干部职工发生刑事犯罪"}))
}

// RunTitles manages titles after naming (动态管理): one warned, one ordered to rectify and
// verified, a certificate taken back and returned, a return refused for a certificate not
// taken back, and a title at the end of its term re-inspected and renewed.
func (d *Driver) RunTitles() error {
	d.Step("step.titles")
	ofCampaign := func(u string) office.TitleRef { return office.TitleRef{Unit: u, Campaign: CampaignID} }
	commerce := office.TitleRef{Unit: "commerce", Kind: "civilized-unit"}
	if err := d.Acts(
		decideTitle(ofCampaign("finance"), office.TitleDecision{Action: title.Warn, Reason: "窗口服务多次被群众投诉", Document: "市直工委〔2026〕21号"}),
		decideTitle(ofCampaign("tax"), office.TitleDecision{Action: title.Rectify, Reason: "创建台账不全", Within: 30 * 24 * time.Hour}),
		decideTitle(ofCampaign("tax"), office.TitleDecision{Action: title.Verify, Reason: "经复核，台账已补齐"}),
		decideTitle(commerce, office.TitleDecision{Action: title.Suspend, Reason: "检查发现办事大厅管理混乱"}),
		decideTitle(commerce, office.TitleDecision{Action: title.Restore, Reason: "整改达到标准"}),
	); err != nil {
		return err
	}
	if err := d.Refuse(decideTitle(ofCampaign("finance"), office.TitleDecision{Action: title.Restore, Reason: "返还"})); err != nil {
		return err
	}
	if err := d.renewAtTermEnd(); err != nil {
		return err
	}
	return d.Show(titleList(0))
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
	if err := d.Act(importRoster("titles", file)); err != nil {
		return err
	}
	if err := d.Act(manageTitles()); err != nil {
		return err
	}
	if err := d.Show(titleList(90 * 24 * time.Hour)); err != nil {
		return err
	}
	return d.Act(decideTitle(office.TitleRef{Unit: RenewedUnit, Kind: "civilized-unit"}, office.TitleDecision{Action: title.Renew,
		Reason: "届满前复查合格，保留称号", Document: "市直工委〔" + now.Format("2006") + "〕30号"}))
}

// NotInspected is the declared unit the inspectors never come to.
const NotInspected = "culture"

// proceedWithoutInspecting: the acceptance deadline passes with NotInspected declared and not
// inspected. The clock decides nothing: the unit waits, overdue, and the campaign with it, until
// the office proceeds without its inspection, saying why.
func (d *Driver) proceedWithoutInspecting() error {
	if err := d.WaitUnit(CampaignID, NotInspected, "wait.inspection_overdue", func(st workflows.UnitStatus) bool { return st.InspectionOverdue }); err != nil {
		return err
	}
	return d.Act(proceed(office.Proceeding{Campaign: CampaignID, Step: workflows.StepInspect, Unit: NotInspected,
		Reason: "验收组未能在验收期内前往市文化广电旅游局，经文明办主任办公会研究，不经实地检查参加评审"}))
}

// SilentOn is the proposed unit the discipline committee never gives its opinion on: its
// silence is not consent, so once the committee's time has passed the office proceeds without
// it, saying why.
const SilentOn = "hr-social"

// consult records the discipline committee's opinions: no objection to four proposed units,
// one excluded (its place stays empty), none on SilentOn. The consultation waits past its time,
// overdue, until an administrator proceeds without the missing opinion, with a reason.
func (d *Driver) consult() error {
	for _, u := range []string{"finance", "education", "housing", "tax"} {
		if err := d.Act(consult(CampaignID, u, "", false, "")); err != nil {
			return err
		}
	}
	if err := d.Act(consult(CampaignID, "market-reg", "", true, "该局一名副局长正在接受审查调查，建议暂缓命名")); err != nil {
		return err
	}
	step := office.Proceeding{Campaign: CampaignID, Step: workflows.StepConsult, Reason: "纪工委逾期未反馈对市人社局的意见，经文明办主任办公会研究，按无不同意见继续"}
	if err := d.WaitCampaign(CampaignID, "wait.consult_overdue", func(st workflows.CampaignStatus) bool { return !st.Waiting.OverdueSince.IsZero() }); err != nil {
		return err
	}
	if err := d.Show(campaignStatus(CampaignID)); err != nil {
		return err
	}
	return d.Act(proceed(step))
}

// NamingDocument is the demo's decision document number (文号).
const NamingDocument = "市文明办〔2026〕12号"

// decide has the deciding body strike one name and name the rest under its document; a unit
// the notice removed is not on its list.
func (d *Driver) decide() error {
	decision := func(unit, why string) Act {
		return decideCampaign(office.Decision{Campaign: CampaignID, Document: NamingDocument, On: today(),
			Strike: []office.NameStruck{{Unit: unit, Reason: why}}})
	}
	// The deciding body meets after the time the plan gives it: the campaign waited, overdue,
	// reminding the office, and takes the decision all the same.
	if err := d.WaitCampaign(CampaignID, "wait.decision_overdue", func(st workflows.CampaignStatus) bool { return !st.Waiting.OverdueSince.IsZero() }); err != nil {
		return err
	}
	if err := d.Show(campaignStatus(CampaignID)); err != nil {
		return err
	}
	if err := d.Refuse(decision("housing", "公示期间异议成立")); err != nil {
		return err
	}
	return d.Act(decision("hr-social", "群众满意度测评排名靠后，暂缓命名"))
}

// today is the day in the campaigns' time zone, for the decisions' documents.
func today() string { return time.Now().In(shanghai()).Format(time.DateOnly) }

// unit is a unit of the demo campaign.
func unit(id string) office.Unit { return office.Unit{Campaign: CampaignID, Unit: id} }

// midtermChecks: the inspectors' mid-term check (中途检查) of three units during implementation;
// from then on the monthly ranking goes by the latest inspection score.
func (d *Driver) midtermChecks(s *standard.Standard) error {
	for _, m := range [][2]string{{"finance", "96"}, {"tax", "95"}, {"gov-office", "92"}} {
		u, base := m[0], m[1]
		sheet, err := d.ScoreSheet(u+"-midterm.csv", s, base)
		if err != nil {
			return err
		}
		if err := d.Act(inspect(unit(u), "midterm", sheet, "")); err != nil {
			return err
		}
	}
	return nil
}

func (d *Driver) selfChecks(s *standard.Standard) error {
	for _, p := range plans {
		if p.self == "" {
			continue
		}
		sheet, err := d.ScoreSheet(p.unit+"-self.csv", s, p.self, p.selfBonus...)
		if err != nil {
			return err
		}
		if err := d.Act(selfCheck(unit(p.unit), sheet)); err != nil {
			return err
		}
		dc := office.Declaration{Unit: unit(p.unit),
			Report: "本单位创建工作扎实推进，各项指标达到创建标准。", Summary: "创建工作主要成绩和经验：志愿服务常态化，窗口服务零投诉。",
			Recommendation: "经党组研究，同意推荐", Opinion: "经审查，近两年无违纪违法问题"}
		if p.declare {
			if err := d.Act(declare(dc)); err != nil {
				return err
			}
			if err := d.reviewMaterials(p, dc); err != nil {
				return err
			}
		} else if p.refused {
			if err := d.Refuse(declare(dc)); err != nil {
				return err
			}
		}
	}
	// A resend of the same sheet is harmless.
	return d.Act(selfCheck(unit("finance"), filepath.Join(d.Dir, "finance-self.csv")))
}

// reviewMaterials is the office's preliminary review of a declaration: the water bureau's comes
// back for correction (the opinion's paper original is missing) and, the original handed in,
// is declared again unchanged: a new act, not the first declaration sent again; the
// agriculture bureau's is turned down; the rest are accepted.
func (d *Driver) reviewMaterials(p plan, dc office.Declaration) error {
	review := func(verdict string, within time.Duration, note string) Act {
		return reviewDeclaration(office.DeclarationReview{Unit: unit(p.unit), Verdict: verdict, FixWithin: within, Note: note})
	}
	switch {
	case p.turnDown:
		return d.Act(review(workflows.ReviewTurnDown, 0, "申报材料中的创建台账与实际不符"))
	case p.unit == "water":
		// The correction time stretches with the run's (a run under faults is slower).
		if err := d.Act(review(workflows.ReviewReturn, time.Duration(max(d.Stretch, 1))*4*time.Second, "未报送纪检监察部门意见原件，请补交纸质原件")); err != nil {
			return err
		}
		if err := d.Act(declare(dc)); err != nil {
			return err
		}
	}
	return d.Act(review(workflows.ReviewAccept, 0, ""))
}

func (d *Driver) inspections(s *standard.Standard) error {
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
		problems := ""
		if p.unit == "gov-office" {
			problems = findings
		}
		if err := d.Act(inspect(unit(p.unit), "", sheet, problems)); err != nil {
			return err
		}
	}
	// 整改: the unit fixes both problems; the inspectors find the big one not fixed, then fixed.
	for _, r := range []office.RectificationStep{
		{Action: store.ActionClose, Number: 1, Note: "杂物已清理"},
		{Action: store.ActionVerify, Number: 1},
		{Action: store.ActionClose, Number: 2, Note: "通道已清理"},
		{Action: store.ActionReopen, Number: 2, Note: "灭火器仍未更换"},
		{Action: store.ActionClose, Number: 2, Note: "灭火器已更换"},
		{Action: store.ActionVerify, Number: 2},
	} {
		r.Unit = unit("gov-office")
		if err := d.Act(rectify(r)); err != nil {
			return err
		}
	}
	return nil
}
