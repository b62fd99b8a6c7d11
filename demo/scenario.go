package main

// scenario is what the demo shows, in the order an office works.
func (d *driver) scenario() error {
	d.step("Rosters: the units, party branches and members of the city agencies")
	for _, r := range [][]string{
		{"roster", "import", "units", "examples/units.csv"},
		{"roster", "import", "branches", "examples/branches.csv"},
		{"roster", "import", "members", "examples/members.csv"},
		{"roster", "import", "members", "examples/members.csv"}, // again: changes nothing
	} {
		if err := d.cli(r...); err != nil {
			return err
		}
	}

	d.step("Standards: the transcribed forms in the product's format")
	if err := d.cli("standard", "import", "standards/source/deduction-example.csv", "--id", "hygiene",
		"--name", "环境卫生检查考核表", "--mode", "deduction", "--pass", "40", "--per-problem", "0.5",
		"--serious", "1-2", "--bonus-cap", "5", "-o", ".data/demo/hygiene.yaml"); err != nil {
		return err
	}
	if err := d.cli("standard", "show", "standards/civilized-unit.yaml"); err != nil {
		return err
	}

	d.step("Scoring: a self-score sheet and an inspection's problems")
	if err := d.cli("standard", "score", "--standard", "standards/civilized-unit.yaml", "--sheet", "examples/sheets/finance-self.csv"); err != nil {
		return err
	}
	if err := d.cli("standard", "score", "--standard", ".data/demo/hygiene.yaml", "--sheet", "examples/sheets/finance-hygiene.csv", "--json"); err != nil {
		return err
	}
	if err := d.cliRefused("standard", "score", "--standard", "standards/hygiene.yaml", "--sheet", "examples/sheets/finance-self.csv"); err != nil {
		return err
	}

	d.step("The worker, Temporal and PostgreSQL answer together")
	return d.cli("check")
}
