package cli

import (
	"github.com/spf13/cobra"

	"wenming/office"
)

// annualCmd is the year-end commendation's own verbs: nominations, and going on without the
// year's last rounds. The committee approves its list with round approve.
func (a *app) annualCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "annual", Short: "The year-end commendation (年终表彰): nominations, and going on without the year's last rounds"}
	var s submission
	var round, member, branch, reason string
	nominate := &cobra.Command{
		Use:   "nominate --round annual/YEAR (--member M | --branch B) --reason R",
		Short: "Nominate a member (their branch does) or a branch (the committee does) for the year's title",
		Example: "  starter annual nominate --round annual/2026 --member m0032 --reason 全年服务纳税人成绩突出\n" +
			"  starter annual nominate --round annual/2026 --branch b-education --reason 支部建设扎实",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if round == "" {
				return usage("cli.give.round")
			}
			n := office.AnnualNomination{Round: round, ID: s.id, SubjectKind: "member", Subject: member, Reason: reason}
			if (member == "") == (branch == "") {
				return usage("cli.violation.subject")
			}
			if branch != "" {
				n.SubjectKind, n.Subject = "branch", branch
			}
			return a.show(a.office().Nominate(c.Context(), n))
		},
	}
	s.register(nominate)
	nominate.Flags().StringVar(&round, "round", "", "the year-end round, e.g. annual/2026")
	nominate.Flags().StringVar(&member, "member", "", "the member nominated")
	nominate.Flags().StringVar(&branch, "branch", "", "or the branch nominated")
	nominate.Flags().StringVar(&reason, "reason", "", "why")
	var ps submission
	var proceedRound, why string
	proceed := &cobra.Command{
		Use:     "proceed --round annual/YEAR --reason R",
		Short:   "Go on without the year's last rounds (they are late), saying why",
		Example: "  starter annual proceed --round annual/2026 --reason 第四季度评选延期，年终总结会按期召开",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if proceedRound == "" {
				return usage("cli.give.round")
			}
			return a.show(a.office().Proceed(c.Context(), office.Proceeding{Round: proceedRound, ID: ps.id, Reason: why}))
		},
	}
	ps.register(proceed)
	proceed.Flags().StringVar(&proceedRound, "round", "", "the year-end round, e.g. annual/2026")
	proceed.Flags().StringVar(&why, "reason", "", "why it goes on without them")
	cmd.AddCommand(nominate, proceed)
	return cmd
}
