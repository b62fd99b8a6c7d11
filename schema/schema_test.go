package schema_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/devstack/postgres"
	"wenming/schema"
	"wenming/store"
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

// Streaks recorded when they ran across the year's end are counted again inside the year: a
// member whose four posts ran 2026-Q2 to 2027-Q1 loses the excellent member title of 2027 (the
// honor, the year-end round's result and the register, each with the reason); one whose posts
// were the four quarters of 2026 keeps theirs; streak_recounts lists every change.
func TestStreaksAcrossTheYearsEndAreCountedAgainInsideTheYear(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	p, err := schema.Provider(db.DB)
	require.NoError(t, err)
	_, err = p.DownTo(ctx, 20)
	require.NoError(t, err)
	db.MustExec(`INSERT INTO units (id, name, kind) VALUES ('u1', '单位', 'committee')`)
	db.MustExec(`INSERT INTO branches (id, name, unit_id) VALUES ('b1', '支部', 'u1')`)
	db.MustExec(`INSERT INTO members (id, name, branch_id) VALUES ('across', '甲', 'b1'), ('inside', '乙', 'b1')`)
	for _, q := range []string{"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"} {
		db.MustExec(`INSERT INTO rounds (id, kind, period, config, opened_at) VALUES ('pioneer/' || $1, 'pioneer', $1, '{}', now())`, q)
	}
	db.MustExec(`INSERT INTO rounds (id, kind, period, config, opened_at) VALUES ('annual/2026', 'annual', '2026', '{}', now()),
		('annual/2027', 'annual', '2027', '{}', now())`)
	post := func(member, q string, n int) {
		db.MustExec(`INSERT INTO honors (subject_kind, subject_id, kind, period, year, consecutive, round_id, awarded_at)
			VALUES ('member', $1, 'pioneer_post', $2, substr($2, 1, 4)::int, $3, 'pioneer/' || $2, now())`, member, q, n)
	}
	title := func(member, q, annual string) {
		db.MustExec(`INSERT INTO honors (subject_kind, subject_id, kind, period, year, consecutive, round_id, awarded_at, basis, conferred_in)
			VALUES ('member', $1, 'excellent_member', $2, substr($2, 1, 4)::int, 4, 'pioneer/' || $2, now(), '连续四次', $3)`, member, q, annual)
		db.MustExec(`INSERT INTO round_results (round_id, subject_id, kind, branch_id, member_id, outcome, decided_at)
			VALUES ($2, $1, 'annual', 'b1', $1, 'awarded', now())`, member, annual)
		db.MustExec(`INSERT INTO titles (unit_id, person, holder, kind, level, name, conferred_by, conferred_on, source, round_id)
			VALUES ('u1', $1, $1, 'excellent-member', 'committee', '优秀共产党员', '党委', '2027-01-20', 'annual', $2)`, member, annual)
		db.MustExec(`INSERT INTO title_events (title_id, seq, action, status, by_whom, at)
			SELECT id, 1, 'confer', 'active', '党委', now() FROM titles WHERE holder = $1`, member)
	}
	for i, q := range []string{"2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"} {
		post("across", q, i+1)
	}
	title("across", "2027-Q1", "annual/2027")
	for i, q := range []string{"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"} {
		post("inside", q, i+1)
	}
	title("inside", "2026-Q4", "annual/2026")
	// A member posted from 2025-Q4 through 2026-Q4: counted on, the title fell on 2026-Q3; the
	// four quarters of 2026 still earn it, and it now rests on 2026-Q4.
	db.MustExec(`INSERT INTO members (id, name, branch_id) VALUES ('five', '丙', 'b1')`)
	db.MustExec(`INSERT INTO rounds (id, kind, period, config, opened_at) VALUES ('pioneer/2025-Q4', 'pioneer', '2025-Q4', '{}', now())`)
	for i, q := range []string{"2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"} {
		post("five", q, i+1)
	}
	db.MustExec(`INSERT INTO honors (subject_kind, subject_id, kind, period, year, consecutive, round_id, awarded_at, basis, conferred_in)
		VALUES ('member', 'five', 'excellent_member', '2026-Q3', 2026, 4, 'pioneer/2026-Q3', now(), '连续4次获党员先锋岗（至 2026-Q3）', 'annual/2026')`)
	// A branch flagged 2025-H2, 2026-H1 and 2026-H2: counted on, its title fell on 2026-H1;
	// inside the year both halves of 2026 still earn it, and it now rests on 2026-H2.
	for _, h := range []string{"2025-H2", "2026-H1", "2026-H2"} {
		db.MustExec(`INSERT INTO rounds (id, kind, period, config, opened_at) VALUES ('redflag/' || $1, 'redflag', $1, '{}', now())`, h)
	}
	for i, h := range []string{"2025-H2", "2026-H1", "2026-H2"} {
		db.MustExec(`INSERT INTO honors (subject_kind, subject_id, kind, period, year, consecutive, round_id, awarded_at)
			VALUES ('branch', 'b1', 'red_flag', $1, substr($1, 1, 4)::int, $2, 'redflag/' || $1, now())`, h, i+1)
	}
	db.MustExec(`INSERT INTO honors (subject_kind, subject_id, kind, period, year, consecutive, round_id, awarded_at, basis, conferred_in)
		VALUES ('branch', 'b1', 'advanced_branch', '2026-H1', 2026, 2, 'redflag/2026-H1', now(), '连续两次', 'annual/2026')`)

	require.NoError(t, schema.Migrate(ctx, db.DB))
	var counts []string
	require.NoError(t, db.Select(&counts, `SELECT subject_id || ' ' || period || ' ' || consecutive FROM honors
		WHERE kind = 'pioneer_post' ORDER BY subject_id, period`))
	require.Equal(t, []string{"across 2026-Q2 1", "across 2026-Q3 2", "across 2026-Q4 3", "across 2027-Q1 1",
		"five 2025-Q4 1", "five 2026-Q1 1", "five 2026-Q2 2", "five 2026-Q3 3", "five 2026-Q4 4",
		"inside 2026-Q1 1", "inside 2026-Q2 2", "inside 2026-Q3 3", "inside 2026-Q4 4"}, counts)
	reason := "按年度重新计数：党员先锋岗 2027-Q1 为本年度连续第 1 次，2027 年内没有连续 4 次"
	var revoked []string
	require.NoError(t, db.Select(&revoked, `SELECT subject_id || ' ' || revoked_reason FROM honors
		WHERE kind IN ('excellent_member', 'advanced_branch') AND revoked_at IS NOT NULL`))
	require.Equal(t, []string{"across " + reason}, revoked, "only the title the streak across the year earned")
	var moved []string
	require.NoError(t, db.Select(&moved, `SELECT h.period || ' ' || h.consecutive || ' ' || h.round_id || ' ' || h.basis || ' ' || s.was_period
		FROM honors h JOIN streak_recounts s ON s.subject_id = h.subject_id AND s.kind = h.kind AND s.period = h.period
		WHERE h.subject_id = 'five' AND h.kind = 'excellent_member' AND h.revoked_at IS NULL`))
	require.Equal(t, []string{"2026-Q4 4 pioneer/2026-Q4 连续4次获党员先锋岗（至 2026-Q4） 2026-Q3"}, moved,
		"the member's title stays, resting on the four quarters of 2026")
	var flags []string
	require.NoError(t, db.Select(&flags, `SELECT kind || ' ' || period || ' ' || consecutive FROM honors WHERE subject_id = 'b1' ORDER BY kind, period`))
	require.Equal(t, []string{"advanced_branch 2026-H2 2", "red_flag 2025-H2 1", "red_flag 2026-H1 1", "red_flag 2026-H2 2"}, flags,
		"the branch's title stays, resting on both halves of 2026")
	var results []string
	require.NoError(t, db.Select(&results, `SELECT subject_id || ' ' || outcome || ' ' || reason FROM round_results ORDER BY subject_id`))
	require.Equal(t, []string{"across revoked 撤销：" + reason, "inside awarded "}, results)
	var register []string
	require.NoError(t, db.Select(&register, `SELECT t.holder || ' ' || t.status || ' ' || e.action || ' ' || e.reason FROM titles t
		JOIN title_events e ON e.title_id = t.id AND e.seq = (SELECT max(seq) FROM title_events WHERE title_id = t.id) ORDER BY t.holder`))
	require.Equal(t, []string{"across revoked revoke " + reason, "inside active confer "}, register)
	var listed []string
	require.NoError(t, db.Select(&listed, `SELECT subject_id || ' ' || kind || ' ' || period || ' ' || was || '->' || now || ' ' || revoked
		FROM streak_recounts ORDER BY kind, period`))
	require.Equal(t, []string{"b1 advanced_branch 2026-H2 2->2 false", "five excellent_member 2026-Q4 4->4 false",
		"across excellent_member 2027-Q1 4->1 true",
		"five pioneer_post 2026-Q1 2->1 false", "five pioneer_post 2026-Q2 3->2 false", "five pioneer_post 2026-Q3 4->3 false",
		"five pioneer_post 2026-Q4 5->4 false", "across pioneer_post 2027-Q1 4->1 false",
		"b1 red_flag 2026-H1 2->1 false", "b1 red_flag 2026-H2 3->2 false"}, listed)

	_, err = p.DownTo(ctx, 20)
	require.NoError(t, err, "stepping down restores the counts")
	require.NoError(t, db.Select(&counts, `SELECT consecutive::text FROM honors WHERE subject_id = 'across' AND period = '2027-Q1' ORDER BY kind`))
	require.Equal(t, []string{"4", "4"}, counts)
	require.NoError(t, db.Select(&flags, `SELECT kind || ' ' || period || ' ' || consecutive FROM honors WHERE subject_id = 'b1' ORDER BY kind, period`))
	require.Equal(t, []string{"advanced_branch 2026-H1 2", "red_flag 2025-H2 1", "red_flag 2026-H1 2", "red_flag 2026-H2 3"}, flags)
	var back string
	require.NoError(t, db.Get(&back, `SELECT period || ' ' || round_id FROM honors WHERE subject_id = 'five' AND kind = 'excellent_member'`))
	require.Equal(t, "2026-Q3 pioneer/2026-Q3", back)
	require.NoError(t, schema.Migrate(ctx, db.DB))
}

