package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"strconv"
	"strings"
	"sync"

	"github.com/jmoiron/sqlx"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"wenming/connect"
	"wenming/input/problem"
	"wenming/msg"
	"wenming/terminal/termview"
	"wenming/version"
	"wenming/workflows"
)

// app holds what the commands share: the settings, the output streams and the connections,
// opened on first use so that offline verbs (standard ...) need no running services.
type app struct {
	cfg    connect.Config
	actor  string
	out    io.Writer
	errOut io.Writer
	conns  sync.Mutex // the office asks for the connections from several goroutines at once
	tc     client.Client
	db     *sqlx.DB
	p      *msg.Printer // the language of everything printed
	lang   string       // --lang, read before the tree is built (see Run)
}

// newApp speaks the language the environment asks for (WENMING_LANG, LC_ALL, LANG), Chinese
// unless it says English; Run applies --lang.
func newApp(out, errOut io.Writer) *app {
	lang, _ := msg.Detect("")
	return &app{out: out, errOut: errOut, p: msg.For(lang)}
}

// maxReportBytes is the largest text file of words the CLI reads: a declaration report is a
// few thousand characters (the spec's limit is checked by the campaign); anything far larger
// is the wrong file, refused before it is read. Definitions: see specfile.MaxBytes.
const maxReportBytes = 64 << 10

// usageError is a mistake in the command line itself.
type usageError struct{ error }

func (u usageError) Unwrap() error { return u.error }

// usage is a usage error said in the catalogue's words (see msg.Say).
func usage(id string, pairs ...any) error { return usageError{msg.Err(id, pairs...)} }

// tr is a catalogue message in the user's language (see msg.Say).
func (a *app) tr(id string, pairs ...any) string { return a.p.Render(msg.Say(id, pairs...)) }

// view prints what the verbs show, as the demo shows it too.
func (a *app) view() termview.View { return termview.View{Out: a.out, P: a.p} }

// say prints a catalogue message on the standard output, in the user's language.
func (a *app) print(id string, pairs ...any) { fmt.Fprintln(a.out, a.tr(id, pairs...)) }

// warn prints a catalogue message on the standard error, in the user's language.
func (a *app) warn(id string, pairs ...any) { fmt.Fprintln(a.errOut, a.tr(id, pairs...)) }

func (a *app) root() *cobra.Command {
	root := &cobra.Command{
		Version: version.Version,
		Use:     "starter",
		Short:   "Run civilization-creation campaigns (文明创建) and party-building evaluations",
		Long: "starter is the administrators' CLI. It talks to the Temporal cluster (or the dev stack of\n" +
			"`go tool task dev`) and to PostgreSQL. Every flag also reads an environment variable.",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(a.out)
	root.SetErr(a.errOut)
	a.cfg.Register(root.PersistentFlags())
	root.PersistentFlags().StringVar(&a.actor, "by", defaultActor(), "who submits, recorded in the audit log (env WENMING_USER); with a client certificate (--tls-cert) its common name, proven by the key; without one it is declared, not proven: anyone who can run the CLI against the database may act as anyone")
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		if err := a.cfg.Resolve(); err != nil {
			return err
		}
		return a.resolveActor(os.Getenv("WENMING_USER") != "" || c.Flags().Changed("by"))
	}
	root.PersistentFlags().StringVar(&a.lang, "lang", "", "the language of what is printed: zh (中文) or en (English) (env WENMING_LANG; else LC_ALL or LANG, en_* giving English)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{&flagProblem{err: err, command: c.CommandPath()}}
	})
	root.AddCommand(a.standardCmd(), a.rosterCmd(), a.checkCmd(), a.campaignCmd(), a.taskCmd(), a.selfcheckCmd(),
		a.nominateCmd(), a.titleCmd(), a.declareCmd(), a.declarationCmd(), a.inspectCmd(), a.rectifyCmd(), a.vetoCmd(), a.objectionCmd(), a.tieCmd(), a.deadlineCmd(),
		a.reportCmd(), a.scheduleCmd(), a.roundCmd(), a.ballotsCmd(), a.redflagCmd(), a.violationCmd(), a.annualCmd(), a.auditCmd(), a.userCmd(), a.ratingCmd())
	a.localize(root)
	return root
}

// resolveActor makes the client certificate's name the actor when the CLI connects with one:
// a --by (or WENMING_USER) naming someone else is refused rather than recorded.
func (a *app) resolveActor(declared bool) error {
	name, err := a.cfg.CertificateName()
	if err != nil || name == "" {
		return err
	}
	if declared && a.actor != name {
		return usage("cli.by_not_certificate", "By", a.actor, "Cert", a.cfg.TLSCert, "Name", name)
	}
	a.actor = name
	return nil
}

func defaultActor() string {
	if v := os.Getenv("WENMING_USER"); v != "" {
		return v
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "unknown"
}

// exitCode prints the error and maps it: 0 success, 2 bad input or usage, 1 anything else.
func (a *app) exitCode(err error) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(a.errOut, a.p.T("cli.error", map[string]string{"Error": a.say(err)}))
	var ue usageError
	var appErr *temporal.ApplicationError
	switch {
	case errors.As(err, &ue), problem.Is(err):
		return 2
	case errors.As(err, &appErr) && appErr.Type() == workflows.ErrInvalid:
		return 2
	default:
		return 1
	}
}

