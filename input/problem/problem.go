// Package problem reports what is wrong with an administrator's input: the file, the line,
// the field and the reason, all of them at once. The CLI exits with status 2 on a problem.
//
// A reason is a catalogue message (msg.Text), so that the same problem reads "文件 self.csv
// 第3行「score」列：……" to a Chinese reader and "self.csv:3: score: ..." to an English one.
// Error() is the Chinese, as the audit log and the Web UI keep it; the CLI renders a
// problem in its user's language with Render.
package problem

import (
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"

	"wenming/msg"
)

// Problem is one thing wrong with an input.
type Problem struct {
	File   string   `json:"file,omitempty"`  // file name or the submission it came from; empty when unknown
	Line   int      `json:"line,omitempty"`  // 1-based line; 0 when the problem is about the whole input
	Field  string   `json:"field,omitempty"` // column or field name; empty when about the whole line
	Reason msg.Text `json:"reason"`
}

func (p Problem) Error() string { return p.Render(msg.For(msg.Chinese)) }

// Render says the problem in a printer's language, its place first.
func (p Problem) Render(pr *msg.Printer) string { return pr.Render(p.Text()) }

// Text is the problem as one message, its place first, for a reader of either language.
func (p Problem) Text() msg.Text {
	id := "problem.at"
	switch {
	case p.File != "" && p.Line > 0 && p.Field != "":
		id += ".file_line_field"
	case p.File != "" && p.Line > 0:
		id += ".file_line"
	case p.File != "" && p.Field != "":
		id += ".file_field"
	case p.File != "":
		id += ".file"
	case p.Line > 0 && p.Field != "":
		id += ".line_field"
	case p.Line > 0:
		id += ".line"
	case p.Field != "":
		id += ".field"
	default:
		return p.Reason
	}
	if tabular(p.File) {
		id += "_column"
	}
	return msg.Say(id, "File", p.File, "Line", p.Line, "Field", p.Field, "Reason", p.Reason)
}

// tabular tells a sheet, whose fields are columns, from a YAML file, whose fields are keys.
func tabular(file string) bool {
	switch strings.ToLower(path.Ext(file)) {
	case ".csv", ".xlsx", ".tsv", ".txt":
		return true
	}
	return false
}

// List collects the problems of one input. Its zero value is ready to use.
type List struct {
	File     string
	problems []Problem
}

// MaxReported bounds how many problems one error lists; a broken 100 MB file must not
// produce a 100 MB message.
const MaxReported = 50

// In starts a list for a file.
func In(file string) *List { return &List{File: file} }

// Rows ends the reading of a file's rows: the problems found in them, else a file without a
// row refused, else the rows read.
func Rows[T any](l *List, rows []T) ([]T, error) {
	if err := l.Err(); err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, New(l.File, 0, "", "problem.roster.roster_has_no_rows")
	}
	return rows, nil
}

// Add records a problem at a line and field: the catalogue id of its reason and the values
// that fill it, as name/value pairs (see msg.Say).
func (l *List) Add(line int, field, id string, pairs ...any) {
	l.problems = append(l.problems, Problem{File: l.File, Line: line, Field: field, Reason: msg.Say(id, pairs...)})
}

// AddErr records an error met while checking a field (a duration that does not parse, a
// standard that does not load): a rule's own message when it has one, problems found in
// another file as they are, else the error's words.
func (l *List) AddErr(line int, field string, err error) {
	var es Errors
	if errors.As(err, &es) {
		l.problems = append(l.problems, es...)
		return
	}
	l.problems = append(l.problems, Problem{File: l.File, Line: line, Field: field, Reason: Reason(err)})
}

// Reason is the Text of an error: its own when it is a rule's refusal, else its words.
func Reason(err error) msg.Text {
	var me *msg.Error
	if errors.As(err, &me) {
		return me.Text
	}
	return msg.Say("problem.detail", "Detail", err.Error())
}

// Unplaced is what a problem says, without the place it names: a caller that reports it at its
// own place (a file a spec names, at the spec's line) says this.
func Unplaced(err error) msg.Text {
	var es Errors
	if errors.As(err, &es) && len(es) > 0 {
		return es[0].Reason
	}
	return Reason(err)
}

// YAMLReason is why a YAML file did not decode: a rule's own message (a number that is not
// one), else the decoder's words without its "yaml: " prefix.
func YAMLReason(err error) msg.Text {
	var me *msg.Error
	if errors.As(err, &me) {
		return me.Text
	}
	return msg.Say("problem.detail", "Detail", strings.TrimPrefix(err.Error(), "yaml: "))
}

// Len is the number of problems found.
func (l *List) Len() int { return len(l.problems) }

// Full reports whether enough problems were found to stop looking.
func (l *List) Full() bool { return len(l.problems) >= MaxReported }

// Err returns nil when nothing is wrong, else an error that lists every problem.
func (l *List) Err() error {
	if len(l.problems) == 0 {
		return nil
	}
	return Errors(append([]Problem(nil), l.problems...))
}

// Errors is the error of an input with one or more problems.
type Errors []Problem

func (e Errors) Error() string { return e.Render(msg.For(msg.Chinese)) }

// Render says every problem in a printer's language, one a line, at most MaxReported.
func (e Errors) Render(pr *msg.Printer) string {
	texts := e.Texts()
	lines := make([]string, len(texts))
	for i, t := range texts {
		lines[i] = pr.Render(t)
	}
	return strings.Join(lines, "\n")
}

// Texts are the problems as messages, one a problem, at most MaxReported and then how many
// more: for a refusal that carries them to a reader of either language.
func (e Errors) Texts() []msg.Text {
	out := make([]msg.Text, 0, min(len(e), MaxReported+1))
	for i, p := range e {
		if i == MaxReported {
			out = append(out, msg.Say("problem.more", "N", len(e)-MaxReported))
			break
		}
		out = append(out, p.Text())
	}
	return out
}

// Summary counts the problems of err by field, without their reasons ("3 处问题：criterion 10
// ×2、整行 ×1"): for records that must not repeat what the input said (a ballot's scores).
func Summary(err error) string {
	pr := msg.For(msg.Chinese)
	var es Errors
	if !errors.As(err, &es) {
		return pr.T("problem.summary.refused")
	}
	count := map[string]int{}
	for _, p := range es {
		f := p.Field
		if f == "" {
			f = pr.T("problem.summary.line")
		}
		count[f]++
	}
	fields := make([]string, 0, len(count))
	for f := range count {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = fmt.Sprintf("%s ×%d", f, count[f])
	}
	return pr.T("problem.summary", map[string]any{"N": len(es), "Fields": strings.Join(parts, "、")})
}

// New returns a single problem as an error: the catalogue id of its reason and the values
// that fill it, as name/value pairs (see msg.Say).
func New(file string, line int, field, id string, pairs ...any) error {
	return Errors{{File: file, Line: line, Field: field, Reason: msg.Say(id, pairs...)}}
}

// Of makes an error met while checking an input a problem at a place: problems stay as
// they are, a rule's refusal keeps its message, anything else is given in its words.
func Of(file string, line int, field string, err error) error {
	l := In(file)
	l.AddErr(line, field, err)
	return l.Err()
}

// Is reports whether err is (or wraps) bad input.
func Is(err error) bool {
	var es Errors
	var p Problem
	return errors.As(err, &es) || errors.As(err, &p)
}

// ErrorType is the Temporal application error type of bad input, shared by activities,
// workflows and the CLI: never retried, shown to the administrator as is, exit status 2.
const ErrorType = "Invalid"
