package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"

	"wenming/cli"
)

// driver runs CLI verbs in this process against the demo's stack, echoing each one.
type driver struct {
	ctx   context.Context
	flags []string // connection flags added to every command
}

// step prints a heading for a part of the scenario.
func (d *driver) step(title string) {
	fmt.Printf("\n== %s ==\n", title)
}

// cli runs one command line and fails the demo when it does not succeed.
func (d *driver) cli(argv ...string) error {
	fmt.Printf("\n$ starter %s\n", strings.Join(quote(argv), " "))
	if code := cli.Run(d.ctx, append(argv, d.flags...), os.Stdout, os.Stderr); code != 0 {
		return fmt.Errorf("starter %s exited with %d", strings.Join(argv, " "), code)
	}
	return nil
}

// cliRefused runs a command that must be refused (the demo shows what bad input looks like).
func (d *driver) cliRefused(argv ...string) error {
	fmt.Printf("\n$ starter %s    # refused on purpose\n", strings.Join(quote(argv), " "))
	if code := cli.Run(d.ctx, append(argv, d.flags...), os.Stdout, os.Stdout); code != 2 {
		return fmt.Errorf("starter %s exited with %d, expected 2 (refused)", strings.Join(argv, " "), code)
	}
	return nil
}

func quote(argv []string) []string {
	out := make([]string, len(argv))
	for i, a := range argv {
		if strings.ContainsAny(a, " \t") {
			a = strconv.Quote(a)
		}
		out[i] = a
	}
	return out
}

// freeOr returns port when it is free on 127.0.0.1, else 0 (a free port is chosen).
func freeOr(port int) int {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return 0
	}
	l.Close()
	return port
}
