package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/spf13/cobra"

	"wenming/infile"
	"wenming/msg"
	"wenming/rules/campaign"
	"wenming/rules/problem"
	"wenming/rules/rank"
	"wenming/rules/standard"
	"wenming/rules/timeline"
	"wenming/sheet"
	"wenming/sheet/sheetfile"
	"wenming/store"
	"wenming/termtable"
	"wenming/workflows"
)

func (a *app) campaignCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "campaign", Short: "Validate, start, follow and list campaigns (创建活动)"}
	cmd.AddCommand(a.campaignValidateCmd(), a.campaignStartCmd(), a.campaignStatusCmd(), a.campaignListCmd(),
		a.campaignConsultCmd(), a.campaignDecideCmd())
	return cmd
}

// specLookup finds standards (by id under a directory, or by path) and reads units files
// named by a spec (or a schedules file), relative to its folder and looked up inside it
// through os.Root: nothing outside that folder is read, whether the path is absolute, leaves
// through "..", or leads out through a symbolic link (even one put there after the spec was
// checked). Each standard is read once: the one checked is the one used.
type specLookup struct {
	root      *os.Root // the folder of the spec
	standards string
	loaded    map[string]*standard.Standard
}

// newSpecLookup opens the folder of the file that names the paths (name, for problems).
func newSpecLookup(dir, name, standards string) (*specLookup, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, problem.New(name, 0, "", "problem.cli.cannot_open_spec_folder", "Why", infile.Why(err))
	}
	return &specLookup{root: root, standards: standards, loaded: map[string]*standard.Standard{}}, nil
}

func (l *specLookup) Close() error { return l.root.Close() }

func (l *specLookup) Standard(ref string) (*standard.Standard, error) {
	if std, ok := l.loaded[ref]; ok {
		return std, nil
	}
	var raw []byte
	var name string
	switch {
	case campaign.IsStandardPath(ref):
		var err error
		if raw, err = l.read(ref, "standard", maxDefinitionBytes); err != nil {
			return nil, err
		}
		name = filepath.Base(ref)
	case !standard.ValidID(ref): // an id never leaves the standards folder
		return nil, msg.Err("problem.campaign.standard_ref", "Ref", ref)
	default:
		path := filepath.Join(l.standards, ref+".yaml")
		var err error
		if raw, err = infile.Read(path, "standard", maxDefinitionBytes); err != nil {
			return nil, msg.Wrap(err, "cli.campaign.standard", "Ref", ref)
		}
		name = filepath.Base(path)
	}
	text, err := sheet.DecodeText(name, raw)
	if err != nil {
		return nil, err
	}
	std, err := standard.Parse(name, []byte(text))
	if err != nil {
		return nil, err
	}
	l.loaded[ref] = std
	return std, nil
}

