package store

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/input/sheet"
	"wenming/rules/roster"
	"wenming/testenv/english"
	"wenming/testenv/pgtest"
)

func units(t *testing.T, text string) []roster.Unit {
	t.Helper()
	tbl, err := sheet.ReadCSV("units.csv", strings.NewReader("id,name,parent,kind,staff,departments\n"+text))
	require.NoError(t, err)
	u, err := roster.ReadUnits(tbl)
	require.NoError(t, err)
	return u
}

func TestImportingTheSameUnitsAgainChangesNothing(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	rows := units(t, "office,市文明办,,office,35,4\nfinance,市财政局,office,agency,160,12\n")

	c, err := ImportUnits(ctx, db, "units.csv", rows)
	require.NoError(t, err)
	assert.Equal(t, ImportCounts{Added: 2}, c)
	var before string
	require.NoError(t, db.Get(&before, `SELECT updated_at::text FROM units WHERE id = 'finance'`))

	c, err = ImportUnits(ctx, db, "units.csv", rows)
	require.NoError(t, err)
	assert.Equal(t, ImportCounts{Unchanged: 2}, c)
	var after string
	require.NoError(t, db.Get(&after, `SELECT updated_at::text FROM units WHERE id = 'finance'`))
	assert.Equal(t, before, after, "an unchanged row is not touched")

	c, err = ImportUnits(ctx, db, "units.csv", units(t, "office,市文明办,,office,35,4\nfinance,市财政局,office,agency,170,12\n"))
	require.NoError(t, err)
	assert.Equal(t, ImportCounts{Changed: 1, Unchanged: 1}, c)
	var staff int
	require.NoError(t, db.Get(&staff, `SELECT staff_size FROM units WHERE id = 'finance'`))
	assert.Equal(t, 170, staff)
}

func TestABadRowRejectsTheWholeFileAndWritesNothing(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	_, err := ImportUnits(ctx, db, "units.csv", units(t, "office,市文明办,,office,35,4\nfinance,市财政局,nowhere,agency,160,12\n"))
	require.Error(t, err)
	assert.Contains(t, english.Of(err), `units.csv:3: parent: unit "nowhere" is neither in this file nor already imported`)
	var n int
	require.NoError(t, db.Get(&n, `SELECT count(*) FROM units`))
	assert.Zero(t, n)
}

func TestParentsMayBeImportedBefore(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	_, err := ImportUnits(ctx, db, "a.csv", units(t, "office,市文明办,,office,35,4\n"))
	require.NoError(t, err)
	_, err = ImportUnits(ctx, db, "b.csv", units(t, "finance,市财政局,office,agency,160,12\n"))
	require.NoError(t, err)

	// Re-parenting the office under finance would close a loop through the database.
	_, err = ImportUnits(ctx, db, "c.csv", units(t, "office,市文明办,finance,office,35,4\n"))
	require.Error(t, err)
	assert.Contains(t, english.Of(err), `c.csv:2: parent: unit "office" would be its own ancestor`)
	var parent *string
	require.NoError(t, db.Get(&parent, `SELECT parent_id FROM units WHERE id = 'office'`))
	assert.Nil(t, parent, "the refused import left the row as it was")
}

func TestMembersNeedTheirBranch(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	_, err := ImportUnits(ctx, db, "u.csv", units(t, "committee,市直机关工委,,committee,30,3\n"))
	require.NoError(t, err)
	c, err := ImportBranches(ctx, db, "b.csv", []roster.Branch{{ID: "b1", Name: "第一党支部", UnitID: "committee", Line: 2}})
	require.NoError(t, err)
	assert.Equal(t, 1, c.Added)

	members := []roster.Member{{ID: "m1", Name: "王伟", BranchID: "b1", Line: 2}, {ID: "m2", Name: "李娜", BranchID: "b9", Line: 3}}
	_, err = ImportMembers(ctx, db, "m.csv", members)
	require.Error(t, err)
	assert.Contains(t, english.Of(err), `m.csv:3: branch: branch "b9" is not in the branches roster; import it first`)
	var n int
	require.NoError(t, db.Get(&n, `SELECT count(*) FROM members`))
	assert.Zero(t, n, "m1 was not written either")

	members[1].BranchID = "b1"
	c, err = ImportMembers(ctx, db, "m.csv", members)
	require.NoError(t, err)
	assert.Equal(t, ImportCounts{Added: 2}, c)
	c, err = ImportMembers(ctx, db, "m.csv", members)
	require.NoError(t, err)
	assert.Equal(t, ImportCounts{Unchanged: 2}, c)
}

// A window's centre (stationed_at) is kept from the file that gives it; a roster file without
// the column changes nothing of it, and counts the window unchanged.
func TestARosterWithoutCentresKeepsThem(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	units := []roster.Unit{{ID: "service", Name: "行政审批局", Kind: "agency"},
		{ID: "hall", Name: "政务大厅窗口", ParentID: "service", Kind: "window", StationedAt: "市政务服务中心", Stationed: true}}
	_, err := ImportUnits(ctx, db, "units.csv", units)
	require.NoError(t, err)
	units[1].StationedAt, units[1].Stationed = "", false
	c, err := ImportUnits(ctx, db, "old-units.csv", units)
	require.NoError(t, err)
	assert.Equal(t, ImportCounts{Unchanged: 2}, c)
	var at string
	require.NoError(t, db.Get(&at, `SELECT stationed_at FROM units WHERE id = 'hall'`))
	assert.Equal(t, "市政务服务中心", at)
	units[1].Stationed = true // a file with the column, the cell empty: no longer stationed
	c, err = ImportUnits(ctx, db, "units.csv", units)
	require.NoError(t, err)
	assert.Equal(t, ImportCounts{Changed: 1, Unchanged: 1}, c)
	require.NoError(t, db.Get(&at, `SELECT stationed_at FROM units WHERE id = 'hall'`))
	assert.Empty(t, at)
}
