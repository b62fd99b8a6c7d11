package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"wenming/input/infile"
	"wenming/input/problem"
	"wenming/input/sheet"
	"wenming/office"
)

func (a *app) objectionCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "objection", Short: "File and decide objections during a public notice (公示)"}
	var ft target
	var fs submission
	var reason, contact, contactFile, entry string
	file := &cobra.Command{
		Use:   "file",
		Short: "File an objection against a unit (campaign) or a member or branch (round) on the notice",
		Example: "  starter objection file --campaign civilized-units-2027 --unit tax --reason 窗口服务多次被投诉 --contact-file contact.txt\n" +
			"  starter objection file --campaign civilized-windows-2027 --unit tax-hall --before-declaring --reason 服务态度差\n" +
			"  starter objection file --round pioneer/2026-Q4 --entry m0007 --reason 工作中有失误",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if ft.campaign != "" {
				entry = ft.unit
			}
			notice, listed, err := ft.notice(entry)
			if err != nil {
				return err
			}
			if contactFile != "" {
				if contact != "" {
					return usage("cli.give.contact_or_file")
				}
				if contact, err = a.readContact(contactFile); err != nil {
					return err
				}
			}
			return a.show(a.office().FileObjection(c.Context(), office.Objection{Notice: notice, ID: fs.id,
				Entry: listed, Reason: reason, Contact: contact}))
		},
	}
	ft.register(file, true)
	ft.registerRound(file)
	ft.registerBeforeDeclaring(file)
	ft.registerPerson(file, "with --campaign: the person of the unit objected to (a model-individual campaign)")
	file.Flags().StringVar(&entry, "entry", "", "with --round: the member (pioneer) or branch (red flag) objected to")
	fs.register(file)
	file.Flags().StringVar(&reason, "reason", "", "what the objection is about")
	file.Flags().StringVar(&contact, "contact", "", "how to reach whoever objects (may stay empty); other users of this machine can read it (ps) while the command runs: use --contact-file")
	file.Flags().StringVar(&contactFile, "contact-file", "", "read how to reach whoever objects from this file (\"-\": standard input), out of other users' sight")

	var dt target
	var ds submission
	var number int
	var uphold, dismiss bool
	var note string
	decide := &cobra.Command{
		Use:   "decide",
		Short: "Decide an objection: --uphold removes the unit, --dismiss keeps it",
		Example: "  starter objection decide --campaign civilized-units-2027 --objection 1 --dismiss --note 经核查不属实\n" +
			"  starter objection decide --campaign civilized-windows-2027 --unit tax-hall --before-declaring --objection 1 --uphold --note 经核查属实",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			notice, _, err := dt.notice("-")
			if err != nil {
				return err
			}
			if uphold == dismiss || number < 1 {
				return usage("cli.give.objection")
			}
			return a.show(a.office().DecideObjection(c.Context(), office.ObjectionDecision{Notice: notice, ID: ds.id,
				Number: number, Uphold: uphold, Note: note}))
		},
	}
	dt.register(decide, false)
	dt.registerRound(decide)
	dt.registerBeforeDeclaring(decide)
	decide.Flags().StringVar(&dt.unit, "unit", "", "with --before-declaring: the unit whose declaration is on notice")
	ds.register(decide)
	decide.Flags().IntVar(&number, "objection", 0, "the objection's number")
	decide.Flags().BoolVar(&uphold, "uphold", false, "the objection holds: the unit is removed from the list")
	decide.Flags().BoolVar(&dismiss, "dismiss", false, "the objection does not hold: the unit stays")
	decide.Flags().StringVar(&note, "note", "", "why")
	cmd.AddCommand(file, decide)
	return cmd
}

func (a *app) tieCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "tie", Short: "Resolve a tie at the cut"}
	var t target
	var s submission
	var include []string
	var branch string
	resolve := &cobra.Command{
		Use:   "resolve",
		Short: "Choose which of the tied are proposed (as many as there are places)",
		Example: "  starter tie resolve --campaign civilized-units-2027 --include finance\n" +
			"  starter tie resolve --round pioneer/2026-Q4 --branch b-tax --include m0031\n" +
			"  starter tie resolve --round redflag/2026-H2 --include b-audit",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			if t.round == "" {
				if err := t.check(false); err != nil {
					return err
				}
			}
			return a.show(a.office().ResolveTie(c.Context(), office.Tie{Campaign: t.campaign, Round: t.round, Branch: branch,
				ID: s.id, Include: include}))
		},
	}
	t.register(resolve, false)
	t.registerRound(resolve)
	resolve.Flags().StringVar(&branch, "branch", "", "with --round: the branch whose tie it is (pioneer rounds)")
	s.register(resolve)
	resolve.Flags().StringSliceVar(&include, "include", nil, "the tied units to propose, comma-separated")
	cmd.AddCommand(resolve)
	return cmd
}

// maxContactBytes bounds a contact file: a phone number, an e-mail address, a name and a
// street address are a few hundred bytes; anything larger is the wrong file.
const maxContactBytes = 4 << 10

// stdin is what --contact-file - reads.
var stdin io.Reader = os.Stdin

// readContact reads an objection's contact from a file (or standard input for "-"), read
// once and bounded, as UTF-8 or GBK text: on the command line it would be in every local
// user's sight (ps, /proc) while the command runs.
func (a *app) readContact(path string) (string, error) {
	name := filepath.Base(path)
	var raw []byte
	var err error
	if path == "-" {
		name = a.tr("cli.stdin")
		raw, err = io.ReadAll(io.LimitReader(stdin, maxContactBytes+1))
		switch {
		case err != nil:
			return "", problem.New(name, 0, "", "problem.infile.cannot_read", "What", "contact_file", "Why", infile.Why(err))
		case len(raw) > maxContactBytes:
			return "", problem.New(name, 0, "", "problem.cli.contact_too_long", "Max", fmt.Sprintf("%d KB", maxContactBytes>>10))
		}
	} else if raw, err = infile.Read(path, "contact_file", maxContactBytes); err != nil {
		return "", err
	}
	text, err := sheet.DecodeText(name, raw)
	if err != nil {
		return "", err
	}
	if text = strings.TrimSpace(text); text == "" {
		return "", problem.New(name, 0, "", "problem.sheet.file_empty")
	}
	return text, nil
}