// Decisions to proceed without a unit's inspection, kept by earlier builds under
// unit/<unit>/<id> or under the plain id, become that unit's decisions under their own id; a
// campaign's decisions stay the campaign's; afterwards the same id may be one decision of two
// units, and stepping down and up again keeps every row.
func TestProceedDecisionsOfEarlierBuildsBecomeTheirUnits(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	p, err := schema.Provider(db.DB)
	require.NoError(t, err)
	_, err = p.DownTo(ctx, 21)
	require.NoError(t, err)
	db.MustExec(`INSERT INTO standards (id, name, mode, max_points, pass_points, step, digest, document)
		VALUES ('s', '标准', 'additive', 100, 90, 0.5, 'd', '{}')`)
	db.MustExec(`INSERT INTO campaigns (id, title, standard_id, standard_digest, timezone, plan) VALUES ('c', '活动', 's', 'd', 'Asia/Shanghai', '{}')`)
	decide := func(id, kind, detail string) {
		db.MustExec(`INSERT INTO campaign_decisions (campaign_id, submission_id, kind, detail, decided_by, decided_at)
			VALUES ('c', $1, $2, $3::jsonb, '主任', now())`, id, kind, detail)
	}
	decide("unit/culture/s-1", "proceed", `{"step": "inspect", "unit": "culture", "reason": "闭馆维修"}`)
	decide("s-2", "proceed", `{"step": "inspect", "unit": "water", "reason": "汛期"}`)
	decide("s-3", "proceed", `{"step": "consult", "reason": "纪工委逾期"}`)
	decide("s-4", "tie", `{"winners": ["a"]}`)

	rows := func() []string {
		var got []string
		require.NoError(t, db.Select(&got, `SELECT unit_id || '|' || submission_id || '|' || kind FROM campaign_decisions`))
		slices.Sort(got)
		return got
	}
	want := []string{"culture|s-1|proceed", "water|s-2|proceed", "|s-3|proceed", "|s-4|tie"}
	for range 2 {
		_, err = p.UpTo(ctx, 22)
		require.NoError(t, err)
		require.Equal(t, want, rows())
		_, err = p.DownTo(ctx, 21)
		require.NoError(t, err)
	}
	require.NoError(t, schema.Migrate(ctx, db.DB))
	require.Equal(t, want, rows())
	decide2 := `INSERT INTO campaign_decisions (campaign_id, unit_id, submission_id, kind, detail, decided_by, decided_at)
		VALUES ('c', $1, 's-1', 'proceed', '{}', '主任', now())`
	db.MustExec(decide2, "water")
	_, err = db.Exec(decide2, "culture")
	require.Error(t, err, "the same id sent twice to one unit is one decision")
}

