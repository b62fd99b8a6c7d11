// Command starter is the administrators' CLI; see package cli for its verbs.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"wenming/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
