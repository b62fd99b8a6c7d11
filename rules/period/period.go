// Package period names the evaluation periods: quarters for pioneer posts (2026-Q3) and
// half-years for red-flag branches (2026-H2); which period a scheduled run evaluates (the one
// just ended), and which period came before, for consecutive awards.
package period

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"wenming/msg"
)

// Kind is quarterly or half-yearly.
type Kind string

// The two kinds of period.
const (
	Quarter  Kind = "Q"
	HalfYear Kind = "H"
)

// Period is one quarter or half-year.
type Period struct {
	Year int
	Kind Kind
	N    int // 1..4 for quarters, 1..2 for half-years
}

var pattern = regexp.MustCompile(`^(\d{4})-([QH])([1-4])$`)

// Parse reads "2026-Q3" or "2026-H2".
func Parse(s string) (Period, error) {
	m := pattern.FindStringSubmatch(s)
	if m == nil {
		return Period{}, msg.Err("problem.period.not", "Text", s)
	}
	y, _ := strconv.Atoi(m[1])
	n, _ := strconv.Atoi(m[3])
	p := Period{Year: y, Kind: Kind(m[2]), N: n}
	if p.Kind == HalfYear && n > 2 {
		return Period{}, msg.Err("problem.period.halves", "Text", s)
	}
	return p, nil
}

// String is "2026-Q3".
func (p Period) String() string { return fmt.Sprintf("%04d-%s%d", p.Year, p.Kind, p.N) }

func (p Period) perYear() int {
	if p.Kind == Quarter {
		return 4
	}
	return 2
}

// Prev is the period before.
func (p Period) Prev() Period {
	if p.N > 1 {
		return Period{p.Year, p.Kind, p.N - 1}
	}
	return Period{p.Year - 1, p.Kind, p.perYear()}
}

// Next is the period after.
func (p Period) Next() Period {
	if p.N < p.perYear() {
		return Period{p.Year, p.Kind, p.N + 1}
	}
	return Period{p.Year + 1, p.Kind, 1}
}

// Start is the first moment of the period in loc.
func (p Period) Start(loc *time.Location) time.Time {
	months := 12 / p.perYear()
	return time.Date(p.Year, time.Month(1+(p.N-1)*months), 1, 0, 0, 0, 0, loc)
}

// End is the first moment after the period in loc.
func (p Period) End(loc *time.Location) time.Time { return p.Next().Start(loc) }

// Containing is the period of kind k that contains t (in loc).
func Containing(k Kind, t time.Time, loc *time.Location) Period {
	local := t.In(loc)
	p := Period{Year: local.Year(), Kind: k}
	months := 12 / p.perYear()
	p.N = (int(local.Month())-1)/months + 1
	return p
}

// JustEnded is the period a run at t evaluates: the last one that ended at or before t. A
// round on 1 January evaluates the fourth quarter (or second half) of the year before.
func JustEnded(k Kind, t time.Time, loc *time.Location) Period {
	return Containing(k, t, loc).Prev()
}

// Contains reports whether t (in loc) lies in the period.
func (p Period) Contains(t time.Time, loc *time.Location) bool {
	return !t.Before(p.Start(loc)) && t.Before(p.End(loc))
}
