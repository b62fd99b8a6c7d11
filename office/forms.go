package office

import (
	"context"
	"fmt"

	"wenming/input/problem"
	"wenming/input/sheet"
	"wenming/rules/standard"
	"wenming/rules/title"
	"wenming/store"
)

// The forms a person hands in, read from a table (a file the CLI read, an upload the portal
// took) into the act that carries them. Bad input is refused here, with its lines, before
// anything is sent.

// CampaignStandard is the standard a campaign scores against, and the campaign's settings.
func (o *Office) CampaignStandard(ctx context.Context, campaignID string) (*standard.Standard, store.CampaignInfo, error) {
	db, err := o.database(ctx)
	if err != nil {
		return nil, store.CampaignInfo{}, err
	}
	info, err := store.LoadCampaignInfo(ctx, db, campaignID)
	if err != nil {
		return nil, info, err
	}
	std, err := store.LoadStandard(ctx, db, info.StandardID)
	return std, info, err
}

// CampaignSheet reads a score sheet (a self-check's, an inspection's) on the campaign's standard
// and scores it.
func (o *Office) CampaignSheet(ctx context.Context, campaignID string, tbl *sheet.Table) (standard.Sheet, error) {
	std, _, err := o.CampaignStandard(ctx, campaignID)
	if err != nil {
		return standard.Sheet{}, err
	}
	return scored(std, tbl)
}

// RoundSheet reads a round's form (a red-flag branch's self-report or assessment) on the
// round's standard and scores it.
func (o *Office) RoundSheet(ctx context.Context, round string, tbl *sheet.Table) (standard.Sheet, error) {
	std, err := o.RoundStandard(ctx, round)
	if err != nil {
		return standard.Sheet{}, err
	}
	return scored(std, tbl)
}

// scored is the sheet read and scored; its lines matter for the problems, not in the record.
func scored(std *standard.Standard, tbl *sheet.Table) (standard.Sheet, error) {
	sh, err := std.ReadSheet(tbl)
	if err == nil {
		_, err = std.Score(sh)
	}
	if err != nil {
		return standard.Sheet{}, err
	}
	for i := range sh.Entries {
		sh.Entries[i].Line = 0
	}
	return sh, nil
}

// FindingsHeader is the layout of an inspection's findings: item, size (small or big), problem.
var FindingsHeader = []string{"item", "size", "problem"}

// ReadFindings reads the problems an inspection found, each a rectification notice to be.
func ReadFindings(tbl *sheet.Table) ([]Finding, error) {
	if err := tbl.RequireHeader(FindingsHeader...); err != nil {
		return nil, err
	}
	l := problem.In(tbl.Name)
	var out []Finding
	for _, r := range tbl.Rows {
		f := Finding{Item: r.Cell(0), Size: r.Cell(1), Problem: r.Cell(2)}
		if f.Size != Small && f.Size != Big {
			l.Add(r.Line, "size", "problem.cli.small_fixed_same_day", "Size", f.Size)
		}
		if f.Problem == "" {
			l.Add(r.Line, "problem", "problem.cli.describe_problem")
		}
		out = append(out, f)
	}
	return out, l.Err()
}

// TitleRef names a title: by its number, or by its holder (and the campaign that conferred it
// or its kind, where the holder has more than one).
type TitleRef struct {
	Number                       int64
	Unit, Person, Campaign, Kind string
}

// FindTitle is the one title ref names, among those still held; a holder who holds none of them
// any more names the one that ended (revoked, expired), so that a decision sent again to it is
// answered from its record (see toTitle).
func (o *Office) FindTitle(ctx context.Context, ref TitleRef) (store.Title, error) {
	db, err := o.database(ctx)
	if err != nil {
		return store.Title{}, err
	}
	if ref.Number > 0 {
		return store.LoadTitle(ctx, db, ref.Number)
	}
	if ref.Unit == "" {
		return store.Title{}, problem.New("", 0, "", "office.title.id")
	}
	filter := store.TitleFilter{Unit: ref.Unit, Person: ref.Person, Campaign: ref.Campaign, Kind: ref.Kind, Held: true}
	held, err := store.ListTitles(ctx, db, filter)
	if err != nil {
		return store.Title{}, err
	}
	if len(held) == 0 {
		filter.Held = false
		every, err := store.ListTitles(ctx, db, filter)
		if err != nil {
			return store.Title{}, err
		}
		for _, t := range every {
			if title.Status(t.Status).Ended() {
				held = append(held, t)
			}
		}
	}
	if len(held) != 1 {
		var found []string
		for _, t := range held {
			found = append(found, fmt.Sprintf("%d %s", t.ID, t.Name))
		}
		return store.Title{}, problem.New("", 0, "", "office.title.pick", "Unit", ref.Unit, "N", len(held), "Found", found)
	}
	return held[0].Title, nil
}
