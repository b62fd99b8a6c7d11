package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"wenming/input/infile"
	"wenming/input/problem"
	"wenming/input/sheetfile"
	"wenming/msg"
	"wenming/office"
	"wenming/rules/ballot"
	"wenming/terminal/progress"
)

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
	sheets := make([]office.SheetFile, len(entries))
	for i, e := range entries {
		// Read through the root too: what was checked above is a path, and the file there
		// can be replaced (by a link out of the folder) before it is read.
		sheets[i] = office.SheetFile{Branch: e.Branch, Present: e.Present, Path: e.Sheet, Where: tbl.Name, Line: e.Line,
			Read: func() ([]byte, error) { return readSheet(root, e.Sheet, tbl.Name, e.Line) }}
	}
	return a.handAll(ctx, round, sheets)
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

// handAll imports the sheets (see office.ImportBallots), prints a receipt for each sheet and
// a summary, and fails if any sheet was refused or not delivered.
func (a *app) handAll(ctx context.Context, round string, sheets []office.SheetFile) error {
	meter := progress.New(a.errOut, a.p)
	var accepted, resent int
	var refused problem.Errors
	var refusedSheets int
	var failed []error
	done := 0
	err := a.office().ImportBallots(ctx, office.BallotImport{Round: round, Sheets: sheets, Checked: meter.Count},
		func(i int, h office.Handed) {
			if done == 0 {
				meter.Done() // checked and copied: now handed in
				meter = progress.New(a.errOut, a.p)
			}
			done++
			meter.Count(done, len(sheets))
			f := sheets[i]
			err := h.Err
			if err == nil {
				err = h.Receipt.Err()
			}
			switch {
			case err == nil && h.Receipt.Status == office.AlreadyReceived:
				resent++
				fmt.Fprintf(a.out, "%s: %s\n", f.Branch, a.receipt(h.Receipt))
			case err == nil:
				accepted++
				fmt.Fprintf(a.out, "%s: %s\n", f.Branch, a.receipt(h.Receipt))
			case problem.Is(err):
				refusedSheets++
				refused = append(refused, placed(err, f)...)
			default:
				failed = append(failed, msg.Wrap(err, "cli.ballots.not_delivered", "File", f.Where, "Line", f.Line, "Branch", f.Branch))
			}
		})
	meter.Done()
	if problem.Is(err) {
		return advised{err, msg.Say("cli.ballots.nothing_imported")}
	}
	if err != nil {
		return err
	}
	a.print("cli.ballots.summary", "Accepted", accepted, "Resent", resent, "Refused", refusedSheets, "Failed", len(failed))
	if len(failed) > 0 {
		return advised{errors.Join(failed...), msg.Say("cli.ballots.send_again")}
	}
	if len(refused) > 0 {
		return refused
	}
	return ctx.Err() // interrupted: the sheets not handed yet were not sent
}

// placed gives a refused sheet's problems the place in the manifest of those that name none
// (a refusal by the round names no file).
func placed(err error, f office.SheetFile) problem.Errors {
	var es problem.Errors
	if !errors.As(err, &es) {
		es = problem.Errors{{Reason: problem.Reason(err)}}
	}
	out := make(problem.Errors, len(es))
	for i, p := range es {
		if p.File == "" {
			p.File, p.Line, p.Field = f.Where, f.Line, "branch"
		}
		out[i] = p
	}
	return out
}
