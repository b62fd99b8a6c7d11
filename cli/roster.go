package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"wenming/msg"
	"wenming/office"
	"wenming/progress"
	"wenming/rules/roster"
	"wenming/rules/title"
	"wenming/sheet/sheetfile"
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
	imp.AddCommand(
		a.rosterImportCmd("units", "examples/units.csv", func(ctx context.Context, path string) (msg.Text, error) {
			t, err := sheetfile.Read(path)
			if err != nil {
				return msg.Text{}, err
			}
			units, err := roster.ReadUnits(t)
			if err != nil {
				return msg.Text{}, err
			}
			c, err := a.office().ImportUnits(ctx, t.Name, units)
			return office.Imported("units", len(units), c), err
		}),
		a.rosterImportCmd("branches", "examples/branches.csv", func(ctx context.Context, path string) (msg.Text, error) {
			t, err := sheetfile.Read(path)
			if err != nil {
				return msg.Text{}, err
			}
			branches, err := roster.ReadBranches(t)
			if err != nil {
				return msg.Text{}, err
			}
			c, err := a.office().ImportBranches(ctx, t.Name, branches)
			return office.Imported("branches", len(branches), c), err
		}),
		a.rosterImportCmd("members", "examples/members.csv", func(ctx context.Context, path string) (msg.Text, error) {
			t, err := sheetfile.Read(path)
			if err != nil {
				return msg.Text{}, err
			}
			members, err := roster.ReadMembers(t)
			if err != nil {
				return msg.Text{}, err
			}
			c, err := a.office().ImportMembers(ctx, t.Name, members)
			return office.Imported("members", len(members), c), err
		}),
		a.rosterImportCmd("titles", "examples/titles.csv", func(ctx context.Context, path string) (msg.Text, error) {
			t, err := sheetfile.Read(path)
			if err != nil {
				return msg.Text{}, err
			}
			held, err := title.Read(t)
			if err != nil {
				return msg.Text{}, err
			}
			c, err := a.office().ImportTitles(ctx, t.Name, held, now(ctx))
			return office.Imported("titles", len(held), c), err
		}),
	)
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
