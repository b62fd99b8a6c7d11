package cli

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"go.temporal.io/api/serviceerror"

	"wenming/msg"
	"wenming/office"
	"wenming/rules/campaign"
	"wenming/rules/timeline"
	"wenming/workflows"
)

func (a *app) deadlineCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "deadline", Short: "Move a campaign's deadline later; every timer follows"}
	var t target
	var s submission
	var boundary, to, add, reason string
	extend := &cobra.Command{
		Use:   "extend",
		Short: "Extend implement, selfcheck, declare_by or accept_by",
		Example: "  starter deadline extend --campaign civilized-units-2027 --boundary declare_by --to 2026-10-27T18:00\n" +
			"  starter deadline extend --campaign civilized-units-2027 --boundary accept_by --add 7d\n" +
			"  starter deadline extend --campaign civilized-units-2027 --boundary declare_by --add 3d --reason 因汛期抢险，水务局未能按时申报",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if err := t.check(false); err != nil {
				return err
			}
			if (to == "") == (add == "") {
				return usage("office.give.to_or_add")
			}
			e := office.Extension{Campaign: t.campaign, ID: s.id, Boundary: campaign.Boundary(boundary), Reason: reason}
			if add != "" {
				d, err := timeline.ParseDuration(strings.TrimPrefix(add, "+"))
				if err != nil {
					return usageError{msg.Wrap(err, "cli.deadline.add")}
				}
				if d <= 0 {
					return usage("office.deadline.add_positive", "Add", add)
				}
				e.Add = d
			} else {
				at, err := a.extensionTime(c.Context(), t.campaign, to)
				if err != nil {
					return err
				}
				e.To = at
			}
			rec, err := a.office().ExtendDeadline(c.Context(), e)
			var nf *serviceerror.NotFound
			var none office.NoWorker
			if errors.As(err, &nf) || errors.As(err, &none) { // reading where the deadline stands (--add)
				err = a.statusError(err, workflows.CampaignWorkflowID(t.campaign), statusWait, campaignHint)
			}
			return a.show(rec, err)
		},
	}
	t.register(extend, false)
	s.register(extend)
	extend.Flags().StringVar(&boundary, "boundary", "", "implement, selfcheck, declare_by or accept_by")
	extend.Flags().StringVar(&to, "to", "", "the new time, e.g. 2026-10-27T18:00 (the campaign's time zone)")
	extend.Flags().StringVar(&add, "add", "", "or how much later than now set, e.g. 7d, 36h (the same --add and --reason extend once: a second extension by as much needs its own --reason or --id)")
	extend.Flags().StringVar(&reason, "reason", "", "why; needed when the deadline has passed (declare_by, accept_by)")
	cmd.AddCommand(extend)
	return cmd
}

// extensionTime resolves --to in the campaign's time zone.
func (a *app) extensionTime(ctx context.Context, campaignID, to string) (time.Time, error) {
	_, info, err := a.office().CampaignStandard(ctx, campaignID)
	if err != nil {
		return time.Time{}, err
	}
	loc, err := time.LoadLocation(info.Timezone)
	if err != nil {
		return time.Time{}, err
	}
	p, err := timeline.ParsePoint(to, loc)
	if err != nil || p.At.IsZero() {
		return time.Time{}, usage("cli.deadline.to", "To", to)
	}
	return p.At, nil
}
