package cli

import (
	"context"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"wenming/office"
	"wenming/rules/timeline"
	"wenming/rules/title"
	"wenming/store"
)

func (a *app) titleCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "title", Short: "The register of titles and the decisions about a title after naming (动态管理)"}
	cmd.AddCommand(a.titleListCmd(), a.titleShowCmd(), a.titleManageCmd())
	for _, act := range []title.Action{title.Warn, title.Rectify, title.Verify, title.Suspend, title.Restore, title.Revoke, title.Renew} {
		cmd.AddCommand(a.titleActionCmd(act))
	}
	return cmd
}

func (a *app) titleListCmd() *cobra.Command {
	var status, expiring string
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the register of titles, by status or by term ending soon",
		Example: "  starter title list --status warned\n  starter title list --expiring 90d",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			var within time.Duration
			if expiring != "" {
				d, err := timeline.ParseDuration(expiring)
				if err != nil || d <= 0 {
					return usage("cli.title.expiring")
				}
				within = d
			}
			if status != "" && title.StatusWords[title.Status(status)] == "" {
				return usage("cli.title.status")
			}
			rows, err := a.office().Titles(c.Context(), store.TitleFilter{Status: status, ExpiringBy: expiringBy(c.Context(), within)})
			if err != nil {
				return err
			}
			return a.view().Titles(rows)
		},
	}
	cmd.Flags().StringVar(&status, "status", "", "only titles in this status: active, warned, rectifying, suspended, revoked, expired, renewed")
	cmd.Flags().StringVar(&expiring, "expiring", "", "only titles whose term ends within this time, e.g. 90d")
	return cmd
}

func expiringBy(ctx context.Context, within time.Duration) time.Time {
	if within == 0 {
		return time.Time{}
	}
	return now(ctx).Add(within)
}

func (a *app) titleShowCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "show ID",
		Short:   "Show a title and every decision about it",
		Example: "  starter title show 12",
		Args:    args("ID"),
		RunE: func(c *cobra.Command, argv []string) error {
			id, err := strconv.ParseInt(argv[0], 10, 64)
			if err != nil {
				return usage("office.title.id")
			}
			t, events, err := a.office().TitleRecord(c.Context(), id)
			if err != nil {
				return err
			}
			return a.view().TitleRecord(t, events)
		},
	}
}

func (a *app) titleActionCmd(act title.Action) *cobra.Command {
	var s submission
	var pick titlePick
	var reason, document, within string
	cmd := &cobra.Command{
		Use:   string(act) + " (--title ID | --unit U [--person NAME] [--campaign C] [--kind K]) --reason TEXT",
		Short: "Record a decision about a title: " + string(act),
		Example: "  starter title " + string(act) + " --unit finance --campaign civilized-units-2027 --reason 群众投诉较多 --document 市直工委〔2027〕5号" +
			map[bool]string{true: " --within 30d"}[act == title.Rectify] + "\n  starter title " + string(act) + " --title 12 --reason 群众投诉较多",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			d := office.TitleDecision{ID: s.id, Action: act, Reason: reason, Document: document}
			var err error
			if within != "" {
				if d.Within, err = timeline.ParseDuration(within); err != nil {
					return usage("cli.title.within")
				}
			}
			if d.Title, err = a.pickTitle(c.Context(), pick); err != nil {
				return err
			}
			return a.show(a.office().DecideTitle(c.Context(), d))
		},
	}
	s.register(cmd)
	pick.register(cmd)
	cmd.Flags().StringVar(&reason, "reason", "", "why")
	cmd.Flags().StringVar(&document, "document", "", "the decision's document number, if any")
	if act == title.Rectify {
		cmd.Flags().StringVar(&within, "within", "", "how long the holder has to rectify, e.g. 30d")
	}
	return cmd
}

// titlePick names a title: by its number, or by its holder (and the campaign or kind, where the
// holder has more than one).
type titlePick struct {
	id                           int64
	unit, person, campaign, kind string
}

func (p *titlePick) register(cmd *cobra.Command) {
	cmd.Flags().Int64Var(&p.id, "title", 0, "the title's number in the register (title list)")
	cmd.Flags().StringVar(&p.unit, "unit", "", "the holder's unit, instead of --title")
	cmd.Flags().StringVar(&p.person, "person", "", "with --unit: the person holding the title (a model individual)")
	cmd.Flags().StringVar(&p.campaign, "campaign", "", "with --unit: the campaign that conferred it")
	cmd.Flags().StringVar(&p.kind, "kind", "", "with --unit: the kind of title, e.g. civilized-unit")
}

// pickTitle finds the one title the flags name, among those still held.
func (a *app) pickTitle(ctx context.Context, p titlePick) (store.Title, error) {
	if p.id <= 0 && p.unit == "" {
		return store.Title{}, usage("office.title.id")
	}
	return a.office().FindTitle(ctx, office.TitleRef{Number: p.id, Unit: p.unit, Person: p.person, Campaign: p.campaign, Kind: p.kind})
}

// titleManageCmd puts every title of the register still held under its own workflow: the
// titles imported (held from before the product) and those of campaigns begun before titles
// had workflows. Run again, it starts nothing new.
func (a *app) titleManageCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "manage",
		Short:   "Start the workflow of every title held that has none (imported titles, titles of earlier campaigns)",
		Example: "  starter roster import titles examples/titles.csv && starter title manage",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			ctx := c.Context()
			started, already, err := a.office().ManageTitles(ctx)
			if err != nil {
				return err
			}
			a.print("cli.title.managed", "N", started, "Already", already)
			return nil
		},
	}
}
