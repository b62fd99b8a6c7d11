package office

import (
	"context"
	"fmt"
	"time"

	"wenming/activities"
	"wenming/input/sheet"
	"wenming/msg"
	"wenming/rules/roster"
	"wenming/rules/standard"
	"wenming/rules/title"
	"wenming/store"
	"wenming/workflows"
)

// What an office keeps on record outside any workflow: its rosters, the register of titles
// held from before the product, the standards its campaigns and rounds score against, and the
// copies of ballot sheets on their way to their branches.

// The parts of an act a client fills in, named where the act is.
type (
	// Finding is a problem an inspection found: it becomes a rectification notice.
	Finding = workflows.Finding
	// Strike is a name the committee strikes from a round's list, with why.
	Strike = workflows.Strike
	// NameStruck is a name the deciding body strikes from a campaign's list, with why (a
	// unit, or a unit's person as store.NomineeKey).
	NameStruck = workflows.NameStruck
)

// The sizes of a finding: small, fixed the same day; big, within a week.
const (
	Small = activities.Small
	Big   = activities.Big
)

// Imported says what an import of n rows of a roster (units, branches, members, titles) did.
func Imported(kind string, n int, c store.ImportCounts) msg.Text {
	return msg.Say("office.roster.counts", "Kind", kind, "N", n, "Added", c.Added, "Changed", c.Changed, "Unchanged", c.Unchanged)
}

// ImportRoster reads a roster's table (units, branches, members, or the titles held as of at)
// and imports it: how many rows, and what became of them. A table with any bad row is refused
// as a whole, every problem listed, and nothing is written.
func (o *Office) ImportRoster(ctx context.Context, kind string, tbl *sheet.Table, at time.Time) (int, store.ImportCounts, error) {
	switch kind {
	case "units":
		units, err := roster.ReadUnits(tbl)
		if err != nil {
			return 0, store.ImportCounts{}, err
		}
		c, err := o.ImportUnits(ctx, tbl.Name, units)
		return len(units), c, err
	case "branches":
		branches, err := roster.ReadBranches(tbl)
		if err != nil {
			return 0, store.ImportCounts{}, err
		}
		c, err := o.ImportBranches(ctx, tbl.Name, branches)
		return len(branches), c, err
	case "members":
		members, err := roster.ReadMembers(tbl)
		if err != nil {
			return 0, store.ImportCounts{}, err
		}
		c, err := o.ImportMembers(ctx, tbl.Name, members)
		return len(members), c, err
	case "titles":
		held, err := title.Read(tbl)
		if err != nil {
			return 0, store.ImportCounts{}, err
		}
		c, err := o.ImportTitles(ctx, tbl.Name, held, at)
		return len(held), c, err
	}
	return 0, store.ImportCounts{}, fmt.Errorf("no roster of %s", kind)
}

// ImportUnits records the units' roster read from file; a unit already on it is updated.
func (o *Office) ImportUnits(ctx context.Context, file string, units []roster.Unit) (store.ImportCounts, error) {
	db, err := o.database(ctx)
	if err != nil {
		return store.ImportCounts{}, err
	}
	return store.ImportUnits(ctx, db, file, units)
}

// ImportBranches records the party branches' roster read from file.
func (o *Office) ImportBranches(ctx context.Context, file string, branches []roster.Branch) (store.ImportCounts, error) {
	db, err := o.database(ctx)
	if err != nil {
		return store.ImportCounts{}, err
	}
	return store.ImportBranches(ctx, db, file, branches)
}

// ImportMembers records the party members' roster read from file.
func (o *Office) ImportMembers(ctx context.Context, file string, members []roster.Member) (store.ImportCounts, error) {
	db, err := o.database(ctx)
	if err != nil {
		return store.ImportCounts{}, err
	}
	return store.ImportMembers(ctx, db, file, members)
}

// ImportTitles enters titles held from before the product in the register, as the actor's
// act on day at; titles already in it are left as they are.
func (o *Office) ImportTitles(ctx context.Context, file string, held []title.Held, at time.Time) (store.ImportCounts, error) {
	db, err := o.database(ctx)
	if err != nil {
		return store.ImportCounts{}, err
	}
	return store.ImportTitles(ctx, db, file, o.actor, held, at)
}

// SaveStandard keeps a standard (评分标准) for the campaigns and rounds that name it.
func (o *Office) SaveStandard(ctx context.Context, s *standard.Standard) error {
	db, err := o.database(ctx)
	if err != nil {
		return err
	}
	return store.SaveStandard(ctx, db, s)
}

// CopySheets copies checked ballot sheets in, in one COPY, before they are handed to their
// branches (see HandSheets).
func (o *Office) CopySheets(ctx context.Context, copies []store.SheetCopy) error {
	db, err := o.database(ctx)
	if err != nil {
		return err
	}
	return store.CopyBallots(ctx, db, copies, time.Now())
}

// DropCopies removes copies of sheets that will not be handed in (a manifest with a bad sheet
// imports nothing).
func (o *Office) DropCopies(ctx context.Context, copyIDs []string) error {
	db, err := o.database(ctx)
	if err != nil {
		return err
	}
	return store.DropCopies(ctx, db, copyIDs)
}
