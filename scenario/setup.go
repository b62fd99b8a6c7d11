package scenario

import "path/filepath"

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
	for _, r := range [][]string{
		{"standard", "import", d.Path("standards/source/courtyard-hygiene.csv"), "--id", "courtyard-hygiene", "--name", "市直机关庭院环境卫生整治考核细则",
			"--source", "双创双修庭院环境卫生整治活动 附件1 工作考核细则", "--mode", "deduction", "--pass", "0", "--step", "0.5",
			"--per-problem", "0.5", "--serious", "1-2", "--bonus-cap", "5", "--no-veto", "-o", hygiene},
		{"standard", "score", "--standard", d.Path("standards/civilized-unit.yaml"), "--sheet", d.Path("examples/sheets/finance-self.csv")},
		{"standard", "score", "--standard", hygiene, "--sheet", d.Path("examples/sheets/finance-hygiene.csv"), "--json"},
	} {
		if err := d.Run(r...); err != nil {
			return err
		}
	}
	if err := d.Refused("standard", "score", "--standard", hygiene, "--sheet", d.Path("examples/sheets/finance-self.csv")); err != nil {
		return err
	}
	d.Step("step.check")
	return d.Run("check")
}
