package connect

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"time"

	"wenming/msg"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // the PostgreSQL driver

	"wenming/devstack/postgres"
	"wenming/schema"
)

// ResolveDatabaseURL returns DATABASE_URL, or the product database on the private cluster
// that a running dev stack recorded in the data directory.
func (c *Config) ResolveDatabaseURL() (string, error) {
	if c.DatabaseURL != "" {
		return c.DatabaseURL, nil
	}
	admin, err := postgres.RecordedURL(postgres.DirIn(c.DataDir))
	if err != nil {
		return "", err
	}
	return postgres.WithDatabase(admin, postgres.ProductDatabase), nil
}

// OpenDB connects to PostgreSQL and brings the schema up to date.
func (c *Config) OpenDB(ctx context.Context) (*sqlx.DB, error) {
	u, err := c.ResolveDatabaseURL()
	if err != nil {
		return nil, err
	}
	return Open(ctx, u)
}

// Open connects to the database at u and migrates it.
func Open(ctx context.Context, u string) (*sqlx.DB, error) {
	db, err := sqlx.Open("postgres", u)
	if err != nil {
		return nil, msg.Wrap(err, "connect.pg.open", "URL", Redact(u))
	}
	// As many idle connections as open ones: under load (a worker's activities, a bulk import)
	// the default of two idle would close and reopen a server process for most statements.
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, msg.WithHint(msg.Wrap(err, "connect.pg.unreachable", "URL", Redact(u)), msg.Say("connect.pg.hint"))
	}
	if err := schema.Migrate(ctx, db.DB); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Redact hides the password of a database URL for messages and logs.
func Redact(raw string) string {
	if !strings.Contains(raw, "://") {
		// A key=value connection string: host=db user=wm password='s3cret'.
		return kvPassword.ReplaceAllString(raw, "${1}xxxxx")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// kvPassword is the password of a key=value connection string, quoted or not.
var kvPassword = regexp.MustCompile(`(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S*)`)
