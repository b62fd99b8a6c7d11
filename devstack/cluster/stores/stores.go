// Package stores passes the Temporal server's PostgreSQL databases from the cluster mode to
// the server process, by URL in its environment (never on a command line, where ps shows it).
package stores

import (
	"fmt"
	"maps"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"

	"wenming/devstack"
	"wenming/msg"
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
	if v.Address != p.Address || v.User != p.User || !maps.Equal(v.ConnectAttributes, p.ConnectAttributes) {
		return p, fmt.Errorf("%s and %s must name one PostgreSQL server and user, with the same TLS settings", PersistenceEnv, VisibilityEnv)
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
	attrs, err := ConnectAttributes(u)
	if err != nil {
		return devstack.PostgresStores{}, err
	}
	pw, _ := u.User.Password()
	return devstack.PostgresStores{Address: u.Host, User: u.User.Username(), Password: pw, Persistence: strings.Trim(u.Path, "/"),
		ConnectAttributes: attrs}, nil
}

// tlsParams are the settings of a PostgreSQL URL's query that choose and check TLS and that the
// Temporal server's PostgreSQL driver (lib/pq, plugin postgres12) understands.
var tlsParams = []string{"sslmode", "sslrootcert", "sslcert", "sslkey", "sslsni", "sslnegotiation", "sslinline"}

// ConnectAttributes are the TLS settings of a PostgreSQL URL (sslmode, sslrootcert, sslcert,
// sslkey, ...), as the Temporal server's SQL configuration takes them (connectAttributes). A
// TLS setting the server's driver does not understand (sslcrl, sslpassword) is refused
// rather than left out: the connection would not be what the URL asks for. Other settings of
// the query (application_name, connect_timeout) are the product's connection's alone.
func ConnectAttributes(u *url.URL) (map[string]string, error) {
	attrs := map[string]string{}
	names := make([]string, 0, len(u.Query()))
	for name := range u.Query() {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		switch {
		case slices.Contains(tlsParams, name):
			attrs[name] = u.Query().Get(name)
		case strings.HasPrefix(name, "ssl"):
			return nil, msg.Err("cluster.database_tls", "Database", strings.Trim(u.Path, "/"), "Param", name)
		}
	}
	return attrs, nil
}
