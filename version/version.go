// Package version holds the build's version, stamped by `go tool task build`
// (-ldflags "-X wenming/version.Version=..."); a plain `go build` or `go run` says "dev".
package version

// Version is the build's version: the git description of the commit it was built from.
var Version = "dev"
