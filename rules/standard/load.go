package standard

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"wenming/rules/problem"
)

// Parse decodes and validates a standard file. name is used in problems.
func Parse(name string, data []byte) (*Standard, error) {
	var s Standard
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, problem.New(name, 0, "", "the file is empty")
		}
		return nil, problem.New(name, 0, "", "not a valid standard file: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if err := s.Validate(name); err != nil {
		return nil, err
	}
	return &s, nil
}

// Marshal writes the standard in the product's YAML format.
func (s *Standard) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

// Digest identifies the content of the standard: two files with the same id and different
// items get different digests.
func (s *Standard) Digest() string {
	b, _ := s.Marshal()
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// The custom decoders remember the line each element starts on, for problems.

func (it *Item) UnmarshalYAML(n *yaml.Node) error {
	type plain Item
	if err := n.Decode((*plain)(it)); err != nil {
		return err
	}
	it.Line = n.Line
	return nil
}

func (sec *Section) UnmarshalYAML(n *yaml.Node) error {
	type plain Section
	if err := n.Decode((*plain)(sec)); err != nil {
		return err
	}
	sec.Line = n.Line
	return nil
}

func (g *BonusGroup) UnmarshalYAML(n *yaml.Node) error {
	type plain BonusGroup
	if err := n.Decode((*plain)(g)); err != nil {
		return err
	}
	g.Line = n.Line
	return nil
}

func (v *Veto) UnmarshalYAML(n *yaml.Node) error {
	type plain Veto
	if err := n.Decode((*plain)(v)); err != nil {
		return err
	}
	v.Line = n.Line
	return nil
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// ValidID reports whether s can be an id: letters, digits, '-', '_', '.', at most 64.
// Ids go into workflow ids and search attributes, so they stay plain ASCII.
func ValidID(s string) bool { return idPattern.MatchString(s) }

// Validate reports every problem of the standard at once.
func (s *Standard) Validate(name string) error {
	l := problem.In(name)
	if !ValidID(s.ID) {
		l.Add(0, "id", "%q is not a valid id (letters, digits, '-', '_' or '.', at most 64)", s.ID)
	}
	if strings.TrimSpace(s.Name) == "" {
		l.Add(0, "name", "the standard needs a name")
	}
	if s.Step <= 0 {
		l.Add(0, "step", "the score step must be above 0 (e.g. 0.5 or 1)")
	}
	s.validateMode(l)
	seen := map[string]int{}
	dupe := func(line int, id string) {
		if prev, ok := seen[id]; ok {
			l.Add(line, "id", "item %q appears twice (first on line %d)", id, prev)
		}
		seen[id] = line
	}
	if len(s.Sections) == 0 {
		l.Add(0, "sections", "the standard has no items")
	}
	for _, sec := range s.Sections {
		if strings.TrimSpace(sec.Name) == "" {
			l.Add(sec.Line, "name", "a section needs a name")
		}
		if len(sec.Items) == 0 {
			l.Add(sec.Line, "items", "section %q has no items", sec.Name)
		}
		for _, it := range sec.Items {
			s.validateItem(l, it)
			dupe(it.Line, it.ID)
		}
	}
	if s.Pass < 0 || s.Pass > s.Max() {
		l.Add(0, "pass", "the pass line %s is outside 0..%s (the sum of the items)", s.Pass, s.Max())
	}
	for _, g := range s.Bonus {
		s.validateBonus(l, g)
		for _, it := range g.Items {
			dupe(it.Line, it.ID)
		}
	}
	vetoes := map[string]bool{}
	for _, v := range s.Veto {
		if !ValidID(v.ID) {
			l.Add(v.Line, "id", "veto %q is not a valid id", v.ID)
		}
		if vetoes[v.ID] {
			l.Add(v.Line, "id", "veto %q appears twice", v.ID)
		}
		vetoes[v.ID] = true
		if strings.TrimSpace(v.Text) == "" {
			l.Add(v.Line, "text", "veto %q needs a text", v.ID)
		}
	}
	return l.Err()
}

func (s *Standard) validateMode(l *problem.List) {
	switch s.Mode {
	case Additive:
		if s.Deduction != nil {
			l.Add(0, "deduction", "deduction rules apply only to mode deduction")
		}
	case Deduction:
		d := s.Deduction
		if d == nil {
			l.Add(0, "deduction", "mode deduction needs per_problem and serious amounts")
			return
		}
		if d.PerProblem <= 0 || !d.PerProblem.OnGrid(s.Step) {
			l.Add(0, "deduction.per_problem", "%s must be above 0 and a multiple of the step %s", d.PerProblem, s.Step)
		}
		if d.Serious.Min <= 0 || d.Serious.Min > d.Serious.Max {
			l.Add(0, "deduction.serious", "the range %s-%s must have 0 < min <= max", d.Serious.Min, d.Serious.Max)
		}
		if !d.Serious.Min.OnGrid(s.Step) || !d.Serious.Max.OnGrid(s.Step) {
			l.Add(0, "deduction.serious", "the range %s-%s must be on the step %s", d.Serious.Min, d.Serious.Max, s.Step)
		}
	default:
		l.Add(0, "mode", "%q is not a mode; use additive or deduction", s.Mode)
	}
}

func (s *Standard) validateItem(l *problem.List, it Item) {
	if !ValidID(it.ID) {
		l.Add(it.Line, "id", "%q is not a valid item id", it.ID)
	}
	if strings.TrimSpace(it.Text) == "" {
		l.Add(it.Line, "text", "item %q needs a text", it.ID)
	}
	if it.Max <= 0 {
		l.Add(it.Line, "max", "item %q: the maximum must be above 0", it.ID)
	} else if !it.Max.OnGrid(s.Step) {
		l.Add(it.Line, "max", "item %q: the maximum %s is not a multiple of the step %s", it.ID, it.Max, s.Step)
	}
}

func (s *Standard) validateBonus(l *problem.List, g BonusGroup) {
	if !ValidID(g.Group) {
		l.Add(g.Line, "group", "bonus group %q is not a valid id", g.Group)
	}
	switch g.Rule {
	case Highest:
		if g.Cap != 0 {
			l.Add(g.Line, "cap", "bonus group %q: a cap applies only to rule sum", g.Group)
		}
	case Sum:
		if g.Cap < 0 || !g.Cap.OnGrid(s.Step) {
			l.Add(g.Line, "cap", "bonus group %q: the cap %s must be 0 or more and on the step %s", g.Group, g.Cap, s.Step)
		}
	default:
		l.Add(g.Line, "rule", "bonus group %q: rule %q is not highest or sum", g.Group, g.Rule)
	}
	if len(g.Items) == 0 {
		l.Add(g.Line, "items", "bonus group %q has no items", g.Group)
	}
	for _, it := range g.Items {
		s.validateItem(l, it)
	}
}

// String is a one-line description for logs and listings.
func (s *Standard) String() string {
	return fmt.Sprintf("%s (%s, %s, max %s, pass %s)", s.ID, s.Name, s.Mode, s.Max(), s.Pass)
}
