package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/spf13/cobra"

	"wenming/infile"
	"wenming/msg"
	"wenming/progress"
	"wenming/rules/ballot"
	"wenming/rules/problem"
	"wenming/rules/standard"
	"wenming/sheet"
	"wenming/sheet/sheetfile"
	"wenming/store"
	"wenming/workflows"
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

// sheetImport is one branch's sheet on its way in.
type sheetImport struct {
	root     *os.Root // a manifest's folder, which path is inside; nil for a sheet named on the command line
	path     string
	where    string // how the administrator listed it: the file, or the manifest
	line     int    // the manifest's line, 0 for a sheet named on the command line
	branch   string
	present  int
	id       string        // submission id: derived from the content, so a resend is a resend
	sheet    *ballot.Sheet // its forms are dropped once copied in
	forms    int
	copyID   string
	accepted bool         // handed in before: not copied again
	raw      []byte       // the file, until checked
	tbl      *sheet.Table // the file as a table, until checked
}

// read reads the sheet's file: a file that cannot be a sheet is refused before anything else.
func (imp *sheetImport) read() error {
	if imp.tbl != nil {
		return nil
	}
	// One open file, bounded before it is read: the content is both the table and what the
	// sheet's derived id is made from.
	var raw []byte
	var err error
	if imp.root != nil {
		raw, err = infile.ReadIn(imp.root, imp.path, "sheet", sheet.MaxBytes)
	} else {
		raw, err = infile.Read(imp.path, "sheet", sheet.MaxBytes)
	}
	if err != nil {
		return problem.New(imp.where, imp.line, "sheet", "problem.cli.cannot_read_sheet", "Path", imp.path, "Why", reason(err))
	}
	tbl, err := sheetfile.Parse(filepath.Base(imp.path), raw)
	if err != nil {
		return err
	}
	imp.raw, imp.tbl = raw, tbl
	return nil
}

// reason is what a problem says, without the place it names (the caller names its own).
func reason(err error) msg.Text {
	var es problem.Errors
	if errors.As(err, &es) && len(es) > 0 {
		return es[0].Reason
	}
	return problem.Reason(err)
}

// roundBallots is what checking a sheet for a round needs.
type roundBallots struct {
	db       *sqlx.DB
	round    string
	std      *standard.Standard
	cands    map[string]map[string]string // branch -> candidate -> why not eligible
	accepted map[string]store.AcceptedSheet
}

func (a *app) openRoundBallots(ctx context.Context, round string) (*roundBallots, error) {
	db, err := a.database(ctx)
	if err != nil {
		return nil, unavailable(err)
	}
	rb := &roundBallots{db: db, round: round}
	var standardID string
	if err := db.GetContext(ctx, &standardID, `SELECT config->>'StandardID' FROM rounds WHERE id = $1`, round); err != nil {
		return nil, problem.New("", 0, "round", "problem.cli.round_open_see_starter", "Round", round)
	}
	if rb.std, err = store.LoadStandard(ctx, db, standardID); err != nil {
		return nil, err
	}
	if rb.cands, err = store.RoundCandidatesByBranch(ctx, db, round); err != nil {
		return nil, err
	}
	rb.accepted, err = store.AcceptedSheets(ctx, db, round)
	return rb, err
}

// check reads and checks one sheet and names it by its content.
func (rb *roundBallots) check(imp *sheetImport) error {
	cands := rb.cands[imp.branch]
	if len(cands) == 0 {
		return problem.New(imp.where, imp.line, "branch", "problem.cli.branch_takes_no_part", "Branch", imp.branch, "Round", rb.round)
	}
	if err := imp.read(); err != nil {
		return err
	}
	raw, tbl := imp.raw, imp.tbl
	imp.raw, imp.tbl = nil, nil
	var err error
	if imp.sheet, err = ballot.Read(tbl, rb.std, imp.present, cands); err != nil {
		return err
	}
	imp.forms = len(imp.sheet.Rows)
	if imp.id == "" {
		sum := sha256.Sum256(append([]byte(rb.round+"\x00"+imp.branch+"\x00"+strconv.Itoa(imp.present)+"\x00"), raw...))
		imp.id = "s-" + hex.EncodeToString(sum[:8])
	}
	if prev, ok := rb.accepted[imp.branch]; ok && prev.SubmissionID == imp.id {
		imp.accepted, imp.copyID = true, prev.CopyID
	}
	return nil
}

// copyIn shuffles the checked sheets and copies those not handed in before, in one COPY.
func (rb *roundBallots) copyIn(ctx context.Context, imps []*sheetImport) error {
	var copies []store.SheetCopy
	for _, imp := range imps {
		if imp.accepted || rb.accepted[imp.branch].SubmissionID != "" {
			continue // the branch has its sheet: it answers "already received" or refuses
		}
		imp.sheet.Shuffle()
		imp.copyID = store.NewCopyID()
		copies = append(copies, store.SheetCopy{CopyID: imp.copyID, RoundID: rb.round, BranchID: imp.branch, SubmissionID: imp.id, Rows: imp.sheet.Rows})
	}
	return store.CopyBallots(ctx, rb.db, copies, time.Now())
}

// request is the sheet as its branch's workflow takes it.
func (imp *sheetImport) request() *workflows.BallotSheetRequest {
	return &workflows.BallotSheetRequest{Copy: imp.copyID, Present: imp.sheet.Present, Ballots: imp.sheet.Ballots, Forms: imp.forms}
}

func (a *app) importBallots(ctx context.Context, s submission, path, round, branch string, present int) error {
	target := workflows.BranchWorkflowID(round, branch)
	imp := &sheetImport{path: path, where: filepath.Base(path), branch: branch, present: present, id: s.id}
	if err := imp.read(); err != nil {
		return err
	}
	rb, err := a.openRoundBallots(ctx, round)
	if err != nil {
		return err
	}
	meter := progress.New(a.errOut, a.p)
	meter.Step("progress.checking", "File", imp.where)
	if err := rb.check(imp); err != nil {
		meter.Done()
		return a.ballotRefusal(ctx, target, err)
	}
	if _, err := a.temporal(ctx); err != nil { // no copy while the sheet cannot be handed in
		meter.Done()
		return err
	}
	meter.Step("progress.copying", "Forms", imp.forms)
	if err := rb.copyIn(ctx, []*sheetImport{imp}); err != nil {
		meter.Done()
		return err
	}
	meter.Done()
	batches, err := rb.batches(ctx, []*sheetImport{imp})
	if err != nil {
		return err
	}
	h := a.handBatch(ctx, rb, batches[0])[0]
	if h.err != nil {
		return h.err
	}
	fmt.Fprintln(a.out, a.receipt(h.rec, h.id))
	return nil
}

// dropRefused deletes the copy of a sheet its branch refused: it would never count.
func (a *app) dropRefused(ctx context.Context, rb *roundBallots, imp *sheetImport, err error) {
	if err == nil || !problem.Is(err) || imp.copyID == "" || imp.accepted {
		return
	}
	if derr := store.DropCopy(ctx, rb.db, imp.copyID); derr != nil {
		a.warn("cli.ballots.copy_stays", "Detail", derr)
	}
}
