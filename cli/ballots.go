package cli

import (
	"context"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"wenming/input/infile"
	"wenming/input/problem"
	"wenming/input/sheet"
	"wenming/input/sheetfile"
	"wenming/office"
	"wenming/terminal/progress"
)

func (a *app) ballotsCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "ballots", Short: "Hand in branches' democratic-evaluation sheets (民主测评表)"}
	const sheetHelp = "A sheet (CSV or .xlsx) has the header ballot,candidate,1,2,...,10: one row per form, that is\n" +
		"one paper's scores for one candidate, whole points 0..10 on every criterion. Paper numbers only\n" +
		"tell papers apart; they are not stored, and the forms are stored in shuffled order."
	var s submission
	var round, branch string
	var present int
	imp := &cobra.Command{
		Use:     "import FILE --round ROUND --branch BRANCH --present N",
		Short:   "Check a branch's sheet of forms, copy it in, and hand it to the round",
		Long:    sheetHelp,
		Example: "  starter ballots import examples/ballots/b-finance.csv --round pioneer/2026-Q4 --branch b-finance --present 10",
		Args:    args("FILE"),
		RunE: func(c *cobra.Command, argv []string) error {
			if round == "" || branch == "" || !c.Flags().Changed("present") {
				return usage("cli.give.round_branch_present")
			}
			return a.importBallots(c.Context(), s, argv[0], round, branch, present)
		},
	}
	s.register(imp)
	imp.Flags().StringVar(&round, "round", "", "the round, e.g. pioneer/2026-Q4")
	imp.Flags().StringVar(&branch, "branch", "", "the branch")
	imp.Flags().IntVar(&present, "present", 0, "members present at the meeting")

	var allRound string
	all := &cobra.Command{
		Use:   "import-all MANIFEST --round ROUND",
		Short: "Check every branch's sheet a manifest lists, copy them in, and hand each to its branch",
		Long: "The manifest (CSV or .xlsx) has the columns branch,sheet,present: one line for each branch's\n" +
			"sheet, the file relative to the manifest's folder. Every sheet is checked before any is copied\n" +
			"in: one bad sheet and nothing is imported. Sending the manifest again is harmless: sheets\n" +
			"already handed in are answered as such.\n\n" + sheetHelp,
		Example: "  starter ballots import-all meetings/2026-Q4/sheets.csv --round pioneer/2026-Q4",
		Args:    args("MANIFEST"),
		RunE: func(c *cobra.Command, argv []string) error {
			if allRound == "" {
				return usage("cli.give.round")
			}
			return a.importAllBallots(c.Context(), argv[0], allRound)
		},
	}
	all.Flags().StringVar(&allRound, "round", "", "the round, e.g. pioneer/2026-Q4")
	cmd.AddCommand(imp, all)
	return cmd
}

// readSheet reads a sheet's file, bounded before it is read, through root (a manifest's
// folder) when there is one: a file that cannot be a sheet is a problem at its place.
func readSheet(root *os.Root, path, where string, line int) ([]byte, error) {
	var raw []byte
	var err error
	if root != nil {
		raw, err = infile.ReadIn(root, path, "sheet", sheet.MaxBytes)
	} else {
		raw, err = infile.Read(path, "sheet", sheet.MaxBytes)
	}
	if err != nil {
		return nil, problem.New(where, line, "sheet", "problem.cli.cannot_read_sheet", "Path", path, "Why", problem.Unplaced(err))
	}
	return raw, nil
}

// importBallots hands in one branch's sheet. A file that cannot be a sheet is refused before
// anything else: nothing is asked of the database or the server for it.
func (a *app) importBallots(ctx context.Context, s submission, path, round, branch string, present int) error {
	where := filepath.Base(path)
	raw, err := readSheet(nil, path, where, 0)
	if err != nil {
		return err
	}
	if _, err := sheetfile.Parse(where, raw); err != nil {
		return err
	}
	meter := progress.New(a.errOut, a.p)
	meter.Step("progress.checking", "File", where)
	var got office.Handed
	err = a.office().ImportBallots(ctx, office.BallotImport{
		Round: round,
		Sheets: []office.SheetFile{{Branch: branch, Present: present, ID: s.id, Path: path, Where: where,
			Read: func() ([]byte, error) { return raw, nil }}},
		Copying: func(forms int) { meter.Step("progress.copying", "Forms", forms) },
	}, func(_ int, h office.Handed) { got = h })
	meter.Done()
	if err != nil {
		return err
	}
	if got.Receipt.Status == 0 && got.Err == nil {
		return ctx.Err() // interrupted before the sheet was handed in
	}
	return a.show(got.Receipt, got.Err)
}
