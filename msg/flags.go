package msg

import "github.com/spf13/pflag"

// LocalizeFlags puts the help of a program's flags into p's language: the first of
// "<prefix>.<flag name>" the catalogue has, for each prefix in order (e.g. a program's own
// "flag.worker", then the CLI's "flag.root" for the connection flags they share). In English
// the help is the text of the flag definitions.
func LocalizeFlags(fs *pflag.FlagSet, p *Printer, prefixes ...string) {
	if p.Lang() == English {
		return
	}
	fs.VisitAll(func(f *pflag.Flag) {
		for _, prefix := range prefixes {
			if id := prefix + "." + f.Name; Has(p.Lang(), id) {
				f.Usage = p.T(id)
				return
			}
		}
	})
}
