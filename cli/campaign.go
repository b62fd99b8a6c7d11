package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"wenming/input/specfile"
	"wenming/msg"
	"wenming/office"
	"wenming/rules/campaign"
	"wenming/rules/standard"
	"wenming/terminal/termtable"
	"wenming/workflows"
)

func (a *app) campaignCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "campaign", Short: "Validate, start, follow and list campaigns (创建活动)"}
	cmd.AddCommand(a.campaignValidateCmd(), a.campaignStartCmd(), a.campaignStatusCmd(), a.campaignListCmd(),
		a.campaignConsultCmd(), a.campaignAuditCmd(), a.campaignProceedCmd(), a.campaignDecideCmd())
	return cmd
}

// loadPlan reads, checks and resolves a spec, units against the roster included, reporting
// every problem at once.
func (a *app) loadPlan(ctx context.Context, path, standardsDir string, now time.Time) (*campaign.Plan, *standard.Standard, error) {
	return specfile.Checked(ctx, path, standardsDir, now, a.office().CheckRoster)
}

// printParentQuotas shows, for a campaign with a per-parent quota, how many of each parent's
// units may declare, and lists the parents whose quota is 0.
func (a *app) printParentQuotas(ctx context.Context, plan *campaign.Plan) error {
	lines, err := a.office().ParentQuotas(ctx, plan)
	for _, l := range lines {
		fmt.Fprintln(a.out, a.p.Render(l))
	}
	return err
}

func (a *app) campaignValidateCmd() *cobra.Command {
	var standardsDir string
	cmd := &cobra.Command{
		Use:     "validate FILE",
		Short:   "Check a campaign spec, and its units against the roster; every problem at once",
		Example: "  starter campaign validate examples/campaign-2027.yaml",
		Args:    args("FILE"),
		RunE: func(c *cobra.Command, argv []string) error {
			plan, _, err := a.loadPlan(c.Context(), argv[0], standardsDir, now(c.Context()))
			if err != nil {
				return err
			}
			a.print("cli.campaign.valid", "File", argv[0], "ID", plan.ID, "Units", len(plan.Units), "Tasks", len(plan.Tasks), "Standard", plan.StandardID)
			fmt.Fprintln(a.out, a.p.Render(office.Timeline(*plan)))
			return a.printParentQuotas(c.Context(), plan)
		},
	}
	cmd.Flags().StringVar(&standardsDir, "standards", "standards", "where standards named by id are found")
	return cmd
}

func (a *app) campaignStartCmd() *cobra.Command {
	var standardsDir string
	cmd := &cobra.Command{
		Use:   "start FILE",
		Short: "Check a campaign spec and start the campaign; starting it again changes nothing",
		Example: "  starter campaign start examples/campaign-2027.yaml\n" +
			"  starter campaign start examples/demo-campaign.yaml --standards standards",
		Args: args("FILE"),
		RunE: func(c *cobra.Command, argv []string) error {
			ctx := c.Context()
			plan, std, err := a.loadPlan(ctx, argv[0], standardsDir, now(ctx))
			if err != nil {
				return err
			}
			if err := a.startCampaign(ctx, *plan, std); err != nil {
				return err
			}
			return a.printParentQuotas(ctx, plan)
		},
	}
	cmd.Flags().StringVar(&standardsDir, "standards", "standards", "where standards named by id are found")
	return cmd
}

func (a *app) startCampaign(ctx context.Context, plan campaign.Plan, std *standard.Standard) error {
	started, err := a.office().StartCampaign(ctx, plan, std)
	if err != nil {
		return err
	}
	if started.Already {
		a.print("cli.campaign.already_started", "ID", plan.ID)
		return nil
	}
	a.print("cli.campaign.started", "ID", plan.ID, "Title", plan.Title, "Units", len(plan.Units), "Workflow", started.Workflow)
	fmt.Fprintln(a.out, a.p.Render(office.Timeline(plan)))
	return nil
}

// campaignHint is what to check when a campaign's workflow is not found.
const campaignHint = "cli.hint.campaign"

func (a *app) campaignStatusCmd() *cobra.Command {
	var unit string
	var f viewFlags
	cmd := &cobra.Command{
		Use:     "status ID",
		Short:   "Where a campaign (or one unit's part) stands and what it waits for",
		Example: "  starter campaign status civilized-units-2027\n  starter campaign status civilized-units-2027 --unit finance --json",
		Args:    args("ID"),
		RunE: func(c *cobra.Command, argv []string) error {
			if unit != "" {
				return showStatus(c.Context(), a, workflows.UnitWorkflowID(argv[0], unit), campaignHint, f, noErr(a.view().UnitStatus))
			}
			return showStatus(c.Context(), a, workflows.CampaignWorkflowID(argv[0]), campaignHint, f, a.view().CampaignStatus)
		},
	}
	cmd.Flags().StringVar(&unit, "unit", "", "show one unit's part")
	f.add(cmd)
	return cmd
}

func (a *app) campaignListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List campaigns with their phase",
		Example: "  starter campaign list",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			ctx := c.Context()
			rows, err := a.office().Campaigns(ctx)
			if err != nil {
				return err
			}
			return printed(a, asJSON, rows, a.campaignTable)
		},
	}
	jsonFlag(cmd, &asJSON)
	return cmd
}

// campaignTable prints the campaigns listed, one a row.
func (a *app) campaignTable(rows []office.CampaignEntry) error {
	t := termtable.Table{Header: []string{a.tr("cli.header.campaign"), a.tr("cli.header.phase"), a.tr("cli.header.status"), a.tr("cli.header.started")}}
	for _, r := range rows {
		t.Add(r.ID, a.p.Term("phase", r.Phase), a.p.Term("wf_status", strings.ToLower(strings.TrimPrefix(r.Status, "WORKFLOW_EXECUTION_STATUS_"))),
			a.p.At(msg.At{T: r.Start, TZ: campaign.DefaultTimezone}))
	}
	return t.Write(a.out)
}
