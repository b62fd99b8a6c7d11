package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"wenming/infile"
	"wenming/msg"
	"wenming/progress"
	"wenming/rules/ballot"
	"wenming/rules/problem"
	"wenming/sheet/sheetfile"
	"wenming/store"
	"wenming/workflows"
)

// copyBatch is how many sheets go into one COPY: large enough to write at COPY's speed,
// small enough to keep a province's sheets out of memory at once.
const copyBatch = 200

// handing is how many sheets are handed to their branches at once.
const handing = 8

// importAllBallots imports every sheet a manifest lists: all are checked before any counts,
// copied in batches, then handed each to its branch's workflow, several at a time.
func (a *app) importAllBallots(ctx context.Context, manifest, round string) error {
	tbl, err := sheetfile.Read(manifest)
	if err != nil {
		return err
	}
	entries, err := ballot.ReadManifest(tbl)
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(filepath.Dir(manifest))
	if err != nil {
		return problem.New(tbl.Name, 0, "", "problem.cli.cannot_open_manifest_folder", "Detail", err)
	}
	defer root.Close()
	if err := sheetsInFolder(root, tbl.Name, entries); err != nil {
		return err
	}
	rb, err := a.openRoundBallots(ctx, round)
	if err != nil {
		return err
	}
	imps := make([]*sheetImport, len(entries))
	for i, e := range entries {
		// Read through the root too: what was checked above is a path, and the file there
		// can be replaced (by a link out of the folder) before it is read.
		imps[i] = &sheetImport{root: root, path: e.Sheet, where: tbl.Name, line: e.Line,
			branch: e.Branch, present: e.Present}
	}
	copied, err := a.checkAndCopy(ctx, rb, imps)
	if err != nil {
		if len(copied) > 0 {
			if derr := store.DropCopies(ctx, rb.db, copied); derr != nil {
				a.warn("cli.ballots.copies_stay", "Detail", derr)
			}
		}
		if problem.Is(err) {
			a.ballotRefusal(ctx, round, err)
			return advised{err, msg.Say("cli.ballots.nothing_imported")}
		}
		return err
	}
	return a.handAll(ctx, rb, imps)
}

// sheetsInFolder refuses a manifest whose sheets are not plain files in its own folder (or
// below it): a symbolic link, a device or a folder, or a path that leaves the folder through a
// link. Looked up through os.Root (the manifest's folder), which never follows a path out of
// the folder; the sheets are read through it too.
func sheetsInFolder(root *os.Root, name string, entries []ballot.Entry) error {
	l := problem.In(name)
	for _, e := range entries {
		fi, err := root.Lstat(e.Sheet)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			// reported with the other problems of each sheet
		case err != nil:
			l.Add(e.Line, "sheet", "problem.cli.cannot_open", "Sheet", e.Sheet, "Why", infile.Why(err))
		case fi.Mode()&fs.ModeSymlink != 0:
			l.Add(e.Line, "sheet", "problem.cli.symbolic_link_list_sheet", "Sheet", e.Sheet)
		case !fi.Mode().IsRegular():
			l.Add(e.Line, "sheet", "problem.cli.plain_file", "Sheet", e.Sheet)
		}
	}
	return l.Err()
}

