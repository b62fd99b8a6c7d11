package cli

import (
	"fmt"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"wenming/msg"
)

// localize puts the command tree's help into the printer's language: the Chinese comes from
// the catalogue by command path (cmd.<path>.short, flag.<path>.<name>); the English is the
// definitions' own text. Usage is rendered by usage, with the catalogue's headings.
func (a *app) localize(root *cobra.Command) {
	root.CompletionOptions.DisableDefaultCmd = true
	root.InitDefaultHelpCmd()
	root.InitDefaultVersionFlag()
	root.SetVersionTemplate("{{.Version}}\n")
	walkCommands(root, func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		if f := c.Flags().Lookup("help"); f != nil {
			f.Usage = a.p.T("flag.help", map[string]string{"Name": c.Name()})
		}
		if a.p.Lang() == msg.English {
			return
		}
		key := helpKey(c)
		c.Short = a.p.T("cmd." + key + ".short")
		if c.Long != "" {
			c.Long = a.p.T("cmd." + key + ".long")
		}
		if msg.Has(msg.Chinese, "cmd."+key+".example") {
			c.Example = a.p.T("cmd." + key + ".example")
		}
		translate := func(f *pflag.Flag) {
			if f.Name != "help" {
				f.Usage = a.p.T("flag." + key + "." + f.Name)
			}
		}
		c.LocalNonPersistentFlags().VisitAll(translate)
		c.PersistentFlags().VisitAll(translate)
	})
	root.SetUsageFunc(a.usage)
}

// helpKey names a command in the catalogue: its path without "starter", "root" for the root.
func helpKey(c *cobra.Command) string {
	words := strings.Fields(c.CommandPath())[1:]
	if len(words) == 0 {
		return "root"
	}
	return strings.Join(words, ".")
}

func walkCommands(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, sub := range c.Commands() {
		walkCommands(sub, fn)
	}
}

// usage prints a command's usage as cobra's default does, in the printer's language.
func (a *app) usage(c *cobra.Command) error {
	w := c.OutOrStderr()
	p := a.p
	fmt.Fprint(w, p.T("usage.title"))
	if c.Runnable() {
		line := c.UseLine()
		if c.HasAvailableFlags() && !strings.Contains(line, "[flags]") {
			line += " [flags]"
		}
		fmt.Fprintf(w, "\n  %s", strings.Replace(line, "[flags]", p.T("usage.flags_placeholder"), 1))
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n  %s %s", c.CommandPath(), p.T("usage.command_placeholder"))
	}
	if len(c.Aliases) > 0 {
		fmt.Fprintf(w, "\n\n%s\n  %s", p.T("usage.aliases"), c.NameAndAliases())
	}
	if c.HasExample() {
		fmt.Fprintf(w, "\n\n%s\n%s", p.T("usage.examples"), c.Example)
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n\n%s", p.T("usage.commands"))
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				fmt.Fprintf(w, "\n  %-*s %s", sub.NamePadding(), sub.Name(), sub.Short)
			}
		}
	}
	if c.HasAvailableLocalFlags() {
		fmt.Fprintf(w, "\n\n%s\n%s", p.T("usage.flags"), a.flagUsages(c.LocalFlags()))
	}
	if c.HasAvailableInheritedFlags() {
		fmt.Fprintf(w, "\n\n%s\n%s", p.T("usage.global_flags"), a.flagUsages(c.InheritedFlags()))
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n\n%s", p.T("usage.more", map[string]string{"Path": c.CommandPath()}))
	}
	fmt.Fprintln(w)
	return nil
}

// flagUsages lists flags as pflag does (names, value kind, usage, default), in the printer's
// language.
func (a *app) flagUsages(fs *pflag.FlagSet) string {
	type line struct{ names, usage string }
	var lines []line
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		names := "    "
		if f.Shorthand != "" {
			names = "-" + f.Shorthand + ", "
		}
		names += "--" + f.Name
		if kind := f.Value.Type(); kind != "bool" {
			names += " " + a.p.T("usage.type."+kind)
		}
		usage := f.Usage
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" && f.DefValue != "0" {
			usage += a.p.T("usage.default", map[string]string{"Value": fmt.Sprintf("%q", f.DefValue)})
		}
		lines = append(lines, line{names, usage})
		width = max(width, runewidth.StringWidth(names))
	})
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "  %s   %s", runewidth.FillRight(l.names, width), l.usage)
	}
	return b.String()
}
