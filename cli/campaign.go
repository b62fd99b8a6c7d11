package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/spf13/cobra"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/standard"
	"wenming/searchattr"
	"wenming/sheet/sheetfile"
	"wenming/store"
	"wenming/termtable"
	"wenming/workflows"
)

func (a *app) campaignCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "campaign", Short: "Validate, start, follow and list campaigns (创建活动)"}
	cmd.AddCommand(a.campaignValidateCmd(), a.campaignStartCmd(), a.campaignStatusCmd(), a.campaignListCmd())
	return cmd
}

// specLookup finds standards (by id under a directory, or by path) and reads units files,
// relative to the spec's directory.
type specLookup struct {
	dir       string
	standards string
}

func (l specLookup) Standard(ref string) (*standard.Standard, error) {
	path := filepath.Join(l.standards, ref+".yaml")
	if strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml") {
		path = l.rel(ref)
	}
	text, err := sheetfile.ReadText(path, "standard", maxDefinitionBytes)
	if err != nil {
		return nil, fmt.Errorf("standard %q: %w", ref, err)
	}
	return standard.Parse(filepath.Base(path), []byte(text))
}

func (l specLookup) UnitIDs(path string) ([]string, error) {
	t, err := sheetfile.Read(l.rel(path))
	if err != nil {
		return nil, err
	}
	col, err := t.RequireColumns("id")
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		ids[i] = r.Cell(col["id"])
	}
	return ids, nil
}

func (l specLookup) rel(path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	if _, err := os.Stat(path); err == nil {
		return path
	}
	return filepath.Join(l.dir, path)
}

// loadPlan reads, checks and resolves a spec, units against the roster included, reporting
// every problem at once.
func (a *app) loadPlan(ctx context.Context, path, standardsDir string, now time.Time) (*campaign.Plan, *standard.Standard, error) {
	name := filepath.Base(path)
	text, err := sheetfile.ReadText(path, "campaign_spec", maxDefinitionBytes)
	if err != nil {
		return nil, nil, err
	}
	spec, err := campaign.Parse(name, []byte(text))
	if err != nil {
		return nil, nil, err
	}
	look := specLookup{dir: filepath.Dir(path), standards: standardsDir}
	plan, problems := spec.Resolve(name, now, look)
	db, err := a.database(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("the units are checked against the roster in PostgreSQL: %w", err)
	}
	units := spec.Units
	if plan != nil {
		units = plan.Units
	}
	missing, err := unknownUnits(ctx, db, units)
	if err != nil {
		return nil, nil, err
	}
	for _, u := range missing {
		problems.Add(0, "units", "problem.cli.unit_not_in_roster", "Unit", u)
	}
	if err := problems.Err(); err != nil {
		return nil, nil, err
	}
	std, err := look.Standard(spec.Standard)
	return plan, std, err
}

func unknownUnits(ctx context.Context, db *sqlx.DB, ids []string) ([]string, error) {
	var missing []string
	err := db.SelectContext(ctx, &missing, `SELECT id FROM unnest($1::text[]) AS r(id)
		WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.id = r.id) ORDER BY id`, pq.Array(ids))
	if err != nil {
		return nil, fmt.Errorf("check units against the roster: %w", err)
	}
	return missing, nil
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
			fmt.Fprintf(a.out, "%s: ok: campaign %s, %d units, %d tasks, standard %s\n", argv[0], plan.ID, len(plan.Units), len(plan.Tasks), plan.StandardID)
			a.printTimeline(plan.Timeline, plan.Timezone)
			return nil
		},
	}
	cmd.Flags().StringVar(&standardsDir, "standards", "standards", "where standards named by id are found")
	return cmd
}

func (a *app) printTimeline(tl campaign.Timeline, tz string) {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		loc = time.UTC
	}
	f := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04 MST") }
	fmt.Fprintf(a.out, "  动员部署 mobilize    %s\n  组织实施 implement   %s\n  自查申报 selfcheck   %s\n  申报截止 declare_by  %s\n  验收截止 accept_by   %s\n  公示 notice          %s\n",
		f(tl.Mobilize), f(tl.Implement), f(tl.SelfCheck), f(tl.DeclareBy), f(tl.AcceptBy), tl.NoticeLength)
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
			db, err := a.database(ctx)
			if err != nil {
				return err
			}
			if err := store.SaveStandard(ctx, db, std); err != nil {
				return err
			}
			return a.startCampaign(ctx, *plan)
		},
	}
	cmd.Flags().StringVar(&standardsDir, "standards", "standards", "where standards named by id are found")
	return cmd
}

func (a *app) startCampaign(ctx context.Context, plan campaign.Plan) error {
	tc, err := a.temporal(ctx)
	if err != nil {
		return err
	}
	id := workflows.CampaignWorkflowID(plan.ID)
	_, err = tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: id, TaskQueue: a.cfg.TaskQueue, StaticSummary: "文明创建: " + plan.Title,
		StaticDetails:            msg.Say("summary.campaign_details", "Units", len(plan.Units), "Standard", plan.StandardID).String(),
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
		// Without it the SDK answers a second start with the running workflow, as if started.
		WorkflowExecutionErrorWhenAlreadyStarted: true,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			searchattr.CampaignID.ValueSet(plan.ID), searchattr.Phase.ValueSet(string(campaign.PhaseScheduled))),
	}, workflows.Campaign, workflows.CampaignInput{Plan: plan})
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) {
		fmt.Fprintf(a.out, "campaign %s was already started: nothing changed (starter campaign status %s)\n", plan.ID, plan.ID)
		return nil
	}
	if err != nil {
		return fmt.Errorf("start campaign %s: %w", plan.ID, err)
	}
	fmt.Fprintf(a.out, "campaign %s started: %s, %d units (workflow %s)\n", plan.ID, plan.Title, len(plan.Units), id)
	a.printTimeline(plan.Timeline, plan.Timezone)
	return nil
}

