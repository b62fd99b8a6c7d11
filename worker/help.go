package main

import (
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"wenming/msg"
)

// localize puts the worker's flags' help into p's language: flag.worker.<name>, or for the
// connection flags the worker shares with the CLI, the CLI's flag.root.<name>. In English the
// help is the text of the flag definitions.
func localize(fs *pflag.FlagSet, p *msg.Printer) {
	if p.Lang() == msg.English {
		return
	}
	fs.VisitAll(func(f *pflag.Flag) {
		for _, id := range []string{"flag.worker." + f.Name, "flag.root." + f.Name} {
			if msg.Has(p.Lang(), id) {
				f.Usage = p.T(id)
				return
			}
		}
	})
}

// usage prints the worker's help in p's language.
func usage(w io.Writer, fs *pflag.FlagSet, p *msg.Printer) {
	fmt.Fprintln(w, p.T("worker.usage"))
	fmt.Fprint(w, fs.FlagUsages())
}
