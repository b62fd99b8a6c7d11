// Package progress tells a person at a terminal what a long import or report is doing, and
// stays quiet when the output is not a terminal (a script, a pipe, a log).
package progress

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"

	"wenming/msg"
)

// Meter reports steps and counts on a terminal.
type Meter struct {
	w     io.Writer
	on    bool
	start time.Time
	last  time.Time
	label string
	p     *msg.Printer
}

// New writes to w, in p's language, when w is a terminal; otherwise every call does nothing.
func New(w io.Writer, p *msg.Printer) *Meter {
	f, ok := w.(*os.File)
	return &Meter{w: w, p: p, on: ok && term.IsTerminal(int(f.Fd())), start: time.Now()}
}

// On reports whether the meter shows anything.
func (m *Meter) On() bool { return m != nil && m.on }

// Step announces a step: a catalogue message and its values (see msg.Say), "正在导入 units.csv".
func (m *Meter) Step(id string, pairs ...any) {
	if !m.On() {
		return
	}
	m.clear()
	m.label = m.p.Render(msg.Say(id, pairs...))
	fmt.Fprintf(m.w, "%s …", m.label)
}

// Count shows how far a step is, at most ten times a second.
func (m *Meter) Count(done, total int) {
	if !m.On() || time.Since(m.last) < 100*time.Millisecond && done < total {
		return
	}
	m.last = time.Now()
	if total > 0 {
		fmt.Fprintf(m.w, "\r%s … %d%% (%d/%d)", m.label, done*100/total, done, total)
	} else {
		fmt.Fprintf(m.w, "\r%s … %d", m.label, done)
	}
}

// Done ends the meter's line with the time taken.
func (m *Meter) Done() {
	if !m.On() {
		return
	}
	m.clear()
	fmt.Fprintln(m.w, m.p.Render(msg.Say("progress.done", "Took", time.Since(m.start).Round(time.Millisecond))))
}

func (m *Meter) clear() {
	if m.label != "" {
		fmt.Fprint(m.w, "\r\033[K")
	}
}
