package cli

import (
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"wenming/store"
)

func (a *app) auditCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Check the audit log (who submitted what, and what was refused)",
	}
	var head string
	verify := &cobra.Command{
		Use:   "verify",
		Short: "Walk the audit log's hash chain: a line edited or deleted after it was written breaks it where it was",
		Long: "Each line of the audit log holds the hash of the line before it and its own. verify walks\n" +
			"the chain, names every line edited after it was written and every gap left by a deleted\n" +
			"one, and prints the head (the last line and its hash). Note the head somewhere the\n" +
			"database's administrators cannot write, and give it to --head next time: lines deleted\n" +
			"from the end, or a chain worked out again from some line on, show only against it.",
		Example: "  starter audit verify\n  starter audit verify --head 1042:5f0c…",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			noted, err := parseHead(head)
			if err != nil {
				return err
			}
			check, err := a.office().AuditChain(c.Context(), noted)
			if err != nil {
				return err
			}
			return a.view().AuditChecked(check)
		},
	}
	verify.Flags().StringVar(&head, "head", "", "a head noted earlier, SEQ:HASH as verify printed it: it must still be on the chain")
	cmd.AddCommand(verify)
	return cmd
}

// parseHead reads SEQ:HASH (a sha256 in hex).
func parseHead(text string) (*store.AuditHead, error) {
	if text == "" {
		return nil, nil
	}
	seq, hash, ok := strings.Cut(strings.TrimSpace(text), ":")
	n, err := strconv.ParseInt(seq, 10, 64)
	b, herr := hex.DecodeString(hash)
	if !ok || err != nil || n < 1 || herr != nil || len(b) != 32 {
		return nil, usage("cli.audit.bad_head", "Text", text)
	}
	return &store.AuditHead{Seq: n, Hash: strings.ToLower(hash)}, nil
}
