// Package problem reports what is wrong with an administrator's input: the file, the line,
// the field and the reason, all of them at once. The CLI exits with status 2 on a problem.
package problem

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with an input.
type Problem struct {
	File   string // file name or the submission it came from; empty when unknown
	Line   int    // 1-based line; 0 when the problem is about the whole input
	Field  string // column or field name; empty when about the whole line
	Reason string
}

func (p Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	} else if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Reason)
	return b.String()
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

// Add records a problem at a line and field.
func (l *List) Add(line int, field, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: l.File, Line: line, Field: field, Reason: fmt.Sprintf(format, args...)})
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

func (e Errors) Error() string {
	lines := make([]string, 0, len(e)+1)
	for i, p := range e {
		if i == MaxReported {
			lines = append(lines, fmt.Sprintf("... and %d more problems", len(e)-MaxReported))
			break
		}
		lines = append(lines, p.Error())
	}
	return strings.Join(lines, "\n")
}

// Summary counts the problems of err by field, without their reasons ("3 problems: criterion
// 10 ×2, sheet ×1"): for records that must not repeat what the input said (a ballot's scores).
func Summary(err error) string {
	var es Errors
	if !errors.As(err, &es) {
		return "refused"
	}
	count := map[string]int{}
	for _, p := range es {
		f := p.Field
		if f == "" {
			f = "line"
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
	return fmt.Sprintf("%d problems: %s", len(es), strings.Join(parts, ", "))
}

// New returns a single problem as an error.
func New(file string, line int, field, format string, args ...any) error {
	return Errors{{File: file, Line: line, Field: field, Reason: fmt.Sprintf(format, args...)}}
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
