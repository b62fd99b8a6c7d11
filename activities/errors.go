package activities

import (
	"errors"
	"fmt"
	"strings"

	"github.com/lib/pq"
	"go.temporal.io/sdk/temporal"

	"wenming/input/problem"
)

// ErrRefused is the error type of a statement PostgreSQL refused for what it says.
const ErrRefused = "DatabaseRefused"

// classify names each failure by its kind, and leaves the retrying to the caller's policy:
// bad input (problem.ErrorType) and a statement PostgreSQL refuses for what it says (a
// constraint, a type, a syntax error: ErrRefused) cannot be mended by a retry, so a
// submission's write gives them back to its sender at once; a workflow's own course retries
// them until a fixed build lets them through, rather than end a campaign that runs for a
// year. A database that is down, busy or shutting down, or a lost connection, is
// "DatabaseUnavailable", which every policy retries.
func classify(err error) error {
	if err == nil {
		return nil
	}
	if problem.Is(err) {
		return temporal.NewApplicationErrorWithCause(err.Error(), problem.ErrorType, err)
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
	return temporal.NewApplicationError(msg, ErrRefused)
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