// The audit lines written before the log was chained are chained in the order they were
// written, and the lines after them follow on: the whole log checks out; stepping down and up
// again chains it the same way.
func TestAuditLinesOfEarlierBuildsAreChained(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	p, err := schema.Provider(db.DB)
	require.NoError(t, err)
	_, err = p.DownTo(ctx, 27)
	require.NoError(t, err)
	for i, s := range []string{"受理", "不予受理：逾期\n未报", "ballots: 12"} {
		db.MustExec(`INSERT INTO audit_log (kind, target, submission_id, actor, accepted, summary) VALUES ('declare', 'campaign/c/unit/u', $1, '张三', $2, $3)`,
			fmt.Sprintf("s-%d", i), i != 1, s)
	}
	var heads []string
	for range 2 {
		require.NoError(t, schema.Migrate(ctx, db.DB))
		c, err := store.CheckAuditChain(ctx, db, nil)
		require.NoError(t, err)
		require.Empty(t, c.Breaks)
		require.Equal(t, int64(3), c.Rows)
		heads = append(heads, c.HeadHash)
		_, err = p.DownTo(ctx, 27)
		require.NoError(t, err)
	}
	assert.Equal(t, heads[0], heads[1])
	require.NoError(t, schema.Migrate(ctx, db.DB))
	require.NoError(t, store.RecordAudit(ctx, db, store.Audit{Kind: "inspect", Target: "campaign/c/unit/u", SubmissionID: "s-9", Actor: "检查组", Accepted: true}))
	c, err := store.CheckAuditChain(ctx, db, nil)
	require.NoError(t, err)
	assert.Empty(t, c.Breaks)
	assert.Equal(t, int64(4), c.HeadSeq)
}

