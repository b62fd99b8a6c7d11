package scenario

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"wenming/input/problem"
	"wenming/msg"
	"wenming/office"
)

// Act is one thing a person does, as the scenario does it: the office's action, called
// directly as the portal will call it, and the CLI verb that does the same act, shown as the
// command an administrator would type. With Driver.CLI the verb runs too, after the call,
// and must be answered as the same act (received before, under the same submission id) or
// refused for the same reason.
type Act struct {
	Argv []string
	Do   func(ctx context.Context, o *office.Office) ([]Answer, error)
}

// Answer is what became of one submission of an act (a ballot import has one a sheet).
type Answer struct {
	Of string // what it was for, when an act has several (a sheet's branch)
	office.Receipt
	// Lines, when set, say what the act did instead of the receipt (a violation's effects).
	Lines []msg.Text
	// Again, when set, is what the CLI verb must say doing the act again (an import: every
	// row unchanged), where a submission's verb says it was received before.
	Again msg.Text
}

// Act does a, which must be accepted (or found received before).
func (d *Driver) Act(a Act) error { return d.act(a, false) }

// Acts does each act in turn; each must be accepted (or found received before).
func (d *Driver) Acts(acts ...Act) error {
	for _, a := range acts {
		if err := d.Act(a); err != nil {
			return err
		}
	}
	return nil
}

// Refuse does a, which must be refused: the demo shows what a late or invalid act gets.
func (d *Driver) Refuse(a Act) error { return d.act(a, true) }

func (d *Driver) act(a Act, refuse bool) error {
	if d.CLI != nil && d.CLIFirst {
		return d.cliFirst(a, refuse)
	}
	note := ""
	if refuse {
		note = "    # " + d.tr("demo.refused_on_purpose")
	}
	fmt.Fprintf(d.Out, "\n$ starter %s%s\n", strings.Join(quote(a.Argv), " "), note)
	answers, refusals, err := d.byOffice(a)
	if err != nil {
		return err
	}
	if refused := len(refusals) > 0; refused != refuse {
		return fmt.Errorf("starter %s: refused %v, expected %v: %s", strings.Join(a.Argv, " "), refused, refuse, strings.Join(refusals, "; "))
	}
	if d.CLI != nil {
		return d.sameByCLI(a, answers, refusals)
	}
	return nil
}

// byOffice does the act through the office and prints its answers: the refusals among them
// (or the error refusing it) are said in the CLI's words.
func (d *Driver) byOffice(a Act) ([]Answer, []string, error) {
	answers, err := a.Do(d.Ctx, d.Office)
	if err != nil && !problem.Is(err) {
		return nil, nil, fmt.Errorf("starter %s: %w", strings.Join(a.Argv, " "), err)
	}
	p := commandPrinter()
	var refusals []string
	if err != nil {
		refusals = append(refusals, msg.RenderError(p, err))
	}
	for _, ans := range answers {
		if ans.Status == office.Refused {
			refusals = append(refusals, p.Render(ans.Said))
		}
	}
	d.show(p, answers, refusals)
	return answers, refusals, nil
}