// checkAndCopy checks every sheet, batch by batch, copying each batch while all is well; after
// the first problem it only checks, to report every problem at once. It returns the copies made.
func (a *app) checkAndCopy(ctx context.Context, rb *roundBallots, imps []*sheetImport) ([]string, error) {
	meter := progress.New(a.errOut, a.p)
	defer meter.Done()
	var problems problem.Errors
	var copied []string
	for start := 0; start < len(imps); start += copyBatch {
		batch := imps[start:min(start+copyBatch, len(imps))]
		for _, imp := range batch {
			if err := rb.check(imp); err != nil {
				var es problem.Errors
				if !errors.As(err, &es) {
					return copied, err
				}
				problems = append(problems, es...)
			}
		}
		meter.Count(start+len(batch), len(imps))
		if len(problems) >= problem.MaxReported {
			break
		}
		if len(problems) > 0 {
			continue
		}
		if _, err := a.temporal(ctx); err != nil { // no copies while the sheets cannot be handed in
			return copied, err
		}
		if err := rb.copyIn(ctx, batch); err != nil {
			return copied, err
		}
		for _, imp := range batch {
			if imp.copyID != "" && !imp.accepted {
				copied = append(copied, imp.copyID)
			}
			imp.sheet.Rows = nil // copied in: the forms need not stay in memory
		}
	}
	if len(problems) > 0 {
		return copied, problems
	}
	return copied, nil
}

// handed is how one sheet fared with its branch.
type handed struct {
	imp *sheetImport
	rec workflows.Receipt
	id  string
	err error
}

// handAll hands every copied sheet in, one batch per group of the round, `handing` groups at
// a time, prints a receipt for each sheet and a summary, and fails if any sheet was refused or
// not delivered. The client was dialled before the first copy, so the senders share it.
func (a *app) handAll(ctx context.Context, rb *roundBallots, imps []*sheetImport) error {
	results := make(chan handed)
	go func() {
		defer close(results)
		a.handInGroups(ctx, rb, imps, results)
	}()

	meter := progress.New(a.errOut, a.p)
	var accepted, resent int
	var refused problem.Errors
	var refusedSheets int
	var failed []error
	done := 0
	for h := range results {
		done++
		meter.Count(done, len(imps))
		switch {
		case h.err == nil && h.rec.Duplicate:
			resent++
			fmt.Fprintf(a.out, "%s: %s\n", h.imp.branch, a.receipt(h.rec, h.id))
		case h.err == nil:
			accepted++
			fmt.Fprintf(a.out, "%s: %s\n", h.imp.branch, a.receipt(h.rec, h.id))
		case problem.Is(h.err):
			refusedSheets++
			refused = append(refused, placed(h.err, h.imp)...)
		default:
			failed = append(failed, msg.Wrap(h.err, "cli.ballots.not_delivered", "File", h.imp.where, "Line", h.imp.line, "Branch", h.imp.branch))
		}
	}
	meter.Done()
	a.print("cli.ballots.summary", "Accepted", accepted, "Resent", resent, "Refused", refusedSheets, "Failed", len(failed))
	if len(failed) > 0 {
		return advised{errors.Join(failed...), msg.Say("cli.ballots.send_again")}
	}
	if len(refused) > 0 {
		return refused
	}
	return ctx.Err()
}

// handInGroups sends each group of the round its sheets in one message (at most a group's
// worth), `handing` groups at once, and passes on how each sheet fared.
func (a *app) handInGroups(ctx context.Context, rb *roundBallots, imps []*sheetImport, results chan<- handed) {
	batches, err := rb.batches(ctx, imps)
	if err != nil {
		for _, imp := range imps {
			results <- handed{imp: imp, id: imp.id, err: err}
		}
		return
	}
	var wg sync.WaitGroup
	slots := make(chan struct{}, handing)
	for _, b := range batches {
		if ctx.Err() != nil {
			break
		}
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			for _, h := range a.handBatch(ctx, rb, b) {
				results <- h
			}
		}()
	}
	wg.Wait()
}

// placed gives a refused sheet's problems the place in the manifest of those that name none
// (a refusal by the round names no file).
func placed(err error, imp *sheetImport) problem.Errors {
	var es problem.Errors
	if !errors.As(err, &es) {
		es = problem.Errors{{Reason: problem.Reason(err)}}
	}
	out := make(problem.Errors, len(es))
	for i, p := range es {
		if p.File == "" {
			p.File, p.Line, p.Field = imp.where, imp.line, "branch"
		}
		out[i] = p
	}
	return out
}