// say is an error in the user's language: problems and rules' refusals from the catalogue,
// without the context wrapped around them (they name their own place); anything else, an
// operational failure, in its words.
func (a *app) say(err error) string {
	var adv advised
	if errors.As(err, &adv) {
		return a.say(adv.error) + "\n" + a.p.Render(adv.advice)
	}
	if s, ok := a.flagError(err); ok {
		return s
	}
	return msg.RenderError(a.p, err)
}

// advised is an error with advice on what to do next, said after it.
type advised struct {
	error
	advice msg.Text
}

func (a advised) Unwrap() error { return a.error }

// temporal returns the Temporal client, dialling on first use.
func (a *app) temporal(ctx context.Context) (client.Client, error) {
	a.conns.Lock()
	defer a.conns.Unlock()
	if a.tc != nil {
		return a.tc, nil
	}
	c, err := a.cfg.Dial(ctx, "")
	if err != nil {
		return nil, err
	}
	a.tc = c
	return c, nil
}

// database returns the PostgreSQL handle, connecting (and migrating) on first use.
func (a *app) database(ctx context.Context) (*sqlx.DB, error) {
	a.conns.Lock()
	defer a.conns.Unlock()
	if a.db != nil {
		return a.db, nil
	}
	db, err := a.cfg.OpenDB(ctx)
	if err != nil {
		return nil, err
	}
	a.db = db
	return db, nil
}

func (a *app) close() {
	if a.tc != nil {
		a.tc.Close()
	}
	if a.db != nil {
		a.db.Close()
	}
}

// args checks the number of positional arguments, naming them in the message.
// optionalArg accepts no argument or the one named.
func optionalArg(name string) cobra.PositionalArgs {
	return func(c *cobra.Command, got []string) error {
		if len(got) > 1 {
			return usage("cli.args.at_most_one", "Command", c.CommandPath(), "Name", name, "Got", len(got))
		}
		return nil
	}
}

func args(names ...string) cobra.PositionalArgs {
	return func(c *cobra.Command, got []string) error {
		if len(got) != len(names) {
			return usage("cli.args.count", "Command", c.CommandPath(), "N", len(names), "Names", names, "Got", len(got))
		}
		return nil
	}
}

func init() {
	// The SDK logs connection details at INFO; the CLI's own output is what users read.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
}

// valueReason is why a flag's value was refused: a rule's message, a number or a duration
// that does not parse, else the parser's words.
func valueReason(err error) msg.Text {
	var num *strconv.NumError
	switch {
	case err == nil:
		return msg.Say("cli.flag.bad_value")
	case errors.As(err, &num):
		return msg.Say("cli.flag.not_number")
	case strings.HasPrefix(err.Error(), "time: "):
		return msg.Say("cli.flag.not_duration")
	}
	return problem.Reason(err)
}

// flagProblem is a flag the command line got wrong, as pflag found it.
type flagProblem struct {
	err     error
	command string
}

func (f *flagProblem) Error() string { return f.err.Error() }
func (f *flagProblem) Unwrap() error { return f.err }

// flagError says a flag or command-line problem found by pflag or cobra in the user's
// language, with where to read the command's help.
func (a *app) flagError(err error) (string, bool) {
	var fp *flagProblem
	if !errors.As(err, &fp) {
		if name, ok := strings.CutPrefix(err.Error(), "unknown command "); ok {
			name, _, _ = strings.Cut(name, " for ")
			return a.p.Render(msg.Say("cli.flag.unknown_command", "Name", strings.Trim(name, `"`))) + "\n" +
				a.p.Render(msg.Say("cli.see_help", "Command", "starter")), true
		}
		return "", false
	}
	var (
		notExist *pflag.NotExistError
		required *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
		text     msg.Text
	)
	switch {
	case errors.As(fp.err, &notExist):
		text = msg.Say("cli.flag.unknown", "Flag", dashed(notExist.GetSpecifiedName(), notExist.GetSpecifiedShortnames()))
	case errors.As(fp.err, &required):
		text = msg.Say("cli.flag.needs_value", "Flag", dashed(required.GetSpecifiedName(), required.GetSpecifiedShortnames()))
	case errors.As(fp.err, &invalid):
		why := valueReason(errors.Unwrap(invalid))
		text = msg.Say("cli.flag.invalid", "Flag", invalid.GetFlag().Name, "Value", invalid.GetValue(), "Why", why)
	case errors.As(fp.err, &syntax):
		text = msg.Say("cli.flag.syntax", "Flag", syntax.GetSpecifiedFlag())
	default:
		text = msg.Say("problem.detail", "Detail", fp.err.Error())
	}
	return a.p.Render(text) + "\n" + a.p.Render(msg.Say("cli.see_help", "Command", fp.command)), true
}

// dashed writes a flag as it is typed: --name, or -x for a shorthand.
func dashed(name, short string) string {
	if name != "" {
		return "--" + name
	}
	return "-" + short
}
