package activities

import (
	"go.temporal.io/sdk/temporal"

	"wenming/rules/problem"
)

// classify makes bad input a non-retryable error and leaves everything else (a database that
// is down, a lost connection) to the retry policy.
func classify(err error) error {
	if err != nil && problem.Is(err) {
		return temporal.NewNonRetryableApplicationError(err.Error(), problem.ErrorType, err)
	}
	return err
}