func (l *specLookup) UnitIDs(path string) ([]string, error) {
	raw, err := l.read(path, "file", sheet.MaxBytes)
	if err != nil {
		return nil, err
	}
	t, err := sheetfile.Parse(filepath.Base(path), raw)
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

// read reads a file the spec names, inside its folder; what cannot be opened or read there
// is said of the path as the spec gives it, at the spec's line (the caller's).
func (l *specLookup) read(path, what string, max int64) ([]byte, error) {
	raw, err := infile.ReadIn(l.root, path, what, max)
	if err != nil {
		return nil, msg.Err("problem.cli.spec_path", "Path", path, "Why", reason(err))
	}
	return raw, nil
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
	look, err := newSpecLookup(filepath.Dir(path), name, standardsDir)
	if err != nil {
		return nil, nil, err
	}
	defer look.Close()
	plan, problems := spec.Resolve(name, now, look)
	db, err := a.database(ctx)
	if err != nil {
		return nil, nil, msg.Wrap(err, "cli.campaign.roster_db")
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
	if plan != nil && (plan.Declaring.Subject == campaign.SubjectWindow || plan.Declaring.Subject == campaign.SubjectDepartment) {
		if err := checkSubjects(ctx, db, plan, problems); err != nil {
			return nil, nil, err
		}
	}
	if err := problems.Err(); err != nil {
		return nil, nil, err
	}
	if plan.Nominating != nil {
		return plan, nil, nil // people are not scored: no standard
	}
	std, err := look.Standard(spec.Standard)
	return plan, std, err
}

// checkSubjects: the units of a window (department) campaign are windows (departments) of a
// parent unit, whose internal departments set how many may declare.
func checkSubjects(ctx context.Context, db *sqlx.DB, plan *campaign.Plan, problems *problem.List) error {
	places, err := store.UnitPlaces(ctx, db, plan.Units)
	if err != nil {
		return err
	}
	for _, u := range places {
		if u.Kind != plan.Declaring.Subject {
			problems.Add(0, "units", "problem.cli.subject_kind", "Unit", u.ID, "Kind", u.Kind, "Subject", plan.Declaring.Subject)
		}
		if !u.HasParent {
			problems.Add(0, "units", "problem.cli.subject_parent", "Unit", u.ID)
		}
	}
	return nil
}

// printParentQuotas shows, for a campaign with a per-parent quota, how many of each parent's
// units may declare, and lists the parents whose quota is 0.
func (a *app) printParentQuotas(ctx context.Context, plan *campaign.Plan) error {
	r := plan.Declaring
	if r == nil || r.PerParentShareBP == 0 {
		return nil
	}
	db, err := a.database(ctx)
	if err != nil {
		return err
	}
	parents, err := store.ParentsOf(ctx, db, plan.Units)
	if err != nil {
		return err
	}
	var zero []string
	for _, p := range parents {
		room := rank.ParentRoom(p.Departments, r.PerParentShareBP, r.Rounding)
		a.print("cli.campaign.parent_quota", "Parent", p.Name, "Departments", p.Departments, "Room", room, "Units", p.Units)
		if room == 0 {
			zero = append(zero, p.Name)
		}
	}
	if len(zero) > 0 {
		a.print("cli.campaign.zero_quota", "Share", rank.Percent(r.PerParentShareBP), "Rounding", string(r.Rounding), "Parents", zero)
	}
	return nil
}

func unknownUnits(ctx context.Context, db *sqlx.DB, ids []string) ([]string, error) {
	missing, err := store.UnknownUnits(ctx, db, ids)
	if err != nil {
		return nil, msg.Wrap(err, "cli.campaign.roster_check")
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
			a.print("cli.campaign.valid", "File", argv[0], "ID", plan.ID, "Units", len(plan.Units), "Tasks", len(plan.Tasks), "Standard", plan.StandardID)
			a.printTimeline(plan.Timeline, plan.Timezone)
			return a.printParentQuotas(c.Context(), plan)
		},
	}
	cmd.Flags().StringVar(&standardsDir, "standards", "standards", "where standards named by id are found")
	return cmd
}

func (a *app) printTimeline(tl campaign.Timeline, tz string) {
	at := func(t time.Time) msg.At { return msg.At{T: t, TZ: tz} }
	a.print("cli.campaign.timeline", "Mobilize", at(tl.Mobilize), "Implement", at(tl.Implement), "SelfCheck", at(tl.SelfCheck),
		"DeclareBy", at(tl.DeclareBy), "AcceptBy", at(tl.AcceptBy), "Notice", timeline.FormatDuration(tl.NoticeLength))
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
			if std != nil {
				if err := a.office().SaveStandard(ctx, std); err != nil {
					return err
				}
			}
			if err := a.startCampaign(ctx, *plan); err != nil {
				return err
			}
			return a.printParentQuotas(ctx, plan)
		},
	}
	cmd.Flags().StringVar(&standardsDir, "standards", "standards", "where standards named by id are found")
	return cmd
}

func (a *app) startCampaign(ctx context.Context, plan campaign.Plan) error {
	started, err := a.office().StartCampaign(ctx, plan)
	if err != nil {
		return err
	}
	if started.Already {
		a.print("cli.campaign.already_started", "ID", plan.ID)
		return nil
	}
	a.print("cli.campaign.started", "ID", plan.ID, "Title", plan.Title, "Units", len(plan.Units), "Workflow", started.Workflow)
	a.printTimeline(plan.Timeline, plan.Timezone)
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
