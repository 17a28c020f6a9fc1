package cli

import (
	"fmt"
	"strings"

	"github.com/switchyard-go/switchyard/cmd/switchyard/internal/cli/model"
)

func (r *runner) topHelp() {
	fmt.Fprint(r.stdout, `switchyard: Amazon EventBridge for Go, as a server and as the aws CLI's commands.

Usage:
  switchyard serve [--addr 127.0.0.1:4010] [--data-dir DIR]      run the endpoint
  switchyard [options] events <subcommand> [parameters]          aws events ...
  switchyard [options] cloudtrail-data <subcommand> [parameters] aws cloudtrail-data ...

Without a server (no AWS account, no credentials):
  switchyard events test-event-pattern --event-pattern file://rule.json --event file://event.json [--explain]
  switchyard events validate-rules DIR      check every rule in a directory (CI)

Against a server:
  switchyard --endpoint-url http://127.0.0.1:4010 events put-events --entries file://putevents.json
  (or set SWITCHYARD_ENDPOINT once; without either, commands open --data-dir in-process)

Options (anywhere on the line, as in the aws CLI):
  --endpoint-url URL     server to talk to (SWITCHYARD_ENDPOINT)
  --data-dir DIR         data directory for the in-process mode (default ./switchyard-data)
  --region REGION        region to sign for (AWS_REGION, default us-east-1)
  --profile NAME         credentials profile (the usual AWS credential chain)
  --output json|text|table
  --query EXPR           JMESPath applied to the response
  --no-paginate          one page only (list commands page automatically)
  --debug                log the HTTP traffic to stderr

Parameters take JSON, file://PATH, fileb://PATH or shorthand (Key=value,List=a,b,Nested={K=v}),
plus --cli-input-json and --generate-cli-skeleton [input|output].
Run 'switchyard events help' for the subcommands, 'switchyard events put-events help' for one.
Exit codes: 0 ok, 252 usage error, 254 service error, 255 other error.
`)
}

func (r *runner) serviceHelp(svc *model.Service) {
	fmt.Fprintf(r.stdout, "switchyard %s <subcommand> [parameters]\n\nSubcommands:\n", svc.Name)
	names := svc.OperationNames()
	if svc.Name == "events" {
		names = append(names, "validate-rules")
	}
	for _, n := range names {
		fmt.Fprintf(r.stdout, "  %s\n", n)
	}
	fmt.Fprintf(r.stdout, "\nRun 'switchyard %s <subcommand> help' for its parameters.\n", svc.Name)
}

func (r *runner) operationHelp(svc *model.Service, op *model.Operation) {
	var b strings.Builder
	fmt.Fprintf(&b, "switchyard %s %s (%s)\n\nParameters:\n", svc.Name, op.CLI, op.Name)
	if op.Input != "" {
		in := svc.Shape(op.Input)
		for _, m := range in.Members {
			sh := svc.Shape(m.Shape)
			req := ""
			if in.IsRequired(m.Name) {
				req = " (required)"
			}
			flag := "--" + m.CLI
			if sh.Type == model.Boolean {
				flag = "--" + m.CLI + " | --no-" + m.CLI
			}
			fmt.Fprintf(&b, "  %s %s%s\n", flag, typeHint(svc, sh), req)
			if ex := shorthandHint(svc, sh); ex != "" {
				fmt.Fprintf(&b, "      shorthand: %s\n", ex)
			}
		}
	}
	if op.Paginator != nil {
		b.WriteString("  --starting-token TOKEN  --page-size N  --max-items N\n")
	}
	if svc.Name == "events" && op.Name == "TestEventPattern" {
		b.WriteString("  --explain   say why a non-matching event fails (Switchyard only; local matching)\n")
	}
	b.WriteString("  --cli-input-json JSON|file://PATH\n  --generate-cli-skeleton [input|output]\n")
	fmt.Fprint(r.stdout, b.String())
}

// typeHint names a shape's type for help: string, integer, list of
// structure, ...
func typeHint(svc *model.Service, sh *model.Shape) string {
	switch sh.Type {
	case model.List:
		return "[" + typeHint(svc, svc.Shape(sh.Member)) + " ...]"
	case model.Map:
		return "map"
	case model.String:
		if len(sh.Enum) > 0 {
			return strings.Join(sh.Enum, "|")
		}
	}
	return sh.Type
}

// shorthandHint shows the shorthand form of a structure or list of
// structures: Source=string,Resources=string,string,...
func shorthandHint(svc *model.Service, sh *model.Shape) string {
	if sh.Type == model.List {
		el := svc.Shape(sh.Member)
		if el.Type != model.Structure {
			return ""
		}
		return shorthandFields(svc, el, 0) + " ..."
	}
	if sh.Type != model.Structure {
		return ""
	}
	return shorthandFields(svc, sh, 0)
}

func shorthandFields(svc *model.Service, sh *model.Shape, depth int) string {
	parts := make([]string, 0, len(sh.Members))
	for _, m := range sh.Members {
		ms := svc.Shape(m.Shape)
		var v string
		switch ms.Type {
		case model.Structure:
			if depth >= 1 {
				v = "{...}"
			} else {
				v = "{" + shorthandFields(svc, ms, depth+1) + "}"
			}
		case model.List:
			el := svc.Shape(ms.Member)
			if el.Type == model.Structure {
				v = "[{...},{...}]"
			} else {
				v = el.Type + "," + el.Type
			}
		case model.Map:
			v = "{KeyName1=string,KeyName2=string}"
		default:
			v = ms.Type
		}
		parts = append(parts, m.Name+"="+v)
	}
	return strings.Join(parts, ",")
}
