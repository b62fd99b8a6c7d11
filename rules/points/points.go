// Package points is exact arithmetic on scores. Forms score in steps of 0.5 or 1 and sums of
// many such scores must never drift, so a score is held in hundredths of a point.
package points

import (
	"strconv"
	"strings"

	"wenming/msg"

	"gopkg.in/yaml.v3"
)

// Points is a score in hundredths of a point: 97.5 points is Points(9750).
type Points int64

// One is a whole point.
const One Points = 100

// Of returns n whole points.
func Of(n int) Points { return Points(n) * One }

// Parse reads a decimal number with at most two decimals ("6", "0.5", "97.25").
func Parse(s string) (Points, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, msg.Err("problem.points.empty")
	}
	neg := strings.HasPrefix(s, "-")
	digits := strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	whole, frac, hasDot := strings.Cut(digits, ".")
	if whole == "" && frac == "" || hasDot && frac == "" && whole == "" {
		return 0, msg.Err("problem.points.not", "Text", s)
	}
	if len(frac) > 2 {
		frac = strings.TrimRight(frac, "0")
		if len(frac) > 2 {
			return 0, msg.Err("problem.points.decimals", "Text", s)
		}
	}
	if !allDigits(whole) || !allDigits(frac) || len(whole) > 12 {
		return 0, msg.Err("problem.points.not", "Text", s)
	}
	w, _ := strconv.ParseInt("0"+whole, 10, 64)
	f, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
	p := Points(w*100 + f)
	if neg {
		p = -p
	}
	return p, nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Float is the score as a float64, for output only.
func (p Points) Float() float64 { return float64(p) / 100 }

// String prints the score without trailing zeros: "97.5", "105", "0.25".
func (p Points) String() string {
	return strconv.FormatFloat(p.Float(), 'f', -1, 64)
}

// OnGrid reports whether p is a whole multiple of step (a step of 0 allows any value).
func (p Points) OnGrid(step Points) bool {
	return step <= 0 || p%step == 0
}

// FromFloat converts a float read from storage or JSON, rounding to the nearest hundredth.
func FromFloat(f float64) Points {
	if f < 0 {
		return -Points(-f*100 + 0.5)
	}
	return Points(f*100 + 0.5)
}

// MarshalJSON writes the score as a JSON number.
func (p Points) MarshalJSON() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalJSON reads a JSON number (or a quoted one).
func (p *Points) UnmarshalJSON(b []byte) error {
	v, err := Parse(strings.Trim(string(b), `"`))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// MarshalYAML writes the score as a YAML number.
func (p Points) MarshalYAML() (any, error) { return p.Float(), nil }

// UnmarshalYAML reads a YAML number; a problem names the line it is on.
func (p *Points) UnmarshalYAML(n *yaml.Node) error {
	v, err := Parse(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil {
		return msg.Err("problem.points.yaml", "Line", n.Line, "Text", n.Value)
	}
	*p = v
	return nil
}

// Sum adds scores.
func Sum(ps ...Points) Points {
	var t Points
	for _, p := range ps {
		t += p
	}
	return t
}
