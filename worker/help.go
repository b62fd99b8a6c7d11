package main

import (
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"wenming/msg"
)

// localize puts the worker's flags' help into p's language: flag.worker.<name>, or for the
// connection flags the worker shares with the CLI, the CLI's flag.root.<name>.
func localize(fs *pflag.FlagSet, p *msg.Printer) {
	msg.LocalizeFlags(fs, p, "flag.worker", "flag.root")
}

// usage prints the worker's help in p's language.
func usage(w io.Writer, fs *pflag.FlagSet, p *msg.Printer) {
	fmt.Fprintln(w, p.T("worker.usage"))
	fmt.Fprint(w, fs.FlagUsages())
}
