package cli

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"wenming/input/specfile"
	"wenming/msg"
	"wenming/rules/points"
	"wenming/rules/standard"
	"wenming/terminal/termtable"
)

func (a *app) standardCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "standard",
		Short: "Convert, check, show standards (创建标准/考核表) and score sheets against them",
	}
	cmd.AddCommand(a.standardImportCmd(), a.standardValidateCmd(), a.standardShowCmd(), a.standardScoreCmd())
	return cmd
}

func (a *app) standardImportCmd() *cobra.Command {
	var o standard.ImportOptions
	var mode, honors, out string
	pass, step, perProblem, bonusCap := pointsFlag{}, pointsFlag{p: 50, set: true}, pointsFlag{}, pointsFlag{}
	var serious rangeFlag
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Convert a form in the plain layout (CSV or .xlsx: section,item,text,points) into a standard file",
		Example: `  starter standard import civilized-unit.csv --id civilized-unit --name 文明单位创建标准 \
      --mode additive --pass 90 --honor national=6,provincial=4,city=2 -o standards/civilized-unit.yaml
  starter standard import courtyard-hygiene.csv --id courtyard-hygiene --name 庭院环境卫生整治考核细则 \
      --source "双创双修方案 附件1" --mode deduction --pass 0 --per-problem 0.5 --serious 1-2 --bonus-cap 5 --no-veto --judged 组织管理`,
		Args: args("FILE"),
		RunE: func(c *cobra.Command, argv []string) error {
			o.Mode, o.Pass, o.Step = standard.Mode(mode), pass.p, step.p
			o.PerProblem, o.Serious, o.BonusCap = perProblem.p, serious.r, bonusCap.p
			if err := checkImportFlags(c, o, pass.set); err != nil {
				return err
			}
			if honors != "" {
				h, err := standard.ParseHonors(honors)
				if err != nil {
					return usageError{msg.Wrap(err, "cli.standard.honor")}
				}
				o.Honors = h
			}
			s, err := specfile.ImportStandard(argv[0], o)
			if err != nil {
				return err
			}
			b, err := s.Marshal()
			if err != nil {
				return err
			}
			if out == "" {
				_, err = a.out.Write(b)
				return err
			}
			if err := os.WriteFile(out, b, 0o644); err != nil {
				return msg.Wrap(err, "cli.write_failed", "File", out)
			}
			fmt.Fprintln(a.errOut, a.tr("cli.wrote", "File", out)+a.tr("cause.sep")+a.view().StandardLine(s))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.ID, "id", "", "standard id (letters, digits, '-', '_', '.')")
	f.StringVar(&o.Name, "name", "", "standard name, e.g. 文明单位创建标准")
	f.StringVar(&o.Source, "source", "", "the document the form is transcribed from, e.g. 三创三树方案 附件1")
	f.StringVar(&mode, "mode", "", "additive (0..max per item) or deduction (扣分制: items start at max)")
	f.Var(&pass, "pass", "pass line (达标线) on the base score, bonus excluded")
	f.Var(&step, "step", "score granularity: 0.5 for unit forms, 1 for ballots")
	f.Var(&perProblem, "per-problem", "deduction mode: points deducted per ordinary problem")
	f.Var(&serious, "serious", "deduction mode: range deducted for a serious problem, MIN-MAX")
	f.StringVar(&honors, "honor", "", "honor bonus levels (rule: highest only), e.g. national=6,provincial=4,city=2")
	f.Var(&bonusCap, "bonus-cap", "adds a discretionary bonus item 'extra' with this maximum")
	f.StringArrayVar(&o.Judged, "judged", nil, "deduction mode: a section the inspectors deduct from by judgment, once per item, not per problem found (repeatable)")
	f.BoolVar(&o.NoVeto, "no-veto", false, "leave out the veto list (一票否决), e.g. for ballot forms")
	f.StringVar(&o.VetoList, "veto-list", "", "the shipped veto list: city-civilized-unit (default) or district-civilized-organ")
	f.StringVarP(&out, "output", "o", "", "write the standard here instead of standard output")
	return cmd
}

func checkImportFlags(c *cobra.Command, o standard.ImportOptions, passSet bool) error {
	var missing []string
	for _, name := range []string{"id", "name", "mode"} {
		if !c.Flags().Changed(name) {
			missing = append(missing, "--"+name)
		}
	}
	if !passSet {
		missing = append(missing, "--pass")
	}
	if o.Mode == standard.Deduction {
		if !c.Flags().Changed("per-problem") {
			missing = append(missing, "--per-problem")
		}
		if !c.Flags().Changed("serious") {
			missing = append(missing, "--serious")
		}
	}
	if len(missing) > 0 {
		return usage("cli.standard.import_needs", "Flags", missing)
	}
	if o.Mode != standard.Additive && o.Mode != standard.Deduction {
		return usage("cli.standard.mode", "Mode", string(o.Mode))
	}
	if o.Mode == standard.Additive && (c.Flags().Changed("per-problem") || c.Flags().Changed("serious")) {
		return usage("cli.standard.deduction_flags")
	}
	return nil
}

