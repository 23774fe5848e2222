// Command k8s-check decodes Kubernetes manifests strictly into the real API types (k8s.io/api),
// runs the checks the API server would run on them, and lints Dockerfiles with BuildKit's own
// parser. Cairn's CI has no cluster and no container engine (DESIGN.md D18): this is what makes a
// typo in a rendered manifest or in deploy/model-server.Dockerfile fail a test.
//
// Usage:
//
//	k8s-check [-dockerfile FILE]... [MANIFEST.yaml ...]
//
// With no manifest files and no -dockerfile, the manifests are read from standard input ("-"
// names it explicitly). Every problem is printed as "<file>: <document>: <problem>"; the exit
// status is 1 when there is any, 2 on a usage error.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	var dockerfiles listFlag
	flag.Var(&dockerfiles, "dockerfile", "a Dockerfile to check (repeatable)")
	quiet := flag.Bool("quiet", false, "print nothing when everything passes")
	flag.Parse()

	manifests := flag.Args()
	if len(manifests) == 0 && len(dockerfiles) == 0 {
		manifests = []string{"-"}
	}

	var problems []string
	checked := 0
	for _, path := range manifests {
		data, err := readInput(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		docs, errs := CheckManifests(data)
		checked += docs
		for _, e := range errs {
			problems = append(problems, fmt.Sprintf("%s: %v", displayName(path), e))
		}
	}
	for _, path := range dockerfiles {
		data, err := readInput(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		for _, e := range CheckDockerfile(data, DefaultDockerfileRules()) {
			problems = append(problems, fmt.Sprintf("%s: %v", displayName(path), e))
		}
	}

	for _, p := range problems {
		fmt.Fprintln(os.Stderr, p)
	}
	if len(problems) > 0 {
		fmt.Fprintf(os.Stderr, "k8s-check: %d problem(s)\n", len(problems))
		os.Exit(1)
	}
	if !*quiet {
		fmt.Printf("k8s-check: %d manifest document(s) in %d file(s) and %d Dockerfile(s) are valid\n",
			checked, len(manifests), len(dockerfiles))
	}
}

func readInput(path string) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(os.Stdin)
	}
	return os.ReadFile(path)
}

func displayName(path string) string {
	if path == "-" {
		return "<stdin>"
	}
	return path
}
