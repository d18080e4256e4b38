//go:build tools

// Package tools pins Pulumi's Node.js language host (`pulumi-language-nodejs`) for
// `npm run pulumi:install`. It is a module of its own, apart from the CLI's (../go.mod): the host
// has no version tags, the one pseudo-version the module proxy serves is the code of Pulumi
// v3.188.0, and that code does not compile against the CLI's newer pkg/sdk modules.
package tools

import (
	_ "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
)
