package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"wenming/input/sheetfile"
	"wenming/msg"
	"wenming/office"
	"wenming/rules/roster"
	"wenming/rules/title"
	"wenming/terminal/progress"
)

func (a *app) rosterCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "roster",
		Short: "Import rosters of units, party branches and members, and the titles held (CSV or .xlsx)",
		Long: "Rosters are upserted by id: importing the same file again changes nothing, and a file\n" +
			"with any bad row is refused as a whole (every problem listed) and writes nothing.\n\n" +
			"Columns (header row, any order, extra columns ignored):\n" +
			"  units     id,name,parent,kind,staff,departments   kind: " + fmt.Sprint(roster.Kinds) + "\n" +
			"  branches  id,name,unit\n" +
			"  members   id,name,branch[,phone]\n" +
			"  titles    unit,person,kind,level,title,conferred_by,document,conferred_on,term_end\n" +
			"            kind: " + fmt.Sprint(title.Kinds) + "\n" +
			"            level: " + fmt.Sprint(title.Levels) + "; dates YYYY-MM-DD; person, document, term_end may be empty\n" +
			"            (titles already in the register are left as they are)",
	}
	imp := &cobra.Command{Use: "import", Short: "Import a roster file"}
	for _, r := range [][2]string{{"units", "examples/units.csv"}, {"branches", "examples/branches.csv"},
		{"members", "examples/members.csv"}, {"titles", "examples/titles.csv"}} {
		kind := r[0]
		imp.AddCommand(a.rosterImportCmd(kind, r[1], func(ctx context.Context, path string) (msg.Text, error) {
			t, err := sheetfile.Read(path)
			if err != nil {
				return msg.Text{}, err
			}
			n, c, err := a.office().ImportRoster(ctx, kind, t, now(ctx))
			return office.Imported(kind, n, c), err
		}))
	}
	cmd.AddCommand(imp)
	return cmd
}

func (a *app) rosterImportCmd(what, example string, run func(context.Context, string) (msg.Text, error)) *cobra.Command {
	return &cobra.Command{
		Use:     what + " FILE",
		Short:   "Import the " + what + " roster",
		Example: "  starter roster import " + what + " " + example,
		Args:    args("FILE"),
		RunE: func(c *cobra.Command, argv []string) error {
			meter := progress.New(a.errOut, a.p)
			meter.Step("progress.importing", "File", argv[0])
			summary, err := run(c.Context(), argv[0])
			if err != nil {
				return err
			}
			meter.Done()
			a.print("cli.roster.imported", "File", argv[0], "Summary", summary)
			return nil
		},
	}
}
