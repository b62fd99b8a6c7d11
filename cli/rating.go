package cli

import (
	"context"

	"github.com/spf13/cobra"

	"wenming/office"
	"wenming/workflows"
)

// Rating campaigns (星级评定) are started with campaign start (a plan with subject rating); these
// verbs act in their rounds.
func (a *app) ratingCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "rating", Short: "Act in a rating campaign (星级评定): inspect each round, leave a unit out, rectify"}
	cmd.AddCommand(a.ratingInspectCmd(), a.ratingProceedCmd(), a.ratingStatusCmd())
	for _, step := range rectificationSteps {
		cmd.AddCommand(a.rectificationVerb(step.name, step.short, "rating", "courtyard-2027", func(ctx context.Context, st office.RectificationStep) (office.Receipt, error) {
			return a.office().RectifyRating(ctx, st)
		}).Command)
	}
	return cmd
}

// ratingTarget is the unit and round a rating verb acts on.
type ratingTarget struct {
	target
	round string
}

func (t *ratingTarget) register(cmd *cobra.Command, round bool) {
	t.target.register(cmd, true)
	if round {
		cmd.Flags().StringVar(&t.round, "round", "", "the round (r1, r2, ...: starter rating status CAMPAIGN)")
	}
}

func (t ratingTarget) check(round bool) error {
	if err := t.target.check(true); err != nil {
		return err
	}
	if round && t.round == "" {
		return usage("cli.give.rating_round")
	}
	return nil
}

func (a *app) ratingInspectCmd() *cobra.Command {
	var t ratingTarget
	var s submission
	var path, findings string
	cmd := &cobra.Command{
		Use:   "inspect",
		Short: "Hand in a unit's inspection in the open round: the score sheet and the problems found",
		Long: "The findings file has the header item,size,problem: size small (fixed the same day) or big\n" +
			"(within a week). On a deduction form without a findings file, every problem row of the\n" +
			"sheet becomes a notice (ordinary: small, serious: big).",
		Example: "  starter rating inspect --campaign courtyard-2027 --unit finance --round r1 --sheet finance-r1.csv",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := t.check(true); err != nil {
				return err
			}
			target := workflows.RatingWorkflowID(t.campaign)
			sh, err := a.readSheetFor(c.Context(), t.campaign, target, workflows.UpdateInspect, path)
			if err != nil {
				return err
			}
			in := office.RatingInspection{Campaign: t.campaign, Unit: t.unit, Round: t.round, ID: s.id, Sheet: sh}
			if findings != "" {
				if in.Findings, err = readFindings(findings); err != nil {
					return a.localRefusal(c.Context(), workflows.UpdateInspect, target, err)
				}
			}
			return a.show(a.office().Rate(c.Context(), in))
		},
	}
	t.register(cmd, true)
	s.register(cmd)
	cmd.Flags().StringVar(&path, "sheet", "", "the score sheet")
	cmd.Flags().StringVar(&findings, "findings", "", "the problems found: item,size,problem")
	return cmd
}

func (a *app) ratingProceedCmd() *cobra.Command {
	var t ratingTarget
	var s submission
	var reason string
	cmd := &cobra.Command{
		Use:     "proceed",
		Short:   "Leave a unit out of the open round, with the reason: it keeps the grade it held",
		Example: "  starter rating proceed --campaign courtyard-2027 --unit housing --round r2 --reason 办公楼整体搬迁，本月不检查",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := t.check(true); err != nil {
				return err
			}
			return a.show(a.office().SkipRating(c.Context(), office.RatingSkip{Campaign: t.campaign, Unit: t.unit, Round: t.round, ID: s.id, Reason: reason}))
		},
	}
	t.register(cmd, true)
	s.register(cmd)
	cmd.Flags().StringVar(&reason, "reason", "", "why the unit is not inspected in this round")
	return cmd
}

func (a *app) ratingStatusCmd() *cobra.Command {
	var f viewFlags
	cmd := &cobra.Command{
		Use:     "status CAMPAIGN",
		Short:   "Where a rating campaign stands: the open round, who is not yet inspected, the rounds closed",
		Example: "  starter rating status courtyard-2027\n  starter rating status courtyard-2027 --json",
		Args:    args("CAMPAIGN"),
		RunE: func(c *cobra.Command, argv []string) error {
			return showStatus(c.Context(), a, workflows.RatingWorkflowID(argv[0]), campaignHint, f, noErr(a.view().RatingStatus))
		},
	}
	f.add(cmd)
	return cmd
}
