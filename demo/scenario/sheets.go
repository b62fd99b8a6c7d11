package scenario

import (
	"fmt"
	"os"
	"strings"

	"wenming/rules/points"
	"wenming/rules/standard"
)

// LoadStandard reads a shipped standard.
func (d *Driver) LoadStandard(id string) (*standard.Standard, error) {
	b, err := os.ReadFile(d.Path("standards/" + id + ".yaml"))
	if err != nil {
		return nil, err
	}
	return standard.Parse(id+".yaml", b)
}

// ScoreSheet writes an additive sheet whose base adds up to `base`: items keep their maximum
// except the last ones, lowered as needed; bonus rows (e.g. "national,6") follow.
func (d *Driver) ScoreSheet(name string, s *standard.Standard, base string, bonus ...string) (string, error) {
	target, err := points.Parse(base)
	if err != nil {
		return "", err
	}
	off := s.Max() - target
	items := s.Items()
	scores := make([]points.Points, len(items))
	for i := len(items) - 1; i >= 0; i-- {
		take := min(off, items[i].Max)
		scores[i], off = items[i].Max-take, off-take
	}
	var b strings.Builder
	b.WriteString("item,score\n")
	for i, it := range items {
		fmt.Fprintf(&b, "%s,%s\n", it.ID, scores[i])
	}
	for _, row := range bonus {
		b.WriteString(row + "\n")
	}
	return d.Write(name, b.String())
}
