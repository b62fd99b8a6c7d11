package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"wenming/rules/campaign"
	"wenming/rules/points"
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
