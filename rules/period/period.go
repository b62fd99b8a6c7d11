// Package period names the evaluation periods: quarters for pioneer posts (2026-Q3),
// half-years for red-flag branches (2026-H2) and years for the year-end commendation (2026);
// which period a scheduled run evaluates (the one
// just ended), and which period came before, for consecutive awards.
package period

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"wenming/msg"
)

// Kind is quarterly, half-yearly or yearly.
type Kind string

// The kinds of period.
const (
	Quarter  Kind = "Q"
	HalfYear Kind = "H"
	Year     Kind = "Y" // written as the year alone: 2026
)

// Period is one quarter, half-year or year.
type Period struct {
	Year int
	Kind Kind
	N    int // 1..4 for quarters, 1..2 for half-years, 1 for a year
}

var (
	pattern     = regexp.MustCompile(`^(\d{4})-([QH])([1-4])$`)
	yearPattern = regexp.MustCompile(`^\d{4}$`)
)

// Parse reads "2026-Q3", "2026-H2" or "2026".
func Parse(s string) (Period, error) {
	if yearPattern.MatchString(s) {
		y, _ := strconv.Atoi(s)
		return Period{Year: y, Kind: Year, N: 1}, nil
	}
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

// String is "2026-Q3", or "2026" for a year.
func (p Period) String() string {
	if p.Kind == Year {
		return fmt.Sprintf("%04d", p.Year)
	}
	return fmt.Sprintf("%04d-%s%d", p.Year, p.Kind, p.N)
}

func (p Period) perYear() int {
	switch p.Kind {
	case Quarter:
		return 4
	case HalfYear:
		return 2
	}
	return 1
}

// Last is the last period of kind k in the period p (the fourth quarter of a year).
func (p Period) Last(k Kind) Period {
	end := p.End(time.UTC).Add(-time.Nanosecond)
	return Containing(k, end, time.UTC)
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