// In a database whose encoding is not UTF-8 (an office's older server in GB encoding), the
// chain's lengths are still those of the UTF-8 bytes: lines with Chinese check out.
func TestTheAuditChainHoldsInAGBDatabase(t *testing.T) {
	ctx := context.Background()
	admin, err := sqlx.Open("postgres", pgtest.URL())
	require.NoError(t, err)
	name := fmt.Sprintf("wm_gb_%d", time.Now().UnixNano())
	admin.MustExec(`CREATE DATABASE ` + name + ` ENCODING 'EUC_CN' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'`)
	t.Cleanup(func() {
		admin.MustExec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
		admin.Close()
	})
	db, err := sqlx.Open("postgres", postgres.WithDatabase(pgtest.URL(), name))
	require.NoError(t, err)
	defer db.Close()
	var encoding string
	require.NoError(t, db.Get(&encoding, `SHOW server_encoding`))
	require.Equal(t, "EUC_CN", encoding)
	require.NoError(t, schema.Migrate(ctx, db.DB))
	require.NoError(t, store.RecordAudit(ctx, db, store.Audit{Kind: "declare", Target: "campaign/c/unit/u", SubmissionID: "s-1",
		Actor: "市财政局 张三", Accepted: false, Reason: "申报截止时间已过", Summary: "申报材料 120 字"}))
	c, err := store.CheckAuditChain(ctx, db, nil)
	require.NoError(t, err)
	assert.Empty(t, c.Breaks)
	assert.Equal(t, int64(1), c.Rows)
}
