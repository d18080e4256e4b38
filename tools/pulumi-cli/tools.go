//go:build tools

// Package tools pins the Pulumi CLI so that `npm run pulumi:install` can build it from the Go
// module proxy (scripts/pulumi-install.ts). The Node.js language host has its own module in
// ./language-host. Nothing here is compiled into our package.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