func (a *app) standardValidateCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "validate FILE",
		Short:   "Check a standard file and report every problem at once",
		Example: "  starter standard validate standards/civilized-unit.yaml",
		Args:    args("FILE"),
		RunE: func(c *cobra.Command, argv []string) error {
			s, err := specfile.Standard(argv[0])
			if err != nil {
				return err
			}
			a.print("cli.standard.valid", "File", argv[0], "Standard", a.view().StandardLine(s))
			return nil
		},
	}
}

func (a *app) standardShowCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "show FILE",
		Short:   "Print a standard: its items, maximum and rules",
		Example: "  starter standard show standards/courtyard-hygiene.yaml",
		Args:    args("FILE"),
		RunE: func(c *cobra.Command, argv []string) error {
			s, err := specfile.Standard(argv[0])
			if err != nil {
				return err
			}
			return a.showStandard(s)
		},
	}
}

func (a *app) showStandard(s *standard.Standard) error {
	a.print("cli.standard.head", "ID", s.ID, "Name", s.Name, "Mode", string(s.Mode), "Step", s.Step, "Max", s.Max(), "Pass", s.Pass)
	if s.Source != "" {
		a.print("cli.standard.source", "Source", s.Source)
	}
	if d := s.Deduction; d != nil {
		a.print("cli.standard.deduction", "PerProblem", d.PerProblem, "Min", d.Serious.Min, "Max", d.Serious.Max)
	}
	fmt.Fprintln(a.out)
	items := termtable.Table{Header: []string{a.tr("cli.header.section"), a.tr("cli.header.item"), a.tr("cli.header.max"), a.tr("cli.header.text")},
		Right: map[int]bool{2: true}, MaxWidth: 60}
	for _, sec := range s.Sections {
		for _, it := range sec.Items {
			items.Add(sec.Name, it.ID, it.Max, it.Text)
		}
	}
	if err := items.Write(a.out); err != nil {
		return err
	}
	for _, g := range s.Bonus {
		rule := msg.Say("cli.standard.bonus_highest")
		if g.Rule == standard.Sum {
			rule = msg.Say("cli.standard.bonus_sum")
			if g.Cap > 0 {
				rule = msg.Say("cli.standard.bonus_sum_cap", "Cap", g.Cap)
			}
		}
		fmt.Fprintln(a.out)
		a.print("cli.standard.bonus", "Group", g.Group, "Rule", rule)
		for _, it := range g.Items {
			fmt.Fprintf(a.out, "  %-10s %5s  %s\n", it.ID, it.Max, it.Text)
		}
	}
	if len(s.Veto) > 0 {
		fmt.Fprintln(a.out)
		a.print("cli.standard.veto")
		for _, v := range s.Veto {
			text := v.Text
			if v.Open {
				text += a.tr("cli.standard.veto_open")
			}
			fmt.Fprintf(a.out, "  %-20s %s\n", v.ID, text)
		}
	}
	return nil
}

// scoreOutput is the contract of `standard score --json`: exactly these fields.
type scoreOutput struct {
	Standard string        `json:"standard"`
	Max      points.Points `json:"max"`
	Base     points.Points `json:"base"`
	Bonus    points.Points `json:"bonus"`
	Total    points.Points `json:"total"`
	Pass     points.Points `json:"pass"`
	Eligible bool          `json:"eligible"`
}

func (a *app) standardScoreCmd() *cobra.Command {
	var stdPath, sheetPath string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "score --standard FILE --sheet SHEET",
		Short: "Score a sheet (CSV or .xlsx) against a standard",
		Long: "Additive sheets have the header item,score and one row per item (bonus items by id).\n" +
			"Deduction sheets have the header item,severity,deduction and one row per problem found:\n" +
			"severity normal (deduction empty), serious (deduction within the serious range) or bonus.",
		Example: "  starter standard score --standard standards/civilized-unit.yaml --sheet self.csv --json",
		Args:    args(),
		RunE: func(c *cobra.Command, argv []string) error {
			if stdPath == "" || sheetPath == "" {
				return usage("cli.standard.score_needs")
			}
			r, err := specfile.Score(stdPath, sheetPath)
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(a.out).Encode(scoreOutput{r.Standard, r.Max, r.Base, r.Bonus, r.Total, r.Pass, r.Eligible})
			}
			a.view().Scored(r)
			return nil
		},
	}
	cmd.Flags().StringVar(&stdPath, "standard", "", "the standard file (YAML)")
	cmd.Flags().StringVar(&sheetPath, "sheet", "", "the score sheet (CSV or .xlsx)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object for scripts")
	return cmd
}