// cliFirst does the act through its CLI verb, then through the office, which must answer it
// as the same act done again: received before under the submission ids the verb printed, the
// same words a repeat says (an import: every row unchanged), or refused for the same reasons.
func (d *Driver) cliFirst(a Act, refuse bool) error {
	note := ""
	if refuse {
		note = "    # " + d.tr("demo.refused_on_purpose")
	}
	fmt.Fprintf(d.Out, "\n$ starter %s%s\n", strings.Join(quote(a.Argv), " "), note)
	var out bytes.Buffer
	code := d.CLI(d.Ctx, append(append([]string{}, a.Argv...), d.Flags...), io.MultiWriter(d.Out, &out), io.MultiWriter(d.Out, &out))
	text := out.String()
	switch {
	case refuse && code != 2:
		return fmt.Errorf("starter %s exited with %d, expected 2 (refused)", strings.Join(a.Argv, " "), code)
	case !refuse && code != 0:
		return fmt.Errorf("starter %s exited with %d", strings.Join(a.Argv, " "), code)
	}
	fmt.Fprintf(d.Out, "\n# %s\n", d.tr("demo.same_act_by_office"))
	answers, refusals, err := d.byOffice(a)
	if err != nil {
		return err
	}
	fail := func(what string) error {
		return fmt.Errorf("the office did not answer starter %s as the same act: %s; the verb printed:\n%s", strings.Join(a.Argv, " "), what, text)
	}
	if refuse {
		if len(refusals) == 0 {
			return fail("it accepted what the verb was refused")
		}
		for _, r := range refusals {
			if !strings.Contains(text, r) {
				return fail("its refusal is not the verb's: " + r)
			}
		}
		return nil
	}
	if len(refusals) > 0 {
		return fail("it refused: " + strings.Join(refusals, "; "))
	}
	p := commandPrinter()
	for _, ans := range answers {
		if ans.Again.ID != "" {
			if said := ans.first(p); said != p.Render(ans.Again) {
				return fail("it did the act anew: " + said)
			}
			continue
		}
		if ans.Status != office.AlreadyReceived {
			return fail("it accepted the act anew: " + ans.Words(p))
		}
		if ans.SubmissionID == "" || !strings.Contains(text, ans.SubmissionID) {
			return fail("another submission than the verb's: " + ans.SubmissionID)
		}
	}
	return nil
}

// first is what an answer says first: its first line, or its receipt's words.
func (ans Answer) first(p *msg.Printer) string {
	if len(ans.Lines) > 0 {
		return p.Render(ans.Lines[0])
	}
	return ans.Words(p)
}

// show prints the answers as the CLI prints its receipts, and the refusals as its errors.
func (d *Driver) show(p *msg.Printer, answers []Answer, refusals []string) {
	for _, ans := range answers {
		if ans.Status == office.Refused {
			continue
		}
		words := ans.Words(p)
		if ans.Lines != nil {
			words = renderLines(p, ans.Lines)
		}
		if ans.Of != "" {
			words = ans.Of + ": " + words
		}
		fmt.Fprintln(d.Out, words)
	}
	for _, r := range refusals {
		fmt.Fprintln(d.Out, p.T("cli.error", map[string]string{"Error": r}))
	}
}

func renderLines(p *msg.Printer, lines []msg.Text) string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = p.Render(l)
	}
	return strings.Join(out, "\n")
}

// sameByCLI runs the act's CLI verb after the office did the act: it must be answered as the
// same act, received before under each submission id the office answered, or refused for the
// same reasons with exit status 2.
func (d *Driver) sameByCLI(a Act, answers []Answer, refusals []string) error {
	fmt.Fprintf(d.Out, "\n$ starter %s    # %s\n", strings.Join(quote(a.Argv), " "), d.tr("demo.same_act_by_cli"))
	var out bytes.Buffer
	code := d.CLI(d.Ctx, append(append([]string{}, a.Argv...), d.Flags...), io.MultiWriter(d.Out, &out), io.MultiWriter(d.Out, &out))
	text, p := out.String(), commandPrinter()
	fail := func(what string) error {
		return fmt.Errorf("starter %s is not the office's act: %s; it printed:\n%s", strings.Join(a.Argv, " "), what, text)
	}
	if len(refusals) > 0 {
		if code != 2 {
			return fail(fmt.Sprintf("exit status %d where the office refused", code))
		}
		for _, r := range refusals {
			if !strings.Contains(text, r) {
				return fail("the office's refusal is not said: " + r)
			}
		}
		return nil
	}
	if code != 0 {
		return fail(fmt.Sprintf("exit status %d where the office accepted", code))
	}
	for _, ans := range answers {
		again := office.Receipt{SubmissionID: ans.SubmissionID, Status: office.AlreadyReceived}.Words(p)
		if ans.Again.ID != "" {
			again = p.Render(ans.Again)
		}
		if !strings.Contains(text, again) {
			return fail("not answered " + again)
		}
	}
	return nil
}

// commandPrinter speaks the language the CLI's commands speak in this environment (--lang,
// WENMING_LANG, LANG), as an administrator's would.
func commandPrinter() *msg.Printer {
	lang, err := msg.Detect("")
	if err != nil {
		return msg.For(msg.Chinese)
	}
	return msg.For(lang)
}
