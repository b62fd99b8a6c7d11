package scenario

import (
	"wenming/office"
	"wenming/rules/campaign"
	"wenming/store"
	"wenming/workflows"
)

// PeopleCampaignID is the demo's model-individual campaign (examples/demo-model-individuals.yaml).
const PeopleCampaignID = "model-individuals-demo"

// nominee is a person a unit of the demo nominates.
type nominee struct {
	unit, person, name, post string
	categories               []string
	refused                  bool // over the unit's quota by staff
}

// nominees come from units of three sizes: 市统计局 (45 staff: one place), 市商务局 (75: three)
// and 市税务局 (260: five).
var nominees = []nominee{
	{unit: "statistics", person: "stat-wu", name: "吴静", post: "市统计局综合科科长", categories: []string{"1"}},
	{unit: "statistics", person: "stat-zheng", name: "郑强", post: "市统计局统计员", categories: []string{"2"}, refused: true},
	{unit: "commerce", person: "com-wang", name: "王芳", post: "市商务局外贸科副科长", categories: []string{"2", "4"}},
	{unit: "commerce", person: "com-zhao", name: "赵磊", post: "市商务局市场科科员", categories: []string{"3"}},
	{unit: "commerce", person: "com-sun", name: "孙丽", post: "市商务局办公室主任", categories: []string{"5"}},
	{unit: "commerce", person: "com-qian", name: "钱勇", post: "市商务局科员", categories: []string{"2"}, refused: true},
	{unit: "tax", person: "tax-li", name: "李明", post: "市税务局纳税服务科科长", categories: []string{"诚实守信、服务规范"}},
	{unit: "tax", person: "tax-zhou", name: "周涛", post: "市税务局稽查局干部", categories: []string{"6"}},
}

// PeopleResults are the outcomes the demo's model-individual campaign ends with, by unit/person.
var PeopleResults = map[string]string{
	"statistics/stat-wu": "named",
	"commerce/com-wang":  "named",
	"commerce/com-zhao":  "not_approved",
	"commerce/com-sun":   "removed_by_objection",
	"tax/tax-li":         "named",
	"tax/tax-zhou":       "not_approved",
}

// PeopleDocument is the document number naming the demo's model individuals.
const PeopleDocument = "市直工委〔2026〕13号" // the 工委 decides people (附件7)

// RunModelIndividuals drives the model-individual campaign: nominations up to each unit's
// quota (one over it refused in two units), the notice before declaring with an objection
// upheld against one person, the preliminary review, the discipline committee excluding one
// person, the notice, and the deciding body striking one and naming the rest.
func (d *Driver) RunModelIndividuals() error {
	spec, err := d.Example("examples/demo-model-individuals.yaml")
	if err != nil {
		return err
	}
	phase := func(p campaign.Phase) func(workflows.CampaignStatus) bool {
		return func(st workflows.CampaignStatus) bool { return st.Phase == p }
	}
	d.Step("step.people_nominate")
	if err := d.Act(startCampaign(spec, d.Path("standards"))); err != nil {
		return err
	}
	if err := d.WaitCampaign(PeopleCampaignID, "wait.selfcheck", phase(campaign.PhaseSelfCheck)); err != nil {
		return err
	}
	person := func(u string) office.Unit { return office.Unit{Campaign: PeopleCampaignID, Unit: u} }
	for _, n := range nominees {
		act := nominatePerson(office.PersonNomination{Unit: person(n.unit), Person: n.person, Name: n.name, Post: n.post,
			Categories: n.categories, Deeds: n.name + "同志立足岗位、服务群众，事迹突出。", Recommendation: "经机关党委研究，同意推荐"})
		do := d.Act
		if n.refused {
			do = d.Refuse
		}
		if err := do(act); err != nil {
			return err
		}
	}
	for _, u := range []string{"statistics", "commerce", "tax"} {
		if err := d.Act(declare(office.Declaration{Unit: person(u), Report: "本单位推荐文明标兵人选的情况报告。",
			Summary: "经单位内部考核推荐产生。", Recommendation: "经机关党委研究，同意推荐", Opinion: "推荐人选近两年无违纪违法问题"})); err != nil {
			return err
		}
	}
	d.Step("step.people_notice")
	notice, flags := office.UnitNotice(person("commerce")), []string{"--campaign", PeopleCampaignID, "--unit", "commerce"}
	if err := d.Act(fileObjection(append(flags, "--person", "com-sun", "--before-declaring"), notice, "com-sun", "事迹材料与实际不符", "")); err != nil {
		return err
	}
	if err := d.Act(decideObjection(append(flags, "--before-declaring"), notice, 1, true, "经核查属实")); err != nil {
		return err
	}
	for _, u := range []string{"statistics", "commerce", "tax"} {
		if err := d.WaitUnit(PeopleCampaignID, u, "wait.declaring_notice", func(st workflows.UnitStatus) bool {
			return st.DeclaringNotice != nil && st.DeclaringNotice.Status == "passed"
		}); err != nil {
			return err
		}
		if err := d.Act(reviewDeclaration(office.DeclarationReview{Unit: person(u), Verdict: workflows.ReviewAccept})); err != nil {
			return err
		}
	}
	if err := d.WaitCampaign(PeopleCampaignID, "wait.consult", phase(campaign.PhaseConsult)); err != nil {
		return err
	}
	d.Step("step.people_decision")
	for _, p := range [][2]string{{"statistics", "stat-wu"}, {"commerce", "com-wang"}, {"commerce", "com-zhao"}, {"tax", "tax-li"}} {
		if err := d.Act(consult(PeopleCampaignID, p[0], p[1], false, "")); err != nil {
			return err
		}
	}
	if err := d.Act(consult(PeopleCampaignID, "tax", "tax-zhou", true, "该同志正在接受审查调查")); err != nil {
		return err
	}
	if err := d.WaitCampaign(PeopleCampaignID, "wait.decision", phase(campaign.PhaseDecision)); err != nil {
		return err
	}
	if err := d.Act(decideCampaign(office.Decision{Campaign: PeopleCampaignID, Document: PeopleDocument, On: today(),
		Strike: []office.NameStruck{{Unit: store.NomineeKey("commerce", "com-zhao"), Reason: "事迹不够突出"}}})); err != nil {
		return err
	}
	if err := d.Client.GetWorkflow(d.Ctx, workflows.CampaignWorkflowID(PeopleCampaignID), "").Get(d.Ctx, nil); err != nil {
		return err
	}
	d.Step("step.people_naming")
	return d.Show(printReport(office.ReportQuery{Name: office.NamingReport, Of: PeopleCampaignID}))
}
