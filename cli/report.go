package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"wenming/rules/campaign"
	"wenming/rules/points"
	"wenming/rules/schedule"
	"wenming/store"
	"wenming/termtable"
)

func (a *app) reportCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "report", Short: "Print results and lists from PostgreSQL"}
	cmd.AddCommand(&cobra.Command{
		Use:     "campaign ID",
		Short:   "The campaign's results: ranking, self and actual scores, outcome and reason",
		Example: "  starter report campaign civilized-units-2027",
		Args:    args("ID"),
		RunE: func(c *cobra.Command, argv []string) error {
			db, err := a.database(c.Context())
			if err != nil {
				return err
			}
			rows, err := store.Results(c.Context(), db, argv[0])
			if err != nil {
				return err
			}
			if len(rows) == 0 {
				return fmt.Errorf("campaign %s has no results yet: they are written at naming (starter campaign status %s)", argv[0], argv[0])
			}
			t := termtable.Table{Header: []string{"排名", "单位", "自评基本分", "实评基本分", "加分", "总分", "结果", "说明"},
				Right: map[int]bool{0: true, 2: true, 3: true, 4: true, 5: true}, MaxWidth: 40}
			for _, r := range rows {
				t.Add(optInt(r.Rank), r.UnitName, optPoints(r.SelfBase), optPoints(r.ActualBase), optPoints(r.Bonus),
					optPoints(r.Total), campaign.OutcomeName(r.Outcome), r.Reason)
			}
			return t.Write(a.out)
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:     "round ROUND",
		Short:   "A round's results per branch: scores (averages of the ballots), ranks, outcomes",
		Example: "  starter report round pioneer/2026-Q4",
		Args:    args("ROUND"),
		RunE: func(c *cobra.Command, argv []string) error {
			db, err := a.database(c.Context())
			if err != nil {
				return err
			}
			rows, err := store.RoundResults(c.Context(), db, argv[0])
			if err != nil {
				return err
			}
			if len(rows) == 0 {
				return fmt.Errorf("round %s has no results yet: they are written at the award (starter round status %s)", argv[0], argv[0])
			}
			t := termtable.Table{Header: []string{"党支部", "党员", "得分", "排名", "结果", "说明"}, Right: map[int]bool{2: true, 3: true}, MaxWidth: 40}
			for _, r := range rows {
				member := "-"
				if r.MemberName != nil {
					member = *r.MemberName
				}
				t.Add(r.BranchName, member, optPoints(r.Score), optInt(r.Rank), schedule.OutcomeName(r.Outcome), r.Reason)
			}
			return t.Write(a.out)
		},
	})
	var year int
	honors := &cobra.Command{
		Use:     "honors",
		Short:   "Honors: rotating awards with their consecutive counts, and the yearly titles",
		Example: "  starter report honors --year 2026",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			db, err := a.database(c.Context())
			if err != nil {
				return err
			}
			rows, err := store.Honors(c.Context(), db, year)
			if err != nil {
				return err
			}
			t := termtable.Table{Header: []string{"荣誉", "获得者", "期次", "连续次数"}, Right: map[int]bool{3: true}}
			for _, h := range rows {
				t.Add(schedule.HonorNames[h.Kind], h.Name, h.Period, h.Consecutive)
			}
			return t.Write(a.out)
		},
	}
	honors.Flags().IntVar(&year, "year", 0, "only this year")
	cmd.AddCommand(honors)
	return cmd
}

func optInt(v *int) string {
	if v == nil {
		return "-"
	}
	return strconv.Itoa(*v)
}

func optPoints(v *points.Points) string {
	if v == nil {
		return "-"
	}
	return v.String()
}