// campaignHint is what to check when a campaign's workflow is not found.
const campaignHint = "check the campaign id (starter campaign list)"

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
	fmt.Fprintf(a.out, "%s  %s\nphase: %s %s\n", st.ID, st.Title, st.PhaseName, st.Phase)
	if st.Next.ID != "" {
		fmt.Fprintln(a.out, a.p.T("details.waiting", map[string]string{"What": a.p.Render(st.Next)}))
	}
	fmt.Fprintf(a.out, "units %d · self-checked %d · declared %d · inspected %d · open notices %d (overdue %d) · overdue tasks %d · vetoed %d\n",
		n.Units, n.SelfChecked, n.Declared, n.Inspected, n.OpenRectifications, n.OverdueRectifications, n.OverdueTasks, len(st.Vetoed))
	if st.PendingTie != nil {
		fmt.Fprintf(a.out, "tie at the cut: %s tied at %s for %d place(s): starter tie resolve --campaign %s --include ...\n",
			strings.Join(st.PendingTie.Units, ", "), st.PendingTie.Total, st.PendingTie.Slots, st.ID)
	}
	if len(st.Proposed) > 0 {
		fmt.Fprintf(a.out, "proposed (拟命名): %s\n", strings.Join(st.Proposed, ", "))
	}
	if len(st.Removed) > 0 {
		fmt.Fprintf(a.out, "removed by objection: %s\n", strings.Join(st.Removed, ", "))
	}
	for _, v := range st.Vetoed {
		fmt.Fprintf(a.out, "vetoed: %s (%s)\n", v.Unit, v.Reason)
	}
	if st.Outcomes != nil {
		t := termtable.Table{Header: []string{"outcome", "units"}, Right: map[int]bool{1: true}}
		for _, o := range campaign.Outcomes {
			if st.Outcomes[o.ID] > 0 {
				t.Add(o.Name+" "+o.ID, st.Outcomes[o.ID])
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
	fmt.Fprintf(a.out, "%s in %s: phase %s\n", st.UnitID, st.CampaignID, st.Phase)
	for _, t := range st.Tasks {
		fmt.Fprintf(a.out, "task %-16s %3d%%  due %s  %s\n", t.ID, t.Percent, t.Deadline.Format("2006-01-02 15:04"), t.Title)
	}
	if s := st.SelfCheck; s != nil {
		fmt.Fprintf(a.out, "self-score: base %s, bonus %s (eligible %v)\n", s.Base, s.Bonus, s.Eligible)
	}
	fmt.Fprintf(a.out, "declared: %v\n", st.Declared)
	if s := st.Inspection; s != nil {
		fmt.Fprintf(a.out, "inspection: base %s, bonus %s\n", s.Base, s.Bonus)
	}
	for _, n := range st.Rectifications {
		fmt.Fprintf(a.out, "rectification notice %d (%s): %s, due %s\n", n.No, n.Size, n.Status, n.Deadline.Format("2006-01-02 15:04"))
	}
	if st.Vetoed != "" {
		fmt.Fprintf(a.out, "vetoed: %s\n", st.Vetoed)
	}
	if st.Settled != "" {
		fmt.Fprintf(a.out, "ready for review: %s\n", st.Settled)
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
			tc, err := a.temporal(ctx)
			if err != nil {
				return err
			}
			type row struct {
				ID     string    `json:"id"`
				Phase  string    `json:"phase"`
				Status string    `json:"status"`
				Start  time.Time `json:"started"`
			}
			var rows []row
			var token []byte
			for {
				resp, err := tc.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: "WorkflowType = 'Campaign'", NextPageToken: token})
				if err != nil {
					return fmt.Errorf("list campaigns: %w", err)
				}
				for _, e := range resp.Executions {
					phase := ""
					if p := e.GetSearchAttributes().GetIndexedFields()[searchattr.Phase.GetName()]; p != nil {
						_ = json.Unmarshal(p.GetData(), &phase)
					}
					rows = append(rows, row{ID: strings.TrimPrefix(e.GetExecution().GetWorkflowId(), "campaign/"), Phase: phase,
						Status: e.GetStatus().String(), Start: e.GetStartTime().AsTime()})
				}
				if token = resp.NextPageToken; len(token) == 0 {
					break
				}
			}
			if asJSON {
				return jsonOut(a.out, rows)
			}
			t := termtable.Table{Header: []string{"campaign", "phase", "status", "started"}}
			for _, r := range rows {
				t.Add(r.ID, r.Phase, r.Status, r.Start.Format("2006-01-02 15:04"))
			}
			return t.Write(a.out)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return cmd
}
