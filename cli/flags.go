package cli

import (
	"strings"

	"wenming/msg"
	"wenming/rules/points"
	"wenming/rules/standard"
)

// pointsFlag is a score given on the command line ("90", "0.5").
type pointsFlag struct {
	p   points.Points
	set bool
}

func (f *pointsFlag) String() string {
	if !f.set {
		return ""
	}
	return f.p.String()
}

func (f *pointsFlag) Set(s string) error {
	p, err := points.Parse(s)
	if err != nil {
		return err
	}
	if p < 0 {
		return msg.Err("cli.flag.below_zero", "Text", s)
	}
	f.p, f.set = p, true
	return nil
}

func (f *pointsFlag) Type() string { return "points" }

// rangeFlag is an inclusive range of points ("1-2").
type rangeFlag struct {
	r   standard.Range
	set bool
}

func (f *rangeFlag) String() string {
	if !f.set {
		return ""
	}
	return f.r.Min.String() + "-" + f.r.Max.String()
}

func (f *rangeFlag) Set(s string) error {
	lo, hi, ok := strings.Cut(s, "-")
	if !ok {
		return msg.Err("cli.flag.range", "Text", s)
	}
	var a, b pointsFlag
	if err := a.Set(lo); err != nil {
		return err
	}
	if err := b.Set(hi); err != nil {
		return err
	}
	if a.p > b.p {
		return msg.Err("cli.flag.range_order", "Text", s)
	}
	f.r, f.set = standard.Range{Min: a.p, Max: b.p}, true
	return nil
}

func (f *rangeFlag) Type() string { return "range" }
