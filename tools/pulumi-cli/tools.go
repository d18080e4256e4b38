//go:build tools

// Package tools pins the Pulumi CLI and its Node.js language host so that
// `npm run pulumi:install` can build both from the Go module proxy
// (see scripts/pulumi-install.ts). Nothing here is compiled into our package.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
	_ "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
)
