package office

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"sync"

	"wenming/input/problem"
	"wenming/input/sheetfile"
	"wenming/rules/ballot"
	"wenming/store"
	"wenming/workflows"
)

// SheetFile is one branch's sheet of democratic-evaluation forms as a client hands it over:
// a file (CSV or .xlsx) and where it was listed, for the problems found in it.
type SheetFile struct {
	Branch  string
	Present int    // members present at the meeting
	ID      string // the submission id given; "" names it by round, branch, present and content
	Path    string // the file as listed: its name says its format and places a problem inside it
	Where   string // the file or the manifest that listed it
	Line    int    // the manifest's line; 0 for a sheet on its own
	// Read reads the file when its turn comes (a manifest's sheets are not all in memory at
	// once); an error it gives as a problem is reported as it is.
	Read func() ([]byte, error)
}

// BallotImport is a round's sheets on their way in.
type BallotImport struct {
	Round  string
	Sheets []SheetFile
	// Checked, when set, is told how many sheets have been checked so far.
	Checked func(done, total int)
	// Copying, when set, is told before each COPY how many forms it writes.
	Copying func(forms int)
}

// copyBatch is how many sheets go into one COPY: large enough to write at COPY's speed,
// small enough to keep a province's sheets out of memory at once.
const copyBatch = 200

// handing is how many groups are handed their sheets at once.
const handing = 8

// ImportBallots checks every sheet before any counts, copies them in (shuffled, in batches),
// and hands each group of the round its sheets in one message, several groups at once. If
// any sheet has a problem, nothing is imported: the error lists every problem at its place
// (up to problem.MaxReported), and the refusal is in the audit log. Otherwise each sheet's
// fate is passed to each, in the caller's goroutine, as it comes: its receipt, or why it was
// not delivered (sending the import again is harmless). A sheet not yet handed when ctx is
// cancelled has no fate: the client sees fewer fates than sheets, and ctx says why.
func (o *Office) ImportBallots(ctx context.Context, imp BallotImport, each func(i int, h Handed)) error {
	db, err := o.database(ctx)
	if err != nil {
		return err
	}
	rb, err := store.LoadRoundBallots(ctx, db, imp.Round)
	if errors.Is(err, store.ErrNoRound) {
		return problem.New("", 0, "round", "problem.cli.round_open_see_starter", "Round", imp.Round)
	}
	if err != nil {
		return err
	}
	sheets, copied, err := o.checkAndCopy(ctx, imp, rb)
	if err != nil {
		if len(copied) > 0 {
			if derr := o.DropCopies(ctx, copied); derr != nil {
				o.note("office.ballots.copies_stay", "Detail", derr)
			}
		}
		if problem.Is(err) {
			target := imp.Round // a manifest's import, refused as a whole
			if len(imp.Sheets) == 1 && imp.Sheets[0].Line == 0 {
				target = workflows.BranchWorkflowID(imp.Round, imp.Sheets[0].Branch) // a sheet on its own
			}
			return o.RefuseInput(ctx, workflows.UpdateBallotSheet, target, err)
		}
		return err
	}
	// Both connections are open before the groups are handed their sheets side by side.
	if _, err := o.conn.Temporal(ctx); err != nil {
		return err
	}
	o.handAll(ctx, imp.Round, rb.Groups, sheets, each)
	return nil
}

// checkAndCopy checks every sheet, batch by batch, copying each batch while all is well;
// after the first problem it only checks, to report every problem at once. It returns the
// sheets to hand in and the copies made.
func (o *Office) checkAndCopy(ctx context.Context, imp BallotImport, rb store.RoundBallots) ([]Sheet, []string, error) {
	var problems problem.Errors
	var copied []string
	sheets := make([]Sheet, len(imp.Sheets))
	for start := 0; start < len(imp.Sheets); start += copyBatch {
		end := min(start+copyBatch, len(imp.Sheets))
		checked := make([]*ballot.Sheet, end-start)
		for i := start; i < end; i++ {
			s, err := checkSheet(imp.Round, rb, imp.Sheets[i], &sheets[i])
			var es problem.Errors
			switch {
			case errors.As(err, &es):
				problems = append(problems, es...)
			case err != nil:
				return nil, copied, err
			}
			checked[i-start] = s
		}
		if imp.Checked != nil {
			imp.Checked(end, len(imp.Sheets))
		}
		if len(problems) >= problem.MaxReported {
			break
		}
		if len(problems) > 0 {
			continue
		}
		if _, err := o.conn.Temporal(ctx); err != nil { // no copy while the sheets cannot be handed in
			return nil, copied, err
		}
		copies := copiesOf(imp.Round, rb, sheets[start:end], checked)
		if forms := formsIn(copies); imp.Copying != nil && forms > 0 {
			imp.Copying(forms)
		}
		if err := o.CopySheets(ctx, copies); err != nil {
			return nil, copied, err
		}
		for _, c := range copies {
			copied = append(copied, c.CopyID)
		}
	}
	if len(problems) > 0 {
		return nil, copied, problems
	}
	return sheets, copied, nil
}

