package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"wenming/infile/specfile"
	"wenming/msg"
	"wenming/office"
	"wenming/rules/campaign"
	"wenming/rules/standard"
	"wenming/termtable"
	"wenming/workflows"
)

func (a *app) campaignCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "campaign", Short: "Validate, start, follow and list campaigns (创建活动)"}
	cmd.AddCommand(a.campaignValidateCmd(), a.campaignStartCmd(), a.campaignStatusCmd(), a.campaignListCmd(),
		a.campaignConsultCmd(), a.campaignDecideCmd())
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
			fmt.Fprintln(a.out, a.p.Render(office.Timeline(plan.Timeline, plan.Timezone)))
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
	fmt.Fprintln(a.out, a.p.Render(office.Timeline(plan.Timeline, plan.Timezone)))
	return nil
}

// campaignHint is what to check when a campaign's workflow is not found.
const campaignHint = "cli.hint.campaign"

func (a *app) campaignStatusCmd() *cobra.Command {
	var unit string
	var asJSON bool
	var wait time.Duration
	cmd := &cobra.Command{
		Use:     "status ID",
		Short:   "Where a campaign (or one unit's part) stands and what it waits for",
		Example: "  starter campaign status civilized-units-2027\n  starter campaign status civilized-units-2027 --unit finance --json",
		Args:    args("ID"),
		RunE: func(c *cobra.Command, argv []string) error {
			target := workflows.CampaignWorkflowID(argv[0])
			if unit != "" {
				target = workflows.UnitWorkflowID(argv[0], unit)
				var st workflows.UnitStatus
				if err := a.status(c.Context(), target, wait, &st, campaignHint); err != nil {
					return err
				}
				return a.printUnitStatus(st, asJSON)
			}
			var st workflows.CampaignStatus
			if err := a.status(c.Context(), target, wait, &st, campaignHint); err != nil {
				return err
			}
			return a.printCampaignStatus(st, asJSON)
		},
	}
	cmd.Flags().StringVar(&unit, "unit", "", "show one unit's part")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	waitFlag(cmd, &wait)
	return cmd
}

func (a *app) printCampaignStatus(st workflows.CampaignStatus, asJSON bool) error {
	if asJSON {
		return jsonOut(a.out, st)
	}
	n := st.Counts
	a.print("cli.campaign.status.head", "ID", st.ID, "Title", st.Title, "Phase", st.Phase)
	if st.Waiting.Who.ID != "" {
		a.print("details.waiting_for", "Who", a.p.Render(st.Waiting.Who), "Since", msg.At{T: st.Waiting.Since, TZ: st.Timezone})
	}
	if st.Next.ID != "" {
		fmt.Fprintln(a.out, a.p.T("details.waiting", map[string]string{"What": a.p.Render(st.Next)}))
	}
	a.print("cli.campaign.status.counts", "Units", n.Units, "SelfChecked", n.SelfChecked, "Declared", n.Declared, "Inspected", n.Inspected,
		"Open", n.OpenRectifications, "Overdue", n.OverdueRectifications, "OverdueTasks", n.OverdueTasks, "Vetoed", len(st.Vetoed))
	if st.PendingTie != nil {
		a.print("cli.campaign.status.tie", "Units", st.PendingTie.Units, "Total", st.PendingTie.Total, "Slots", st.PendingTie.Slots, "ID", st.ID)
	}
	if len(st.Proposed) > 0 {
		a.print("cli.campaign.status.proposed", "Units", st.Proposed)
	}
	if len(st.Removed) > 0 {
		a.print("cli.campaign.status.removed", "Units", st.Removed)
	}
	for _, v := range st.Vetoed {
		a.print("cli.campaign.status.vetoed", "Unit", v.Unit, "Reason", v.Reason)
	}
	for _, x := range st.Excluded {
		a.print("cli.campaign.status.excluded", "Unit", x.Unit, "Reason", x.Reason)
	}
	if d := st.Decision; d != nil {
		a.print("cli.campaign.status.decision", "Document", d.Document, "On", d.On)
		for _, x := range d.Strike {
			a.print("cli.campaign.status.struck", "Unit", x.Unit, "Reason", x.Reason)
		}
	}
	if st.Outcomes != nil {
		t := termtable.Table{Header: []string{a.tr("cli.header.outcome"), a.tr("cli.header.units")}, Right: map[int]bool{1: true}}
		for _, o := range campaign.Outcomes {
			if st.Outcomes[o.ID] > 0 {
				t.Add(a.outcomeName(o.Name, o.ID), st.Outcomes[o.ID])
			}
		}
		return t.Write(a.out)
	}
	return nil
}

func (a *app) printUnitStatus(st workflows.UnitStatus, asJSON bool) error {
	if asJSON {
		return jsonOut(a.out, st)
	}
	a.print("cli.unit.status.head", "Unit", st.UnitID, "Campaign", st.CampaignID, "Phase", st.Phase)
	for _, t := range st.Tasks {
		a.print("cli.unit.status.task", "ID", t.ID, "Percent", t.Percent, "Due", t.Deadline, "Title", t.Title)
	}
	if s := st.SelfCheck; s != nil {
		a.print("cli.unit.status.self", "Base", s.Base, "Bonus", s.Bonus, "Eligible", s.Eligible)
	}
	a.print("cli.unit.status.declared", "Declared", st.Declared)
	if s := st.Inspection; s != nil {
		a.print("cli.unit.status.inspection", "Base", s.Base, "Bonus", s.Bonus)
	}
	for _, n := range st.Rectifications {
		a.print("cli.unit.status.rectification", "No", n.No, "Size", n.Size, "Status", n.Status, "Due", n.Deadline)
	}
	if st.Vetoed != "" {
		a.print("cli.unit.status.vetoed", "Reason", st.Vetoed)
	}
	if st.Settled != "" {
		a.print("cli.unit.status.ready", "Reason", workflows.ReadinessText(st.Settled))
	}
	return nil
}

func jsonOut(w interface{ Write([]byte) (int, error) }, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
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
			if asJSON {
				return jsonOut(a.out, rows)
			}
			t := termtable.Table{Header: []string{a.tr("cli.header.campaign"), a.tr("cli.header.phase"), a.tr("cli.header.status"), a.tr("cli.header.started")}}
			for _, r := range rows {
				t.Add(r.ID, a.p.Term("phase", r.Phase), a.p.Term("wf_status", strings.ToLower(strings.TrimPrefix(r.Status, "WORKFLOW_EXECUTION_STATUS_"))),
					a.p.At(msg.At{T: r.Start, TZ: campaign.DefaultTimezone}))
			}
			return t.Write(a.out)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return cmd
}
