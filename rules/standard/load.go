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

	"wenming/input/problem"
)

// Parse decodes and validates a standard file. name is used in problems.
func Parse(name string, data []byte) (*Standard, error) {
	var s Standard
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, problem.New(name, 0, "", "problem.sheet.file_empty")
		}
		return nil, problem.New(name, 0, "", "problem.standard.valid_standard_file", "Why", problem.YAMLReason(err))
	}
	if err := s.expandVetoList(name); err != nil {
		return nil, err
	}
	if err := s.Validate(name); err != nil {
		return nil, err
	}
	return &s, nil
}

// expandVetoList puts the events of the named shipped list in the standard's own veto list.
func (s *Standard) expandVetoList(name string) error {
	if s.VetoList == "" {
		return nil
	}
	if len(s.Veto) > 0 {
		return problem.New(name, 0, "veto_list", "problem.standard.veto_list_and_veto")
	}
	l, ok := FindVetoList(s.VetoList)
	if !ok {
		return unknownVetoList(name, s.VetoList)
	}
	s.Veto, s.VetoList = l.Vetoes, ""
	return nil
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
	// A standard naming a shipped veto list digests as the list written out, as it loads.
	// Where the form comes from says nothing of its content: naming it changes no digest.
	c := *s
	c.Source = ""
	_ = c.expandVetoList(s.ID) // a list that does not resolve leaves the standard as written
	s = &c
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
		l.Add(0, "id", "problem.standard.valid_id_letters_digits", "ID", s.ID)
	}
	if strings.TrimSpace(s.Name) == "" {
		l.Add(0, "name", "problem.standard.standard_needs_name")
	}
	if s.Step <= 0 {
		l.Add(0, "step", "problem.standard.score_step_above")
	}
	s.validateMode(l)
	seen := map[string]int{}
	dupe := func(line int, id string) {
		if prev, ok := seen[id]; ok {
			l.Add(line, "id", "problem.standard.item_appears_twice_first_2", "Id", id, "Prev", prev)
		}
		seen[id] = line
	}
	if len(s.Sections) == 0 {
		l.Add(0, "sections", "problem.standard.standard_has_no_items")
	}
	for _, sec := range s.Sections {
		if strings.TrimSpace(sec.Name) == "" {
			l.Add(sec.Line, "name", "problem.standard.section_needs_name")
		}
		if len(sec.Items) == 0 {
			l.Add(sec.Line, "items", "problem.standard.section_has_no_items", "Name", sec.Name)
		}
		if sec.Judged && s.Mode != Deduction {
			l.Add(sec.Line, "judged", "problem.standard.judged_only_deduction", "Name", sec.Name)
		}
		for _, it := range sec.Items {
			s.validateItem(l, it)
			dupe(it.Line, it.ID)
		}
	}
	if s.Pass < 0 || s.Pass > s.Max() {
		l.Add(0, "pass", "problem.standard.pass_line_outside_sum", "Pass", s.Pass, "Max", s.Max())
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
			l.Add(v.Line, "id", "problem.standard.veto_valid_id", "ID", v.ID)
		}
		if vetoes[v.ID] {
			l.Add(v.Line, "id", "problem.standard.veto_appears_twice", "ID", v.ID)
		}
		vetoes[v.ID] = true
		if strings.TrimSpace(v.Text) == "" {
			l.Add(v.Line, "text", "problem.standard.veto_needs_text", "ID", v.ID)
		}
	}
	return l.Err()
}

func (s *Standard) validateMode(l *problem.List) {
	switch s.Mode {
	case Additive:
		if s.Deduction != nil {
			l.Add(0, "deduction", "problem.standard.deduction_rules_apply_only")
		}
	case Deduction:
		d := s.Deduction
		if d == nil {
			l.Add(0, "deduction", "problem.standard.mode_deduction_needs_per")
			return
		}
		if d.PerProblem <= 0 || !d.PerProblem.OnGrid(s.Step) {
			l.Add(0, "deduction.per_problem", "problem.standard.above_multiple_step", "PerProblem", d.PerProblem, "Step", s.Step)
		}
		if d.Serious.Min <= 0 || d.Serious.Min > d.Serious.Max {
			l.Add(0, "deduction.serious", "problem.standard.range_have_min_max", "Min", d.Serious.Min, "Max", d.Serious.Max)
		}
		if !d.Serious.Min.OnGrid(s.Step) || !d.Serious.Max.OnGrid(s.Step) {
			l.Add(0, "deduction.serious", "problem.standard.range_on_step", "Min", d.Serious.Min, "Max", d.Serious.Max, "Step", s.Step)
		}
	default:
		l.Add(0, "mode", "problem.standard.mode_additive_deduction", "Mode", s.Mode)
	}
}

func (s *Standard) validateItem(l *problem.List, it Item) {
	if !ValidID(it.ID) {
		l.Add(it.Line, "id", "problem.standard.valid_item_id", "ID", it.ID)
	}
	if strings.TrimSpace(it.Text) == "" {
		l.Add(it.Line, "text", "problem.standard.item_needs_text", "ID", it.ID)
	}
	if it.Max <= 0 {
		l.Add(it.Line, "max", "problem.standard.item_maximum_above", "ID", it.ID)
	} else if !it.Max.OnGrid(s.Step) {
		l.Add(it.Line, "max", "problem.standard.item_maximum_multiple_step", "ID", it.ID, "Max", it.Max, "Step", s.Step)
	}
}

func (s *Standard) validateBonus(l *problem.List, g BonusGroup) {
	if !ValidID(g.Group) {
		l.Add(g.Line, "group", "problem.standard.bonus_group_valid_id", "Group", g.Group)
	}
	switch g.Rule {
	case Highest:
		if g.Cap != 0 {
			l.Add(g.Line, "cap", "problem.standard.bonus_group_cap_applies", "Group", g.Group)
		}
	case Sum:
		if g.Cap < 0 || !g.Cap.OnGrid(s.Step) {
			l.Add(g.Line, "cap", "problem.standard.bonus_group_cap_more", "Group", g.Group, "Cap", g.Cap, "Step", s.Step)
		}
	default:
		l.Add(g.Line, "rule", "problem.standard.bonus_group_rule_highest", "Group", g.Group, "Rule", g.Rule)
	}
	if len(g.Items) == 0 {
		l.Add(g.Line, "items", "problem.standard.bonus_group_has_no", "Group", g.Group)
	}
	for _, it := range g.Items {
		s.validateItem(l, it)
	}
}

// String is a one-line description for logs and listings.
func (s *Standard) String() string {
	return fmt.Sprintf("%s (%s, %s, max %s, pass %s)", s.ID, s.Name, s.Mode, s.Max(), s.Pass)
}

func unknownVetoList(name, id string) error {
	return problem.New(name, 0, "veto_list", "problem.standard.veto_list_unknown", "List", id, "Known", VetoListIDs())
}
