package scenario

import (
	"path/filepath"

	"wenming/rules/standard"
)

// Setup imports the rosters and shows the standards and scoring the campaign relies on.
func (d *Driver) Setup() error {
	d.Step("step.rosters")
	if err := d.Acts(
		importRoster("units", d.Path("examples/units.csv")),
		importRoster("branches", d.Path("examples/branches.csv")),
		importRoster("members", d.Path("examples/members.csv")),
		importRoster("members", d.Path("examples/members.csv")), // again: changes nothing
		importRoster("units", d.Path("examples/windows.csv")),
		importRoster("titles", d.Path("examples/titles.csv")),
		importRoster("titles", d.Path("examples/titles.csv")), // again: changes nothing
		manageTitles(), // each title held from before is managed by its own workflow
	); err != nil {
		return err
	}

	d.Step("step.standards")
	hygiene := filepath.Join(d.Dir, "courtyard-hygiene.yaml")
	if err := d.Show(
		importStandard(d.Path("standards/source/courtyard-hygiene.csv"), hygiene, standard.ImportOptions{
			ID: "courtyard-hygiene", Name: "市直机关庭院环境卫生整治考核细则", Source: "双创双修庭院环境卫生整治活动 附件1 工作考核细则",
			Mode: standard.Deduction, Pass: mustPoints("0"), Step: mustPoints("0.5"), PerProblem: mustPoints("0.5"),
			Serious: standard.Range{Min: mustPoints("1"), Max: mustPoints("2")}, BonusCap: mustPoints("5"), NoVeto: true, Judged: []string{"组织管理"}}),
		scoreSheet(d.Path("standards/civilized-unit.yaml"), d.Path("examples/sheets/finance-self.csv")),
		scoreSheet(hygiene, d.Path("examples/sheets/finance-hygiene.csv")),
	); err != nil {
		return err
	}
	if err := d.Refuse(scoreWrongSheet(hygiene, d.Path("examples/sheets/finance-self.csv"))); err != nil {
		return err
	}
	d.Step("step.check")
	return d.Show(check())
}
