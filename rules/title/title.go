// Package title holds the kinds and levels of titles and honors (称号, 表彰) a unit or a person
// holds, and reads the register of titles held from before the product (`roster import
// titles`), checking every row; a file with any bad row is refused as a whole.
package title

import (
	"slices"
	"strings"
	"time"

	"wenming/input/printable"
	"wenming/input/problem"
	"wenming/input/sheet"
)

// Level is the level of the body that conferred a title.
type Level string

// Levels, highest first. 市直 (the city's organs committee, 市直机关工委) is below the city
// itself (市委、市政府、市文明委) and above a district.
const (
	National   Level = "national"    // 全国
	Provincial Level = "provincial"  // 省级
	City       Level = "city"        // 市级
	CityOrgans Level = "city-organs" // 市直
	District   Level = "district"    // 区县级
	Committee  Level = "committee"   // 机关党委: the unit's own party committee (年终表彰)
)

// Levels lists the levels, highest first.
var Levels = []Level{National, Provincial, City, CityOrgans, District, Committee}

// LevelNames are the levels in the words of the plans.
var LevelNames = map[Level]string{National: "全国", Provincial: "省级", City: "市级", CityOrgans: "市直", District: "区县级", Committee: "机关党委"}

// rank orders the levels: higher is more.
func (l Level) rank() int {
	for i, known := range Levels {
		if l == known {
			return len(Levels) - i
		}
	}
	return 0
}

// Valid says whether the level is one of Levels.
func (l Level) Valid() bool { return l.rank() > 0 }

// AtLeast says whether l is the level min or above it.
func (l Level) AtLeast(min Level) bool { return l.rank() >= min.rank() && l.Valid() }

// Name is the level in the plans' words.
func (l Level) Name() string { return LevelNames[l] }

// Kinds of titles, as the plans name them; "honor" is any other commendation (表彰).
var Kinds = []string{"civilized-unit", "civilized-window", "civilized-department", "model-individual", "advanced-unit", "honor"}

// The yearly titles the year-end commendation confers (年终表彰): a member's and a branch's.
// They enter the register from the year-end round, never from an import.
const (
	ExcellentMember = "excellent-member"
	AdvancedBranch  = "advanced-branch"
)

// KindNames are the kinds in the plans' words.
var KindNames = map[string]string{
	"civilized-unit": "文明单位", "civilized-window": "文明窗口", "civilized-department": "文明科室",
	"model-individual": "文明标兵", "advanced-unit": "精神文明建设工作先进单位", "honor": "表彰",
	ExcellentMember: "优秀共产党员", AdvancedBranch: "先进党支部",
}

// ValidKind says whether k is one of Kinds.
func ValidKind(k string) bool { return slices.Contains(Kinds, k) }

// Held is a title held from before the product, as a row of the register's import file.
type Held struct {
	Unit        string    // the unit that holds it, or the person's unit
	Person      string    // the person who holds it; empty for a unit's title
	Kind        string    // one of Kinds
	Level       Level     // the conferring body's level
	Name        string    // the title as conferred, e.g. 全国文明单位
	ConferredBy string    // e.g. 中央文明委
	DocumentNo  string    // 文号, may be empty for old paper records
	ConferredOn time.Time // a date, midnight UTC
	TermEnd     time.Time // zero: no term
	Line        int
}

// Columns of the import file; person, document and term_end may be empty.
var Columns = []string{"unit", "person", "kind", "level", "title", "conferred_by", "document", "conferred_on", "term_end"}

const dateLayout = "2006-01-02"

// Read reads a register file, every problem at once.
func Read(t *sheet.Table) ([]Held, error) {
	col, err := t.RequireColumns(Columns...)
	if err != nil {
		return nil, err
	}
	l := problem.In(t.Name)
	seen := map[string]int{}
	var out []Held
	for _, row := range t.Rows {
		h := Held{Line: row.Line, Unit: row.Cell(col["unit"]), Person: printable.Clean(row.Cell(col["person"])),
			Kind: strings.ToLower(row.Cell(col["kind"])), Level: Level(strings.ToLower(row.Cell(col["level"]))),
			Name: printable.Clean(row.Cell(col["title"])), ConferredBy: printable.Clean(row.Cell(col["conferred_by"])),
			DocumentNo: printable.Clean(row.Cell(col["document"]))}
		if h.Unit == "" {
			l.Add(row.Line, "unit", "problem.title.unit_empty")
		}
		if !ValidKind(h.Kind) {
			l.Add(row.Line, "kind", "problem.title.kind", "Kind", h.Kind, "Kinds", Kinds)
		}
		if !h.Level.Valid() {
			l.Add(row.Line, "level", "problem.title.level", "Level", string(h.Level), "Levels", Levels)
		}
		if h.Name == "" {
			l.Add(row.Line, "title", "problem.title.name_empty")
		}
		if h.ConferredBy == "" {
			l.Add(row.Line, "conferred_by", "problem.title.body_empty")
		}
		h.ConferredOn = date(l, row.Line, "conferred_on", row.Cell(col["conferred_on"]), true)
		h.TermEnd = date(l, row.Line, "term_end", row.Cell(col["term_end"]), false)
		if !h.TermEnd.IsZero() && !h.ConferredOn.IsZero() && !h.TermEnd.After(h.ConferredOn) {
			l.Add(row.Line, "term_end", "problem.title.term_before_conferral")
		}
		key := h.Key()
		if first, dup := seen[key]; dup {
			l.Add(row.Line, "", "problem.title.twice", "First", first)
		}
		seen[key] = row.Line
		out = append(out, h)
		if l.Full() {
			break
		}
	}
	return problem.Rows(l, out)
}

// Key names a title in the register: who holds which title, conferred when.
func (h Held) Key() string {
	return strings.Join([]string{h.Unit, h.Person, h.Kind, string(h.Level), h.ConferredOn.Format(dateLayout)}, "/")
}

func date(l *problem.List, line int, field, text string, required bool) time.Time {
	if text == "" {
		if required {
			l.Add(line, field, "problem.title.date_missing")
		}
		return time.Time{}
	}
	d, err := time.Parse(dateLayout, text)
	if err != nil {
		l.Add(line, field, "problem.title.date", "Text", text)
		return time.Time{}
	}
	return d
}
