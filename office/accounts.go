package office

import (
	"context"
	"time"

	"wenming/identity"
	"wenming/input/problem"
	"wenming/input/sheet"
	"wenming/rules/access"
	"wenming/store"
)

// The people who act: accounts in an organisation, and the roles granted to them, each scoped
// to what it acts on. The worker does not yet check submissions against them (issue 35).

// NewUser is an account to add, and the roles to grant it at once.
type NewUser struct {
	ID, Name, Org string
	Grants        []UserGrant
}

// UserGrant is a role and its scope, as written (access.ParseScope).
type UserGrant struct {
	Role, Scope string
}

// AddUser adds an account with a fresh initial secret, which it returns: the only time the
// secret exists outside the person's hands (the database keeps its hash). The roles are granted
// in the same act and transaction; every one is checked before anything is written.
func (o *Office) AddUser(ctx context.Context, u NewUser) (secret string, err error) {
	name, org, grants, err := checkUser(u)
	if err != nil {
		return "", err
	}
	db, err := o.database(ctx)
	if err != nil {
		return "", err
	}
	if secret, err = identity.NewSecret(); err != nil {
		return "", err
	}
	hash, err := identity.Hash(secret)
	if err != nil {
		return "", err
	}
	a := store.NewAccount{Account: store.Account{ID: u.ID, Name: name, Org: org.String()}, SecretHash: hash}
	if _, err := store.AddAccounts(ctx, db, []store.NewAccount{a}, grants, o.actor, time.Now()); err != nil {
		return "", err
	}
	return secret, nil
}

func checkUser(u NewUser) (string, access.Org, []store.Grant, error) {
	if !access.ValidAccountID(u.ID) {
		return "", access.Org{}, nil, problem.New("", 0, "id", "problem.access.account_id", "ID", u.ID)
	}
	name, err := access.CheckName(u.Name)
	if err != nil {
		return "", access.Org{}, nil, problem.Of("", 0, "name", err)
	}
	org, err := access.ParseOrg(u.Org)
	if err != nil {
		return "", access.Org{}, nil, problem.Of("", 0, "org", err)
	}
	var grants []store.Grant
	for _, g := range u.Grants {
		checked, err := checkGrant(u.ID, g)
		if err != nil {
			return "", access.Org{}, nil, err
		}
		grants = append(grants, checked)
	}
	return name, org, grants, nil
}

// checkGrant reads a role and its scope, and checks that the role takes the scope.
func checkGrant(account string, g UserGrant) (store.Grant, error) {
	if !access.ValidAccountID(account) {
		return store.Grant{}, problem.New("", 0, "user", "problem.access.account_id", "ID", account)
	}
	checked, err := access.ParseGrant(g.Role, g.Scope)
	if err != nil {
		return store.Grant{}, problem.Of("", 0, "grant", err)
	}
	return storedGrant(account, checked), nil
}

func storedGrant(account string, g access.Grant) store.Grant {
	return store.Grant{Account: account, Role: string(g.Role), Scope: g.Scope.String()}
}

// AddedUser is an account an import added, with the initial secret to hand to the person.
type AddedUser struct {
	ID, Name, Secret string
}

// ImportedUsers is what an import of accounts did: the accounts added, each with its secret
// (the only time it exists outside the person's hands), the accounts already there (their
// secrets unchanged), and the grants put in force.
type ImportedUsers struct {
	Added    []AddedUser
	Existing int
	Granted  int
}

// ImportUsers reads an accounts file (access.UserColumns) and takes it whole or not at all:
// every row checked first, the new accounts added with fresh secrets, every grant put in
// force once; an account already there keeps its secret and gains the grants it lacks, and a
// row naming it as another person (name or organisation) is refused with its line, since its
// roles would go to the wrong person.
func (o *Office) ImportUsers(ctx context.Context, tbl *sheet.Table) (ImportedUsers, error) {
	users, err := access.ReadUsers(tbl)
	if err != nil {
		return ImportedUsers{}, err
	}
	db, err := o.database(ctx)
	if err != nil {
		return ImportedUsers{}, err
	}
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	found, err := store.ExistingAccounts(ctx, db, ids)
	if err != nil {
		return ImportedUsers{}, err
	}
	existing := map[string]store.Account{}
	for _, a := range found {
		existing[a.ID] = a
	}
	l := problem.In(tbl.Name)
	for _, u := range users {
		if a, ok := existing[u.ID]; ok && (a.Name != u.Name || a.Org != u.Org.String()) {
			l.Add(u.Line, "name", "problem.access.account_differs", "ID", u.ID, "Had", a.Name, "HadOrg", a.Org, "Name", u.Name, "Org", u.Org.String())
		}
	}
	if err := l.Err(); err != nil {
		return ImportedUsers{}, err
	}
	var out ImportedUsers
	var added []store.NewAccount
	var grants []store.Grant
	for _, u := range users {
		for _, g := range u.Grants {
			grants = append(grants, storedGrant(u.ID, g))
		}
		if _, ok := existing[u.ID]; ok {
			out.Existing++
			continue
		}
		secret, err := identity.NewSecret()
		if err != nil {
			return ImportedUsers{}, err
		}
		hash, err := identity.Hash(secret)
		if err != nil {
			return ImportedUsers{}, err
		}
		added = append(added, store.NewAccount{Account: store.Account{ID: u.ID, Name: u.Name, Org: u.Org.String()}, SecretHash: hash})
		out.Added = append(out.Added, AddedUser{ID: u.ID, Name: u.Name, Secret: secret})
	}
	if out.Granted, err = store.AddAccounts(ctx, db, added, grants, o.actor, time.Now()); err != nil {
		return ImportedUsers{}, err
	}
	return out, nil
}

// GrantRole grants an account a role for a scope; a grant already in force adds nothing
// (false).
func (o *Office) GrantRole(ctx context.Context, account string, g UserGrant) (bool, error) {
	checked, err := checkGrant(account, g)
	if err != nil {
		return false, err
	}
	db, err := o.database(ctx)
	if err != nil {
		return false, err
	}
	return store.GrantRole(ctx, db, checked, o.actor, time.Now())
}

// RevokeRole ends an account's grant of a role for a scope.
func (o *Office) RevokeRole(ctx context.Context, account string, g UserGrant) error {
	checked, err := checkGrant(account, g)
	if err != nil {
		return err
	}
	db, err := o.database(ctx)
	if err != nil {
		return err
	}
	return store.RevokeRole(ctx, db, checked, o.actor, time.Now())
}

// Users lists the accounts and their grants in force.
func (o *Office) Users(ctx context.Context) ([]store.ListedAccount, error) {
	db, err := o.database(ctx)
	if err != nil {
		return nil, err
	}
	return store.ListAccounts(ctx, db)
}
