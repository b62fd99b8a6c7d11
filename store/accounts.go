package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"wenming/input/problem"
)

// Account is a person who acts, as the office added them.
type Account struct {
	ID   string `db:"id"`
	Name string `db:"name"`
	Org  string `db:"org"` // office, unit:<id> or branch:<id>
}

// Grant is a role given to an account, scoped to what it acts on ("" for the whole office).
type Grant struct {
	Account string
	Role    string
	Scope   string
}

// ListedAccount is an account and the grants in force.
type ListedAccount struct {
	Account
	MustChange bool
	CreatedAt  time.Time
	Grants     []Grant
}

// NewAccount is an account to add, with its secret's hash.
type NewAccount struct {
	Account
	SecretHash string
}

// AddAccounts adds new accounts and puts grants in force, all in one transaction: an account
// whose secret was made is written with its grants or not at all (a secret printed for an
// account that was then not written, or written without its roles, would be lost). An id
// already taken is refused: adding again must never replace a person's secret. A grant
// already in force adds nothing. It returns how many grants were new. The audit lines are the
// transaction's last writes (they hold the audit chain until it commits).
func AddAccounts(ctx context.Context, db *sqlx.DB, added []NewAccount, grants []Grant, by string, at time.Time) (int, error) {
	granted := 0
	err := inTx(ctx, db, func(tx *sqlx.Tx) error {
		var lines []Audit
		for _, a := range added {
			line, err := addAccount(ctx, tx, a, by, at)
			if err != nil {
				return err
			}
			lines = append(lines, line)
		}
		for _, g := range grants {
			if err := accountExists(ctx, tx, g.Account); err != nil {
				return err
			}
			line, ok, err := grantRole(ctx, tx, g, by, at)
			if err != nil {
				return err
			}
			if ok {
				lines = append(lines, line)
			}
		}
		granted = len(lines) - len(added)
		for _, a := range lines {
			if err := audit(ctx, tx, a); err != nil {
				return err
			}
		}
		return nil
	})
	return granted, err
}

func addAccount(ctx context.Context, tx *sqlx.Tx, a NewAccount, by string, at time.Time) (Audit, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO accounts (id, name, org, secret_hash, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, a.ID, a.Name, a.Org, a.SecretHash, by, at)
	if err != nil {
		return Audit{}, fmt.Errorf("add account %s: %w", a.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Audit{}, problem.New("", 0, "id", "problem.store.account_exists", "ID", a.ID)
	}
	return Audit{Kind: "user-add", Target: "account/" + a.ID, SubmissionID: "add", Actor: by, Accepted: true,
		Summary: fmt.Sprintf("%s (%s)", a.Name, a.Org), At: at}, nil
}

// GrantRole puts a grant in force, once: a grant already in force adds nothing (false).
func GrantRole(ctx context.Context, db *sqlx.DB, g Grant, by string, at time.Time) (bool, error) {
	n, err := AddAccounts(ctx, db, nil, []Grant{g}, by, at)
	return n > 0, err
}

func grantRole(ctx context.Context, tx *sqlx.Tx, g Grant, by string, at time.Time) (Audit, bool, error) {
	var id int64
	err := tx.GetContext(ctx, &id, `INSERT INTO role_grants (account_id, role, scope, granted_by, granted_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account_id, role, scope) WHERE revoked_at IS NULL DO NOTHING RETURNING id`,
		g.Account, g.Role, g.Scope, by, at)
	if isNoRows(err) {
		return Audit{}, false, nil
	}
	if err != nil {
		return Audit{}, false, fmt.Errorf("grant %s to %s: %w", g.Role, g.Account, err)
	}
	return Audit{Kind: "grant", Target: "account/" + g.Account, SubmissionID: fmt.Sprintf("grant-%d", id),
		Actor: by, Accepted: true, Summary: grantSummary(g), At: at}, true, nil
}

// ExistingAccounts are the accounts among ids that exist already.
func ExistingAccounts(ctx context.Context, db *sqlx.DB, ids []string) ([]Account, error) {
	var out []Account
	if err := db.SelectContext(ctx, &out, `SELECT id, name, org FROM accounts WHERE id = ANY($1) ORDER BY id`, pq.Array(ids)); err != nil {
		return nil, fmt.Errorf("look up accounts: %w", err)
	}
	return out, nil
}

// RevokeRole ends the grant in force; a grant not in force is refused with why.
func RevokeRole(ctx context.Context, db *sqlx.DB, g Grant, by string, at time.Time) error {
	return inTx(ctx, db, func(tx *sqlx.Tx) error {
		if err := accountExists(ctx, tx, g.Account); err != nil {
			return err
		}
		var id int64
		err := tx.GetContext(ctx, &id, `UPDATE role_grants SET revoked_by = $4, revoked_at = $5
			WHERE account_id = $1 AND role = $2 AND scope = $3 AND revoked_at IS NULL RETURNING id`, g.Account, g.Role, g.Scope, by, at)
		if isNoRows(err) {
			return problem.New("", 0, "role", "problem.store.grant_not_in_force", "ID", g.Account, "Grant", grantSummary(g))
		}
		if err != nil {
			return fmt.Errorf("revoke %s of %s: %w", g.Role, g.Account, err)
		}
		return audit(ctx, tx, Audit{Kind: "revoke", Target: "account/" + g.Account, SubmissionID: fmt.Sprintf("revoke-%d", id),
			Actor: by, Accepted: true, Summary: grantSummary(g), At: at})
	})
}

func grantSummary(g Grant) string {
	if g.Scope == "" {
		return g.Role
	}
	return g.Role + " " + g.Scope
}

func accountExists(ctx context.Context, tx *sqlx.Tx, id string) error {
	var ok bool
	if err := tx.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM accounts WHERE id = $1)`, id); err != nil {
		return fmt.Errorf("look up account %s: %w", id, err)
	}
	if !ok {
		return problem.New("", 0, "user", "problem.store.no_account", "ID", id)
	}
	return nil
}

// ListAccounts lists every account by id, with its grants in force; never a secret or its hash.
func ListAccounts(ctx context.Context, db *sqlx.DB) ([]ListedAccount, error) {
	var rows []struct {
		ID         string         `db:"id"`
		Name       string         `db:"name"`
		Org        string         `db:"org"`
		MustChange bool           `db:"must_change"`
		CreatedAt  time.Time      `db:"created_at"`
		Roles      pq.StringArray `db:"roles"`
		Scopes     pq.StringArray `db:"scopes"`
	}
	if err := db.SelectContext(ctx, &rows, `
		SELECT a.id, a.name, a.org, a.must_change, a.created_at,
			coalesce(array_agg(g.role ORDER BY g.role, g.scope) FILTER (WHERE g.id IS NOT NULL), '{}') AS roles,
			coalesce(array_agg(g.scope ORDER BY g.role, g.scope) FILTER (WHERE g.id IS NOT NULL), '{}') AS scopes
		FROM accounts a LEFT JOIN role_grants g ON g.account_id = a.id AND g.revoked_at IS NULL
		GROUP BY a.id ORDER BY a.id`); err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	out := make([]ListedAccount, len(rows))
	for i, r := range rows {
		out[i] = ListedAccount{Account: Account{ID: r.ID, Name: r.Name, Org: r.Org}, MustChange: r.MustChange, CreatedAt: r.CreatedAt}
		for j, role := range r.Roles {
			out[i].Grants = append(out[i].Grants, Grant{Account: r.ID, Role: role, Scope: r.Scopes[j]})
		}
	}
	return out, nil
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
