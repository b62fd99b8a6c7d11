package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"wenming/office"
)

func (a *app) violationCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "violation", Short: "Record a disciplinary violation, criticism or media exposure: it takes eligibility away in its period"}
	var member, branch, kind, date, note, id string
	rec := &cobra.Command{
		Use:     "record",
		Short:   "Record a violation (违纪), criticism (通报批评) or media exposure (媒体曝光) of a member or a branch",
		Example: "  starter violation record --member m0007 --kind criticism --date 2026-08-03 --note 被市纪委通报批评",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			subjectKind, subject := "member", member
			if (member == "") == (branch == "") {
				return usage("cli.violation.subject")
			}
			if branch != "" {
				subjectKind, subject = "branch", branch
			}
			on, err := time.Parse("2006-01-02", date)
			if err != nil {
				return usage("cli.violation.date", "Date", date)
			}
			return a.recordViolation(c.Context(), office.Violation{ID: id, SubjectKind: subjectKind, Subject: subject, Kind: kind, On: on, Note: note})
		},
	}
	rec.Flags().StringVar(&member, "member", "", "the member")
	rec.Flags().StringVar(&branch, "branch", "", "or the branch")
	rec.Flags().StringVar(&kind, "kind", "", "violation, criticism or media")
	rec.Flags().StringVar(&date, "date", "", "when it happened, e.g. 2026-08-03")
	rec.Flags().StringVar(&note, "note", "", "what happened")
	rec.Flags().StringVar(&id, "id", "", "submission id (default: derived from the content)")
	cmd.AddCommand(rec)
	return cmd
}

// recordViolation records a violation (see office.RecordViolation) and prints what it did.
func (a *app) recordViolation(ctx context.Context, v office.Violation) error {
	rec, err := a.office().RecordViolation(ctx, v)
	for _, l := range rec.Lines(v) {
		fmt.Fprintln(a.out, a.p.Render(l))
	}
	if err != nil {
		return err
	}
	if !rec.Changed() {
		a.print("cli.violation.none")
	}
	return nil
}
