package cli

import (
	"context"
	"strings"
	"time"

	"github.com/spf13/cobra"

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
				return usage("cli.give.to_or_add")
			}
			at, err := a.extensionTime(c.Context(), t.campaign, campaign.Boundary(boundary), to, add)
			if err != nil {
				return err
			}
			return a.show(a.office().ExtendDeadline(c.Context(), office.Extension{Campaign: t.campaign, ID: s.id,
				Boundary: campaign.Boundary(boundary), To: at, Reason: reason}))
		},
	}
	t.register(extend, false)
	s.register(extend)
	extend.Flags().StringVar(&boundary, "boundary", "", "implement, selfcheck, declare_by or accept_by")
	extend.Flags().StringVar(&to, "to", "", "the new time, e.g. 2026-10-27T18:00 (the campaign's time zone)")
	extend.Flags().StringVar(&add, "add", "", "or how much later than now set, e.g. 7d, 36h")
	extend.Flags().StringVar(&reason, "reason", "", "why; needed when the deadline has passed (declare_by, accept_by)")
	cmd.AddCommand(extend)
	return cmd
}

// extensionTime resolves --to (in the campaign's time zone) or --add (after the boundary's
// current time).
func (a *app) extensionTime(ctx context.Context, campaignID string, b campaign.Boundary, to, add string) (time.Time, error) {
	if add != "" {
		d, err := timeline.ParseDuration(strings.TrimPrefix(add, "+"))
		if err != nil {
			return time.Time{}, usageError{msg.Wrap(err, "cli.deadline.add")}
		}
		var st workflows.CampaignStatus
		if err := a.status(ctx, workflows.CampaignWorkflowID(campaignID), statusWait, &st, campaignHint); err != nil {
			return time.Time{}, err
		}
		current, ok := st.Timeline.At(b)
		if !ok {
			return time.Time{}, usage("cli.deadline.boundary", "Boundary", string(b), "Known", boundaryNames())
		}
		return current.Add(d), nil
	}
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

// boundaryNames lists the boundaries `deadline extend` moves.
func boundaryNames() []string {
	out := make([]string, len(campaign.Boundaries))
	for i, b := range campaign.Boundaries {
		out[i] = string(b)
	}
	return out
}