// checkSheet reads and checks one sheet against the round, names it by its content, and
// fills in what handing it in needs.
func checkSheet(round string, rb store.RoundBallots, f SheetFile, out *Sheet) (*ballot.Sheet, error) {
	cands := rb.Candidates[f.Branch]
	if len(cands) == 0 {
		return nil, problem.New(f.Where, f.Line, "branch", "problem.cli.branch_takes_no_part", "Branch", f.Branch, "Round", round)
	}
	raw, err := f.Read()
	if err != nil && !problem.Is(err) {
		err = problem.New(f.Where, f.Line, "sheet", "problem.cli.cannot_read_sheet", "Path", f.Path, "Why", problem.Reason(err))
	}
	if err != nil {
		return nil, err
	}
	tbl, err := sheetfile.Parse(filepath.Base(f.Path), raw)
	if err != nil {
		return nil, err
	}
	s, err := ballot.Read(tbl, rb.Standard, f.Present, cands)
	if err != nil {
		return nil, err
	}
	id := f.ID
	if id == "" {
		sum := sha256.Sum256(append([]byte(round+"\x00"+f.Branch+"\x00"+strconv.Itoa(f.Present)+"\x00"), raw...))
		id = "s-" + hex.EncodeToString(sum[:8])
	}
	*out = Sheet{Branch: f.Branch, ID: id, Present: s.Present, Ballots: s.Ballots, Forms: len(s.Rows)}
	if prev, ok := rb.Accepted[f.Branch]; ok && prev.SubmissionID == id {
		out.Resent, out.Copy = true, prev.CopyID
	}
	return s, nil
}

// copiesOf shuffles the checked sheets of a batch and makes the copies of those not handed in
// before; a branch that accepted another sheet gets no copy (it refuses this one).
func copiesOf(round string, rb store.RoundBallots, sheets []Sheet, checked []*ballot.Sheet) []store.SheetCopy {
	var copies []store.SheetCopy
	for i := range sheets {
		s := &sheets[i]
		if s.Resent || rb.Accepted[s.Branch].SubmissionID != "" {
			continue
		}
		checked[i].Shuffle()
		s.Copy = store.NewCopyID()
		copies = append(copies, store.SheetCopy{CopyID: s.Copy, RoundID: round, BranchID: s.Branch, SubmissionID: s.ID, Rows: checked[i].Rows})
	}
	return copies
}

func formsIn(copies []store.SheetCopy) int {
	n := 0
	for _, c := range copies {
		n += len(c.Rows)
	}
	return n
}

// handAll hands every sheet to its group, `handing` groups at a time, and passes each sheet's
// fate to each as it comes.
func (o *Office) handAll(ctx context.Context, round string, groups map[string]int, sheets []Sheet, each func(int, Handed)) {
	type fate struct {
		i int
		h Handed
	}
	fates := make(chan fate)
	go func() {
		defer close(fates)
		var wg sync.WaitGroup
		slots := make(chan struct{}, handing)
		for _, b := range batches(groups, sheets) {
			if ctx.Err() != nil {
				break
			}
			slots <- struct{}{}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-slots }()
				part := make([]Sheet, len(b.at))
				for k, i := range b.at {
					part[k] = sheets[i]
				}
				for k, h := range o.HandSheets(ctx, round, b.group, part) {
					fates <- fate{b.at[k], h}
				}
			}()
		}
		wg.Wait()
	}()
	for f := range fates {
		each(f.i, f.h)
	}
}

// sheetBatch is the sheets of one group of a round (their places in the import), in the order
// they were listed.
type sheetBatch struct {
	group int
	at    []int
}

// batches sorts the sheets into their groups, in the groups' order.
func batches(groups map[string]int, sheets []Sheet) []sheetBatch {
	index := map[int]int{}
	var out []sheetBatch
	for i, s := range sheets {
		g := groups[s.Branch] // checked: every branch takes part in the round
		k, ok := index[g]
		if !ok {
			k = len(out)
			index[g] = k
			out = append(out, sheetBatch{group: g})
		}
		out[k].at = append(out[k].at, i)
	}
	slices.SortStableFunc(out, func(x, y sheetBatch) int { return x.group - y.group })
	return out
}
