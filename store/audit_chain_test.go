package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/testenv/pgtest"
)

// Audit lines written side by side by many writers form one unbroken chain, numbered in the
// order they were committed, each row's hash the one the rule gives (Chinese text and line
// breaks included); writing a line again adds nothing.
func TestTheAuditLogIsOneChain(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				a := Audit{Kind: "declare", Target: fmt.Sprintf("campaign/c/unit/u%d", w), SubmissionID: fmt.Sprintf("s-%d", i),
					Actor: "市财政局 张三", Accepted: i%3 != 0, Reason: "逾期\n未报", Summary: "report of 12 characters"}
				if !assert.NoError(t, RecordAudit(ctx, db, a)) {
					return
				}
				assert.NoError(t, RecordAudit(ctx, db, a), "again: nothing added")
			}
		}()
	}
	wg.Wait()
	c, err := CheckAuditChain(ctx, db, nil)
	require.NoError(t, err)
	assert.Empty(t, c.Breaks)
	assert.Equal(t, int64(80), c.Rows)
	assert.Equal(t, int64(80), c.HeadSeq)
	var head []byte
	require.NoError(t, db.Get(&head, `SELECT row_hash FROM audit_log WHERE chain_seq = 80`))
	assert.Equal(t, fmt.Sprintf("%x", head), c.HeadHash)
}

