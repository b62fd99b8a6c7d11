package msg

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"wenming/zones"
)

// Text is a message to be rendered in its reader's language: a catalogue id and the values
// that fill it, as strings. Workflows answer with Texts (receipts, refusals) so that the CLI
// renders them in its user's language, while the history and the Web UI show the Chinese.
type Text struct {
	ID   string            `json:"id"`
	Args map[string]string `json:"args,omitempty"`
}

// At is a moment shown in a time zone ("2027年10月20日 18:00" in Chinese).
type At struct {
	T  time.Time
	TZ string
}

// Say builds a Text from its id and name/value pairs. A time.Time or At value is kept so
// that the template's when function shows it in the reader's way; anything else as %v.
func Say(id string, pairs ...any) Text {
	t := Text{ID: id}
	if len(pairs) > 0 {
		t.Args = make(map[string]string, len(pairs)/2)
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		name := fmt.Sprint(pairs[i])
		switch v := pairs[i+1].(type) {
		case At:
			t.Args[name] = v.T.UTC().Format(time.RFC3339Nano) + "|" + v.TZ
		case time.Time:
			t.Args[name] = v.UTC().Format(time.RFC3339Nano) + "|"
		case []string:
			t.Args[name] = strings.Join(v, listSep)
		case Text:
			t.Args[name] = nested(v)
		case []Text:
			kept := make([]string, len(v))
			for i, n := range v {
				kept[i] = nested(n)
			}
			t.Args[name] = strings.Join(kept, textSep)
		default:
			t.Args[name] = fmt.Sprint(v)
			if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.String {
				t.Args[name] = strings.Join(stringsOf(rv), listSep) // a list of named string types (levels, kinds)
			}
		}
	}
	return t
}

func stringsOf(rv reflect.Value) []string {
	out := make([]string, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).String()
	}
	return out
}

// Render renders a Text; an id the catalogue lacks shows as the id.
func (p *Printer) Render(t Text) string {
	s, err := p.loc.Localize(&i18n.LocalizeConfig{MessageID: t.ID, TemplateData: t.Args, TemplateParser: p.parser})
	if err != nil || s == "" {
		return t.ID
	}
	return s
}

// String renders a Text in Chinese, as the Web UI and histories show it.
func (t Text) String() string { return For(Chinese).Render(t) }

// listSep joins a list kept by Say; the template's list function shows it.
const listSep = "\x1f"

func (p *Printer) funcs() template.FuncMap {
	return template.FuncMap{"when": p.When, "list": p.List, "term": p.Term, "q": p.Quote, "text": p.Nested, "lines": p.Lines}
}

// Quote shows a value an administrator typed, so that where it starts and ends is plain and
// no control character reaches the terminal: 「value」 in Chinese, "value" in English.
func (p *Printer) Quote(v string) string {
	q := strconv.Quote(v)
	if p.lang == English {
		return q
	}
	return "「" + strings.ReplaceAll(q[1:len(q)-1], `\"`, `"`) + "」"
}

// nestedMark starts an argument that is itself a Text (a reason inside a problem), kept as
// JSON; the template's text function renders it in the reader's language.
const nestedMark = "\x1e"

func nested(t Text) string {
	b, _ := json.Marshal(t) // strings only: cannot fail
	return nestedMark + string(b)
}

// textSep joins the Texts of a list kept by Say; the template's lines function shows them.
const textSep = "\x1d"

// Lines renders a list of Texts kept by Say, one a line.
func (p *Printer) Lines(kept string) string {
	if kept == "" {
		return ""
	}
	parts := strings.Split(kept, textSep)
	for i, part := range parts {
		parts[i] = p.Nested(part)
	}
	return strings.Join(parts, "\n")
}

// Nested renders an argument kept by Say from a Text; any other value shows as itself.
func (p *Printer) Nested(kept string) string {
	var t Text
	if !strings.HasPrefix(kept, nestedMark) || json.Unmarshal([]byte(kept[len(nestedMark):]), &t) != nil {
		return kept
	}
	return p.Render(t)
}

