// Package activities holds the product's side effects, called by workflows: reads and writes
// of PostgreSQL through the store package. Activities are thin: each one decodes its input,
// calls the store, and says which failures are worth a retry.
package activities

import (
	"github.com/jmoiron/sqlx"
)

// Activities holds the dependencies of every activity; it is registered as one value, and
// workflows refer to its methods through a nil *Activities.
type Activities struct {
	DB     *sqlx.DB
	Worker string // identity recorded with checks
}
