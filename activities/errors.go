package activities

import (
	"errors"
	"fmt"
	"strings"

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
	if !errors.As(err, &pqErr) {
		return err
	}
	// PostgreSQL's message may quote the value it refused (a name, a phone number); what
	// leaves the worker names the statement's failure and the schema objects only.
	msg := strings.Replace(err.Error(), pqErr.Error(), redacted(pqErr), 1)
	if transient(pqErr) {
		return temporal.NewApplicationError(msg, "DatabaseUnavailable")
	}
	return temporal.NewNonRetryableApplicationError(msg, "DatabaseRefused", nil)
}

// redacted describes a PostgreSQL error by its condition and the objects involved, never by
// the values in its message or detail.
func redacted(e *pq.Error) string {
	s := fmt.Sprintf("the database refused the statement: %s (SQLSTATE %s)", e.Code.Name(), e.Code)
	for _, part := range []struct{ name, value string }{{"table", e.Table}, {"column", e.Column}, {"constraint", e.Constraint}} {
		if part.value != "" {
			s += fmt.Sprintf(", %s %s", part.name, part.value)
		}
	}
	return s
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