// Term names a value of a kind (a phase, an outcome) in the printer's language, from the
// catalogue's term.<kind>.<value>; a value it lacks shows as itself.
func (p *Printer) Term(kind, value string) string {
	id := "term." + kind + "." + value
	if !Has(p.lang, id) {
		return value
	}
	return p.T(id)
}

// List shows a list kept by Say: a、b、c in Chinese, a, b, c in English.
func (p *Printer) List(kept string) string {
	if p.lang == English {
		return strings.ReplaceAll(kept, listSep, ", ")
	}
	return strings.ReplaceAll(kept, listSep, "、")
}

// When shows a moment kept by Say: 2027年10月20日 18:00 in Chinese, 2027-10-20 18:00 CST in
// English, with seconds only when there are any (a compressed demo).
func (p *Printer) When(kept string) string {
	t, loc, ok := parseAt(kept)
	if !ok {
		return kept
	}
	t = t.In(loc)
	clock := "15:04"
	if t.Second() != 0 {
		clock = "15:04:05"
	}
	if p.lang == English {
		return t.Format("2006-01-02 " + clock + " MST")
	}
	return t.Format("2006年1月2日 " + clock)
}

// At shows a moment in its time zone, as When does.
func (p *Printer) At(a At) string { return p.When(Say("", "T", a).Args["T"]) }

func parseAt(kept string) (time.Time, *time.Location, bool) {
	stamp, tz, _ := strings.Cut(kept, "|")
	t, err := time.Parse(time.RFC3339Nano, stamp)
	if err != nil {
		return time.Time{}, nil, false
	}
	return t, zones.Location(tz), true
}

// Error is a refusal by a rule, carrying its Text: its Error() is the Chinese, and callers
// that speak to a user render the Text in the user's language.
type Error struct{ Text Text }

// Err builds an Error from its id and name/value pairs (see Say).
func Err(id string, pairs ...any) *Error { return &Error{Text: Say(id, pairs...)} }

func (e *Error) Error() string { return e.Text.String() }

// Wrapped is a failure said in the catalogue's words with its cause, and what to do about it
// when there is advice: "连接 PostgreSQL（…）失败：<cause>；它在运行吗？". Error() is the Chinese;
// RenderError says it in a reader's language.
type Wrapped struct {
	Text Text
	Err  error
	Hint Text // optional: what to check, said after the cause
}

// Wrap gives err the context of a catalogue message (see Say); nil stays nil.
func Wrap(err error, id string, pairs ...any) error {
	if err == nil {
		return nil
	}
	return &Wrapped{Text: Say(id, pairs...), Err: err}
}

// WithHint adds what to check after the cause to an error made by Wrap.
func WithHint(err error, hint Text) error {
	if w, ok := err.(*Wrapped); ok {
		w.Hint = hint
	}
	return err
}

func (w *Wrapped) Error() string { return RenderError(For(Chinese), w) }
func (w *Wrapped) Unwrap() error { return w.Err }

// Renderer is an error that says itself in a printer's language (a list of problems).
type Renderer interface {
	Render(*Printer) string
}

// RenderError says an error in p's language: a Wrapped one as its words, its cause and its
// hint; a rule's refusal or anything that renders itself in the catalogue's words; anything
// else (another program's failure) in its own words.
func RenderError(p *Printer, err error) string {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		lines := make([]string, 0, len(joined.Unwrap()))
		for _, e := range joined.Unwrap() {
			lines = append(lines, RenderError(p, e))
		}
		return strings.Join(lines, "\n")
	}
	var w *Wrapped
	if errors.As(err, &w) {
		s := p.Render(w.Text) + p.T("cause.sep") + RenderError(p, w.Err)
		if w.Hint.ID != "" {
			s += p.T("hint.sep") + p.Render(w.Hint)
		}
		return s
	}
	var r Renderer
	if errors.As(err, &r) {
		return r.Render(p)
	}
	var e *Error
	if errors.As(err, &e) {
		return p.Render(e.Text)
	}
	return err.Error()
}
