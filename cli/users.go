package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"wenming/input/sheetfile"
	"wenming/office"
)

func (a *app) userCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "Add the people who act and grant them roles (the worker does not check the roles yet)",
		Long: "Roles: office-admin, inspector (scope campaign:C or campaign:C/unit:U), unit-liaison (unit:U),\n" +
			"discipline-committee, deciding-body, party-committee, party-office, branch-secretary (branch:B),\n" +
			"operator. An account belongs to the office, a unit (unit:U) or a branch (branch:B).",
	}
	cmd.AddCommand(a.userAddCmd(), a.userImportCmd(), a.userGrantCmd(true), a.userGrantCmd(false), a.userListCmd())
	return cmd
}

func (a *app) userImportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Add accounts and grants from a file (CSV or .xlsx: id,name,org,grants), whole or not at all",
		Long: "grants: ROLE or ROLE:SCOPE, several separated by ';'. Every row is checked first; a file with\n" +
			"any bad row writes nothing. New accounts get initial secrets, printed this once; accounts\n" +
			"already there keep theirs and gain the grants they lack.",
		Example: "  starter user import users.csv",
		Args:    args("FILE"),
		RunE: func(c *cobra.Command, argv []string) error {
			t, err := sheetfile.Read(argv[0])
			if err != nil {
				return err
			}
			got, err := a.office().ImportUsers(c.Context(), t)
			if err != nil {
				return err
			}
			a.print("cli.user.imported", "File", argv[0], "Added", len(got.Added), "Existing", got.Existing, "Granted", got.Granted)
			for _, u := range got.Added {
				a.print("cli.user.secret", "ID", u.ID, "Name", u.Name, "Secret", u.Secret)
			}
			return nil
		},
	}
}

func (a *app) userAddCmd() *cobra.Command {
	var u office.NewUser
	var grants []string
	cmd := &cobra.Command{
		Use:   "add --id ID --name NAME --org ORG [--grant ROLE[:SCOPE] ...]",
		Short: "Add an account and print its initial secret, once (the database keeps only its hash)",
		Example: "  starter user add --id zhangsan --name 张三 --org unit:finance --grant unit-liaison:unit:finance\n" +
			"  starter user add --id li.si --name 李四 --org office --grant inspector:campaign:civilized-units-2027",
		Args: args(),
		RunE: func(c *cobra.Command, _ []string) error {
			for _, g := range grants {
				role, scope, _ := strings.Cut(g, ":")
				u.Grants = append(u.Grants, office.UserGrant{Role: role, Scope: scope})
			}
			secret, err := a.office().AddUser(c.Context(), u)
			if err != nil {
				return err
			}
			a.print("cli.user.added", "ID", u.ID, "Name", u.Name, "Org", u.Org, "Secret", secret)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&u.ID, "id", "", "the account's id, typed to sign in (letters, digits, '.', '_', '-')")
	f.StringVar(&u.Name, "name", "", "the person's name")
	f.StringVar(&u.Org, "org", "", "office, unit:UNIT or branch:BRANCH")
	f.StringArrayVar(&grants, "grant", nil, "a role to grant, ROLE or ROLE:SCOPE (repeat)")
	return cmd
}

// userGrantCmd is `user grant` or, with grant false, `user revoke`.
func (a *app) userGrantCmd(grant bool) *cobra.Command {
	var user string
	var g office.UserGrant
	verb, short := "revoke", "End an account's grant of a role"
	if grant {
		verb, short = "grant", "Grant an account a role, scoped to what it acts on"
	}
	cmd := &cobra.Command{
		Use:     verb + " --user ID --role ROLE [--scope SCOPE]",
		Short:   short,
		Example: "  starter user " + verb + " --user zhangsan --role unit-liaison --scope unit:finance",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			shown := g.Role
			if g.Scope != "" {
				shown += " " + g.Scope
			}
			if !grant {
				if err := a.office().RevokeRole(c.Context(), user, g); err != nil {
					return err
				}
				a.print("cli.user.revoked", "ID", user, "Grant", shown)
				return nil
			}
			added, err := a.office().GrantRole(c.Context(), user, g)
			if err != nil {
				return err
			}
			if !added {
				a.print("cli.user.already", "ID", user, "Grant", shown)
				return nil
			}
			a.print("cli.user.granted", "ID", user, "Grant", shown)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&user, "user", "", "the account")
	f.StringVar(&g.Role, "role", "", "the role")
	f.StringVar(&g.Scope, "scope", "", "what the role acts on: unit:UNIT, branch:BRANCH, campaign:C, campaign:C/unit:U")
	return cmd
}

func (a *app) userListCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the accounts and their grants in force (never a secret)",
		Example: "  starter user list",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			users, err := a.office().Users(c.Context())
			if err != nil {
				return err
			}
			a.view().Users(users)
			return nil
		},
	}
}
