package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"wenming/input/sheetfile"
	"wenming/office"
	"wenming/store"
	"wenming/workflows"
)

// readFindings reads an inspection's findings file (see office.ReadFindings).
func readFindings(path string) ([]office.Finding, error) {
	tbl, err := sheetfile.Read(path)
	if err != nil {
		return nil, err
	}
	return office.ReadFindings(tbl)
}

func (a *app) inspectCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "inspect", Short: "Hand in an inspection (实地检查验收) of a declared unit"}
	var t target
	var s submission
	var path, findings, check string
	submit := &cobra.Command{
		Use:   "submit",
		Short: "Submit the actual score sheet and the problems found (each becomes a rectification notice)",
		Long: "The findings file has the header item,size,problem: size small (fixed the same day) or big\n" +
			"(within a week). On a deduction form without a findings file, every problem row of the\n" +
			"sheet becomes a notice (ordinary: small, serious: big).",
		Example: "  starter inspect submit --campaign civilized-units-2027 --unit finance --sheet actual.csv --findings problems.csv\n" +
			"  starter inspect submit --campaign civilized-units-2027 --unit finance --check midterm --sheet midterm.csv",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			sh, err := a.readScoreSheet(c.Context(), t, workflows.UpdateInspect, path)
			if err != nil {
				return err
			}
			in := office.Inspection{Unit: t.officeUnit(), ID: s.id, Sheet: sh, Check: check}
			if findings != "" {
				if in.Findings, err = readFindings(findings); err != nil {
					return a.localRefusal(c.Context(), workflows.UpdateInspect, t.unitWorkflow(), err)
				}
			}
			return a.show(a.office().Inspect(c.Context(), in))
		},
	}
	t.register(submit, true)
	s.register(submit)
	submit.Flags().StringVar(&path, "sheet", "", "the actual score sheet")
	submit.Flags().StringVar(&findings, "findings", "", "the problems found: item,size,problem")
	submit.Flags().StringVar(&check, "check", "", "a check before the final acceptance that the plan lists (e.g. midterm); omitted: the final acceptance")
	cmd.AddCommand(submit)
	return cmd
}

func (a *app) rectifyCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "rectify", Short: "Close, verify or reopen a rectification notice (整改通知)"}
	for _, step := range rectificationSteps {
		sub := a.rectificationVerb(step.name, step.short, "rectify", "civilized-units-2027", func(ctx context.Context, st office.RectificationStep) (office.Receipt, error) {
			return a.office().Rectify(ctx, st)
		})
		// --notice was its name before "notice" came to mean the public notice (公示) alone.
		sub.Flags().IntVar(&sub.number, "notice", 0, "the rectification's number")
		_ = sub.Flags().MarkDeprecated("notice", "use --rectification")
		cmd.AddCommand(sub.Command)
	}
	return cmd
}

// rectificationSteps are the steps of a rectification notice (整改通知), each a verb of its own.
var rectificationSteps = []struct{ name, short string }{
	{store.ActionClose, "The unit reports a notice fixed"},
	{store.ActionVerify, "The inspectors confirm the fix"},
	{store.ActionReopen, "The inspectors find it not fixed: a new deadline by its size"},
}

// stepVerb is a verb that takes a step on a rectification notice, and its number flag.
type stepVerb struct {
	*cobra.Command
	number int
}

// rectificationVerb is the verb of one step on a unit's rectification notice, under group
// (rectify, or rating for a rating campaign's), sent by send.
func (a *app) rectificationVerb(action, short, group, campaignID string, send func(context.Context, office.RectificationStep) (office.Receipt, error)) *stepVerb {
	var t target
	var s submission
	var note string
	v := &stepVerb{}
	v.Command = &cobra.Command{
		Use:     action,
		Short:   short,
		Example: fmt.Sprintf("  starter %s %s --campaign %s --unit finance --rectification 1 --note 已整改", group, action, campaignID),
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := t.check(true); err != nil {
				return err
			}
			if v.number < 1 {
				return usage("cli.give.rectification")
			}
			return a.show(send(c.Context(), office.RectificationStep{Unit: t.officeUnit(), ID: s.id, Number: v.number, Action: action, Note: note}))
		},
	}
	t.register(v.Command, true)
	s.register(v.Command)
	v.Flags().IntVar(&v.number, "rectification", 0, "the rectification's number (整改通知编号)")
	v.Flags().StringVar(&note, "note", "", "what was done, or what is still wrong")
	return v
}

func (a *app) vetoCmd() *cobra.Command {
	var t target
	var s submission
	var reason, note string
	cmd := &cobra.Command{
		Use:   "veto",
		Short: "Report a veto event (一票否决) against a unit: out at once, or its title revoked after naming",
		Example: "  starter veto --campaign civilized-units-2027 --unit tax --reason major-accident --note 2026年5月发生火灾事故\n" +
			"  (reasons: the standard's veto list, see starter standard show FILE)",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := t.check(true); err != nil {
				return err
			}
			if reason == "" {
				return usage("cli.give.veto_reason")
			}
			return a.show(a.office().Veto(c.Context(), office.Veto{Unit: t.officeUnit(), ID: s.id, Reason: reason, Note: note}))
		},
	}
	t.register(cmd, true)
	s.register(cmd)
	cmd.Flags().StringVar(&reason, "reason", "", "the veto reason's id")
	cmd.Flags().StringVar(&note, "note", "", "what happened")
	return cmd
}
