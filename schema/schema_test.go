package schema_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"wenming/schema"
	"wenming/testenv/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// Migrating an up-to-date database again changes nothing and does not fail.
func TestMigrateIsIdempotent(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	require.NoError(t, schema.Migrate(ctx, db.DB))
	require.NoError(t, schema.Migrate(ctx, db.DB))

	var tables []string
	require.NoError(t, db.Select(&tables, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_name <> 'goose_db_version' ORDER BY 1`))
	require.Subset(t, tables, []string{"audit_log", "branches", "members", "standard_items", "standards", "units"})
}

// Ballots accepted before copies existed become one accepted copy per sheet, and still count
// once; stepping down and up again keeps them.
func TestBallotsOfEarlierVersionsKeepCounting(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	p, err := schema.Provider(db.DB)
	require.NoError(t, err)
	_, err = p.DownTo(ctx, 4)
	require.NoError(t, err)
	db.MustExec(`INSERT INTO units (id, name, kind) VALUES ('u1', '单位', 'committee')`)
	db.MustExec(`INSERT INTO branches (id, name, unit_id) VALUES ('b1', '支部', 'u1')`)
	db.MustExec(`INSERT INTO rounds (id, kind, period, config, opened_at) VALUES ('pioneer/2026-Q3', 'pioneer', '2026-Q3', '{}', now())`)
	db.MustExec(`INSERT INTO round_branches (round_id, branch_id, group_no, members, eligible) VALUES ('pioneer/2026-Q3', 'b1', 0, 3, true)`)
	db.MustExec(`INSERT INTO ballot_sheets (round_id, branch_id, submission_id, present, ballots, forms, accepted_at)
		VALUES ('pioneer/2026-Q3', 'b1', 's1', 2, 2, 2, now())`)
	db.MustExec(`INSERT INTO ballots (round_id, branch_id, candidate_id, scores, total) VALUES
		('pioneer/2026-Q3', 'b1', 'm1', '{10,10,10,10,10,10,10,10,10,10}', 100), ('pioneer/2026-Q3', 'b1', 'm1', '{9,9,9,9,9,9,9,9,9,9}', 90)`)

	for range 2 {
		_, err = p.UpTo(ctx, 5)
		require.NoError(t, err)
		var counted []int
		require.NoError(t, db.Select(&counted, `SELECT b.total FROM ballot_sheets s JOIN ballots b ON b.copy_id = s.copy_id
			JOIN ballot_copies c ON c.copy_id = s.copy_id AND c.forms = s.forms ORDER BY 1`))
		require.Equal(t, []int{90, 100}, counted)
		_, err = p.DownTo(ctx, 4)
		require.NoError(t, err)
	}
	require.NoError(t, schema.Migrate(ctx, db.DB))
}

// A pioneer round still taking ballots when 免评 stops barring lets its exempted members
// stand again; a round past its vote keeps the snapshot it voted on.
func TestExemptedMembersOfARoundStillVotingStandAgain(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	p, err := schema.Provider(db.DB)
	require.NoError(t, err)
	_, err = p.DownTo(ctx, 6)
	require.NoError(t, err)
	db.MustExec(`INSERT INTO units (id, name, kind) VALUES ('u1', '单位', 'committee')`)
	db.MustExec(`INSERT INTO branches (id, name, unit_id) VALUES ('b1', '支部', 'u1')`)
	db.MustExec(`INSERT INTO members (id, name, branch_id) VALUES ('m1', '党员', 'b1')`)
	for _, r := range [][2]string{{"pioneer/2027-Q1", "voting"}, {"pioneer/2026-Q1", "committee"}} {
		db.MustExec(`INSERT INTO rounds (id, kind, period, config, opened_at, phase) VALUES ($1, 'pioneer', substr($1, 9), '{}', now(), $2)`, r[0], r[1])
		db.MustExec(`INSERT INTO round_members (round_id, member_id, branch_id, eligible, reason)
			VALUES ($1, 'm1', 'b1', false, 'exempt: 优秀共产党员 (2026-Q4)')`, r[0])
	}
	require.NoError(t, schema.Migrate(ctx, db.DB))
	var got []string
	require.NoError(t, db.Select(&got, `SELECT round_id || ' ' || eligible || ' ' || reason FROM round_members ORDER BY round_id`))
	require.Equal(t, []string{"pioneer/2026-Q1 false exempt: 优秀共产党员 (2026-Q4)", "pioneer/2027-Q1 true "}, got)
}
