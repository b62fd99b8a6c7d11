package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"
)

// The audit log is a hash chain (migration 00028 writes it): each row holds the hash of the
// row before it and its own, sha256(previous hash || its fields), so that a row edited or
// deleted afterwards breaks the chain where it was. AuditHash is the same hash as the
// database's audit_row_hash, worked out apart from it: a database whose function was replaced
// is still checked against the rule.

// ChainedAudit is an audit row as the chain holds it.
type ChainedAudit struct {
	Seq          int64     `db:"chain_seq"`
	ID           int64     `db:"id"`
	Kind         string    `db:"kind"`
	Target       string    `db:"target"`
	SubmissionID string    `db:"submission_id"`
	Actor        string    `db:"actor"`
	Accepted     bool      `db:"accepted"`
	Reason       string    `db:"reason"`
	Summary      string    `db:"summary"`
	At           time.Time `db:"recorded_at"`
	Prev         []byte    `db:"prev_hash"`
	Hash         []byte    `db:"row_hash"`
}

// AuditHash is a row's hash after prev: each field as <length in bytes>:<text>, so that no
// two rows' fields run together into the same text.
func AuditHash(prev []byte, a ChainedAudit) []byte {
	accepted := "f"
	if a.Accepted {
		accepted = "t"
	}
	h := sha256.New()
	h.Write(prev)
	for _, f := range []string{strconv.FormatInt(a.Seq, 10), a.Kind, a.Target, a.SubmissionID, a.Actor, accepted,
		a.Reason, a.Summary, a.At.UTC().Format("2006-01-02T15:04:05.000000Z")} {
		fmt.Fprintf(h, "%d:%s", len(f), f)
	}
	return h.Sum(nil)
}

// AuditBreak is where the chain is broken: Gone rows are missing before Seq (deleted), or the
// row at Seq was changed after it was written (Edited), or its link to the row before does
// not hold (a row before it was changed or deleted).
type AuditBreak struct {
	Seq    int64
	ID     int64  `db:"id"`
	Kind   string `db:"kind"`
	Target string `db:"target"`
	What   BreakKind
	Gone   int64 // rows missing before Seq
}

// BreakKind says how the chain is broken at a row.
type BreakKind string

const (
	BreakDeleted BreakKind = "deleted" // rows before this one are gone
	BreakLink    BreakKind = "link"    // the row before this one is not the one it was written after
	BreakEdited  BreakKind = "edited"  // this row's fields are not those it was written with
	BreakHead    BreakKind = "head"    // the head noted earlier is not on the chain as it was
	BreakOutside BreakKind = "outside" // this row is on no chain: written with the chain's trigger disabled
)

// AuditHead is a head of the chain noted earlier (`audit verify` prints it): the row at Seq
// had Hash. Checked against it, the chain shows rows deleted from its end too, and a chain
// rewritten from some row on.
type AuditHead struct {
	Seq  int64
	Hash string // hex
}

// AuditCheck is what a walk along the chain found: the rows, the head (the last row and its
// hash, to be noted elsewhere: a row deleted from the end leaves no break behind it) and every
// break.
type AuditCheck struct {
	Rows     int64
	HeadSeq  int64
	HeadHash string
	Breaks   []AuditBreak // the first maxBreaks, and the noted head's when it is not on the chain
	Broken   int          // how many breaks in all
}

// maxBreaks bounds the breaks a check lists (it counts them all): past it, the log is plainly
// not to be trusted.
const maxBreaks = 50

// CheckAuditChain walks the audit log in chain order and checks every link and every row's
// hash, and the head noted earlier when there is one.
func CheckAuditChain(ctx context.Context, db *sqlx.DB, noted *AuditHead) (AuditCheck, error) {
	rows, err := db.QueryxContext(ctx, `SELECT chain_seq, id, kind, target, submission_id, actor, accepted, reason, summary,
		recorded_at, prev_hash, row_hash FROM audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq`)
	if err != nil {
		return AuditCheck{}, fmt.Errorf("read the audit log: %w", err)
	}
	defer rows.Close()
	var c AuditCheck
	var prev ChainedAudit
	for rows.Next() {
		var a ChainedAudit
		if err := rows.StructScan(&a); err != nil {
			return AuditCheck{}, fmt.Errorf("read the audit log: %w", err)
		}
		c.Rows++
		c.check(prev, a)
		if noted != nil && a.Seq == noted.Seq && hex.EncodeToString(a.Hash) == noted.Hash {
			noted = nil // found as it was
		}
		prev = a
	}
	if err := rows.Err(); err != nil {
		return AuditCheck{}, fmt.Errorf("read the audit log: %w", err)
	}
	c.HeadSeq, c.HeadHash = prev.Seq, hex.EncodeToString(prev.Hash)
	if noted != nil {
		c.Breaks, c.Broken = append(c.Breaks, AuditBreak{Seq: noted.Seq, What: BreakHead}), c.Broken+1
	}
	if err := c.outside(ctx, db); err != nil {
		return AuditCheck{}, err
	}
	return c, nil
}

// outside adds the rows on no chain. A committed row is always linked (a deferred trigger
// links it as its transaction commits): one that is not was written around the chain.
func (c *AuditCheck) outside(ctx context.Context, db *sqlx.DB) error {
	var rows []AuditBreak
	if err := db.SelectContext(ctx, &rows, `SELECT id, kind, target FROM audit_log WHERE chain_seq IS NULL ORDER BY id`); err != nil {
		return fmt.Errorf("read the audit log: %w", err)
	}
	for _, b := range rows {
		b.What = BreakOutside
		c.Rows++
		c.add(b)
	}
	return nil
}

// check checks row a, which follows prev in the chain (prev is zero for the first row).
func (c *AuditCheck) check(prev, a ChainedAudit) {
	at := AuditBreak{Seq: a.Seq, ID: a.ID, Kind: a.Kind, Target: a.Target}
	if gone := a.Seq - prev.Seq - 1; gone > 0 {
		at.What, at.Gone = BreakDeleted, gone
		c.add(at)
	} else if !bytes.Equal(a.Prev, prev.Hash) && !(prev.Seq == 0 && len(a.Prev) == 0) {
		at.What = BreakLink
		c.add(at)
	}
	if !bytes.Equal(AuditHash(a.Prev, a), a.Hash) {
		at.What, at.Gone = BreakEdited, 0
		c.add(at)
	}
}

func (c *AuditCheck) add(b AuditBreak) {
	c.Broken++
	if len(c.Breaks) < maxBreaks {
		c.Breaks = append(c.Breaks, b)
	}
}
