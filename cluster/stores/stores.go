// Package stores passes the Temporal server's PostgreSQL databases from the cluster mode to
// the server process, by URL in its environment (never on a command line, where ps shows it).
package stores

import (
	"fmt"
	"net/url"
	"os"
	"strings"

	"wenming/devstack"
)

// The variables that carry the databases' URLs.
const (
	PersistenceEnv = "WENMING_TEMPORAL_PERSISTENCE_URL"
	VisibilityEnv  = "WENMING_TEMPORAL_VISIBILITY_URL"
)

// Env are the variables for the server process.
func Env(persistence, visibility string) []string {
	return []string{PersistenceEnv + "=" + persistence, VisibilityEnv + "=" + visibility}
}

// FromEnv reads the databases the server is given. Both must be on one PostgreSQL server,
// with the same user.
func FromEnv(shards int) (devstack.PostgresStores, error) {
	p, err := parse(os.Getenv(PersistenceEnv), PersistenceEnv)
	if err != nil {
		return p, err
	}
	v, err := parse(os.Getenv(VisibilityEnv), VisibilityEnv)
	if err != nil {
		return p, err
	}
	if v.Address != p.Address || v.User != p.User {
		return p, fmt.Errorf("%s and %s must name one PostgreSQL server and user", PersistenceEnv, VisibilityEnv)
	}
	p.Visibility, p.Shards = v.Persistence, shards
	return p, nil
}

// FromURLs are the stores of two database URLs.
func FromURLs(persistence, visibility string, shards int) (devstack.PostgresStores, error) {
	p, err := parse(persistence, "persistence")
	if err != nil {
		return p, err
	}
	v, err := parse(visibility, "visibility")
	if err != nil {
		return p, err
	}
	p.Visibility, p.Shards = v.Persistence, shards
	return p, nil
}

func parse(raw, what string) (devstack.PostgresStores, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || strings.Trim(u.Path, "/") == "" {
		return devstack.PostgresStores{}, fmt.Errorf("%s: a PostgreSQL URL postgres://user:password@host:port/database is needed", what)
	}
	pw, _ := u.User.Password()
	return devstack.PostgresStores{Address: u.Host, User: u.User.Username(), Password: pw, Persistence: strings.Trim(u.Path, "/")}, nil
}
