package activities

import (
	"errors"

	"github.com/lib/pq"
	"go.temporal.io/sdk/temporal"

	"wenming/rules/problem"
)

// classify decides which failures a retry can mend. Bad input never can; neither can a
// statement PostgreSQL refuses for what it says (a constraint, a type, a syntax error): those
// fail at once with their message instead of retrying forever. A database that is down,
// busy or shutting down, or a lost connection, is left to the retry policy.
func classify(err error) error {
	if err == nil {
		return nil
	}
	if problem.Is(err) {
		return temporal.NewNonRetryableApplicationError(err.Error(), problem.ErrorType, err)
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && !transient(pqErr) {
		return temporal.NewNonRetryableApplicationError(err.Error(), "DatabaseRefused", err)
	}
	return err
}

// transient SQLSTATE classes: connection exceptions (08), transaction rollbacks such as
// serialization failures and deadlocks (40), insufficient resources (53), operator
// intervention such as a shutdown (57), and system errors (58).
func transient(e *pq.Error) bool {
	switch e.Code.Class() {
	case "08", "40", "53", "57", "58":
		return true
	}
	return false
}
