package main

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// DockerfileRules are what Cairn's model-server image promises the manifests (kubernetes_manifests.hpp):
// the pod runs `cairn` as a non-root user on port 8080.
type DockerfileRules struct {
	MinStages  int    // a multi-stage build: the toolchain stays out of the image
	Entrypoint string // the base name of the final stage's exec-form ENTRYPOINT's program
	Port       string // a port the final stage EXPOSEs
}

// DefaultDockerfileRules are the rules for deploy/model-server.Dockerfile.
func DefaultDockerfileRules() DockerfileRules {
	return DockerfileRules{MinStages: 2, Entrypoint: "cairn", Port: "8080"}
}

// CheckDockerfile parses a Dockerfile with BuildKit's parser and instruction reader (what
// `docker build` runs), treats BuildKit's parse warnings and lint rules as errors, and checks the
// rules: enough stages, COPY --from naming an earlier stage, and in the final stage a USER that is
// not root, an exec-form ENTRYPOINT of the expected program and the expected EXPOSEd port.
func CheckDockerfile(data []byte, rules DockerfileRules) []error {
	result, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return []error{fmt.Errorf("does not parse: %v", err)}
	}
	var errs []error
	for _, w := range result.Warnings {
		errs = append(errs, fmt.Errorf("%s%s", lineOf(w.Location), w.Short))
	}
	lint := linter.New(&linter.Config{Warn: func(rule, description, url, message string, location []parser.Range) {
		at := ""
		if len(location) > 0 {
			at = lineOf(&location[0])
		}
		errs = append(errs, fmt.Errorf("%s%s (%s)", at, message, rule))
	}})
	stages, _, err := instructions.Parse(result.AST, lint)
	if err != nil {
		return append(errs, fmt.Errorf("invalid instruction: %v", err))
	}
	if len(stages) < rules.MinStages {
		errs = append(errs, fmt.Errorf("%d stage(s); want a multi-stage build of at least %d", len(stages), rules.MinStages))
	}
	if len(stages) == 0 {
		return errs
	}

	named := map[string]bool{}
	for i, stage := range stages {
		for _, cmd := range stage.Commands {
			if c, ok := cmd.(*instructions.CopyCommand); ok && c.From != "" && !named[strings.ToLower(c.From)] && !strings.Contains(c.From, "/") && !strings.Contains(c.From, ":") {
				errs = append(errs, fmt.Errorf("%sCOPY --from=%s names no earlier stage", lineOf(first(c.Location())), c.From))
			}
		}
		if stage.Name != "" {
			named[strings.ToLower(stage.Name)] = true
		}
		named[fmt.Sprint(i)] = true
	}

	final := stages[len(stages)-1]
	var user *instructions.UserCommand
	var entrypoint *instructions.EntrypointCommand
	exposed := false
	for _, cmd := range final.Commands {
		switch c := cmd.(type) {
		case *instructions.UserCommand:
			user = c
		case *instructions.EntrypointCommand:
			entrypoint = c
		case *instructions.ExposeCommand:
			for _, p := range c.Ports {
				if strings.TrimSuffix(p, "/tcp") == rules.Port {
					exposed = true
				}
			}
		}
	}
	if user == nil {
		errs = append(errs, fmt.Errorf("the final stage has no USER: the image would run as root"))
	} else if name := strings.SplitN(user.User, ":", 2)[0]; name == "root" || name == "0" || name == "" {
		errs = append(errs, fmt.Errorf("%sthe final stage runs as root (USER %s)", lineOf(first(user.Location())), user.User))
	}
	switch {
	case entrypoint == nil:
		errs = append(errs, fmt.Errorf("the final stage has no ENTRYPOINT"))
	case entrypoint.PrependShell:
		errs = append(errs, fmt.Errorf("%sENTRYPOINT is in shell form: signals would reach the shell, not %s", lineOf(first(entrypoint.Location())), rules.Entrypoint))
	case len(entrypoint.CmdLine) == 0 || path.Base(entrypoint.CmdLine[0]) != rules.Entrypoint:
		errs = append(errs, fmt.Errorf("%sENTRYPOINT %v does not run %s", lineOf(first(entrypoint.Location())), entrypoint.CmdLine, rules.Entrypoint))
	}
	if !exposed {
		errs = append(errs, fmt.Errorf("the final stage does not EXPOSE %s", rules.Port))
	}
	return errs
}

func first(ranges []parser.Range) *parser.Range {
	if len(ranges) == 0 {
		return nil
	}
	return &ranges[0]
}

func lineOf(r *parser.Range) string {
	if r == nil {
		return ""
	}
	return fmt.Sprintf("line %d: ", r.Start.Line)
}