// A row changed after it was written is found where it is; a row deleted is found at the row
// after the gap; a row changed with its own hash worked out again breaks the link of the row
// after it.
func TestTheAuditChainFindsEditedAndDeletedRows(t *testing.T) {
	tests := []struct {
		name   string
		tamper string
		want   []AuditBreak
	}{
		{"nothing changed", ``, nil},
		{"a summary edited", `UPDATE audit_log SET summary = 'ballots: 0' WHERE chain_seq = 3`,
			[]AuditBreak{{Seq: 3, What: BreakEdited}}},
		{"an actor edited", `UPDATE audit_log SET actor = '主任' WHERE chain_seq = 5`,
			[]AuditBreak{{Seq: 5, What: BreakEdited}}},
		{"a refusal made an acceptance", `UPDATE audit_log SET accepted = true WHERE chain_seq = 1`,
			[]AuditBreak{{Seq: 1, What: BreakEdited}}},
		{"a row deleted", `DELETE FROM audit_log WHERE chain_seq = 4`,
			[]AuditBreak{{Seq: 5, What: BreakDeleted, Gone: 1}}},
		{"the first two rows deleted", `DELETE FROM audit_log WHERE chain_seq <= 2`,
			[]AuditBreak{{Seq: 3, What: BreakDeleted, Gone: 2}}},
		{"a row edited and its hash worked out again", `UPDATE audit_log SET summary = 'x',
			row_hash = audit_row_hash(prev_hash, chain_seq, kind, target, submission_id, actor, accepted, reason, 'x', recorded_at)
			WHERE chain_seq = 2`,
			[]AuditBreak{{Seq: 3, What: BreakLink}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := pgtest.Fresh(t)
			ctx := context.Background()
			for i := range 6 {
				require.NoError(t, RecordAudit(ctx, db, Audit{Kind: "inspect", Target: "campaign/c/unit/finance",
					SubmissionID: fmt.Sprintf("s-%d", i), Actor: "检查组", Accepted: i != 0, Summary: "actual base 96"}))
			}
			if tt.tamper != "" {
				db.MustExec(tt.tamper)
			}
			c, err := CheckAuditChain(ctx, db, nil)
			require.NoError(t, err)
			var got []AuditBreak
			for _, b := range c.Breaks {
				got = append(got, AuditBreak{Seq: b.Seq, What: b.What, Gone: b.Gone})
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// Checked against a head noted earlier, the chain shows rows deleted from its end, and a
// chain worked out again from some row on, which no link inside it shows.
func TestTheAuditChainKeepsTheHeadNotedEarlier(t *testing.T) {
	tests := []struct {
		name   string
		tamper string
		broken bool
	}{
		{"lines added since", `SELECT 1`, false},
		{"the last lines deleted", `DELETE FROM audit_log WHERE chain_seq >= 4`, true},
		{"the chain worked out again from a row on", `UPDATE audit_log SET summary = 'x', recorded_at = recorded_at + interval '1 second' WHERE chain_seq = 2`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := pgtest.Fresh(t)
			ctx := context.Background()
			write := func(from, to int) {
				for i := from; i < to; i++ {
					require.NoError(t, RecordAudit(ctx, db, Audit{Kind: "declare", Target: "campaign/c/unit/u", SubmissionID: fmt.Sprintf("s-%d", i), Actor: "张三", Accepted: true}))
				}
			}
			write(0, 4)
			c, err := CheckAuditChain(ctx, db, nil)
			require.NoError(t, err)
			noted := &AuditHead{Seq: c.HeadSeq, Hash: c.HeadHash}
			write(4, 6)
			db.MustExec(tt.tamper)
			// whoever rewrote a row works the chain out again after it, as the rule says
			db.MustExec(`DO $$ DECLARE r record; prev bytea; BEGIN
				FOR r IN SELECT * FROM audit_log ORDER BY chain_seq LOOP
					IF prev IS NOT NULL THEN
						UPDATE audit_log SET prev_hash = prev, row_hash = audit_row_hash(prev, r.chain_seq, r.kind, r.target, r.submission_id,
							r.actor, r.accepted, r.reason, r.summary, r.recorded_at) WHERE chain_seq = r.chain_seq RETURNING row_hash INTO prev;
					ELSE
						UPDATE audit_log SET row_hash = audit_row_hash(r.prev_hash, r.chain_seq, r.kind, r.target, r.submission_id,
							r.actor, r.accepted, r.reason, r.summary, r.recorded_at) WHERE chain_seq = r.chain_seq RETURNING row_hash INTO prev;
					END IF;
				END LOOP; END $$`)
			unnoted, err := CheckAuditChain(ctx, db, nil)
			require.NoError(t, err)
			assert.Empty(t, unnoted.Breaks, "without the head, a chain worked out again holds together")
			c, err = CheckAuditChain(ctx, db, noted)
			require.NoError(t, err)
			if !tt.broken {
				assert.Empty(t, c.Breaks)
				return
			}
			require.Len(t, c.Breaks, 1)
			assert.Equal(t, AuditBreak{Seq: noted.Seq, What: BreakHead}, c.Breaks[0])
		})
	}
}

// A transaction that wrote an audit line and goes on working holds no other audit writer
// back: the chain links rows as their transactions commit, in the order they commit, and a
// transaction's own rows in the order it wrote them.
func TestTheAuditChainLinksRowsAsTheyCommit(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	line := func(id string) Audit {
		return Audit{Kind: "ballot-sheet", Target: "round/r/branch/b", SubmissionID: id, Actor: "市直机关工委", Accepted: true}
	}
	long, err := db.BeginTxx(ctx, nil)
	require.NoError(t, err)
	defer long.Rollback() //nolint:errcheck // after the commit, a no-op
	require.NoError(t, audit(ctx, long, line("long-1")))
	require.NoError(t, audit(ctx, long, line("long-2")))

	// With the long transaction still open, another writer's line is written and committed;
	// a deadline, not a wait: it fails the test if the writer is held back.
	quick, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	require.NoError(t, RecordAudit(quick, db, line("quick")), "a writer held back by an open transaction's audit line")
	require.NoError(t, long.Commit())

	var order []string
	require.NoError(t, db.Select(&order, `SELECT submission_id FROM audit_log ORDER BY chain_seq`))
	assert.Equal(t, []string{"quick", "long-1", "long-2"}, order)
	c, err := CheckAuditChain(ctx, db, nil)
	require.NoError(t, err)
	assert.Empty(t, c.Breaks)
	assert.Equal(t, int64(3), c.Rows)
}

// A row written around the chain (its trigger disabled) is on no chain, and the check says so;
// the rows on the chain still hold together.
func TestTheAuditChainFindsRowsWrittenAroundIt(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	for i := range 2 {
		require.NoError(t, RecordAudit(ctx, db, Audit{Kind: "declare", Target: "campaign/c/unit/u", SubmissionID: fmt.Sprintf("s-%d", i), Actor: "张三", Accepted: true}))
	}
	tx := db.MustBegin()
	tx.MustExec(`ALTER TABLE audit_log DISABLE TRIGGER audit_chain_link_at_commit`)
	tx.MustExec(`INSERT INTO audit_log (kind, target, submission_id, actor, accepted, reason, summary, recorded_at)
		VALUES ('approve', 'round/r', 'forged', '主任', true, '', '', now())`)
	tx.MustExec(`ALTER TABLE audit_log ENABLE TRIGGER audit_chain_link_at_commit`)
	require.NoError(t, tx.Commit())

	c, err := CheckAuditChain(ctx, db, nil)
	require.NoError(t, err)
	require.Len(t, c.Breaks, 1)
	b := c.Breaks[0]
	assert.Equal(t, BreakOutside, b.What)
	assert.Equal(t, "round/r", b.Target)
	assert.Equal(t, int64(3), c.Rows)
	assert.Equal(t, int64(2), c.HeadSeq, "the head is the chain's")
}
