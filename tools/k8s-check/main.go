// Command k8s-check decodes Kubernetes manifests strictly into the real API types (k8s.io/api),
// runs the checks the API server would run on them, and lints Dockerfiles with BuildKit's own
// parser. Cairn's CI has no cluster and no container engine (DESIGN.md D18): this is what makes a
// typo in a rendered manifest or in deploy/model-server.Dockerfile fail a test.
//
// Usage:
//
//	k8s-check [-dockerfile FILE]... [MANIFEST.yaml ...]
//	k8s-check -chart DIR [-values FILE]... [-print]
//
// With -chart, the Helm chart in DIR is rendered as an install (Helm's own engine, RenderChart)
// with the values files, and what it renders is checked; -print writes the rendered manifests to
// standard output. A template that refuses its values (`fail`) is a problem like any other.
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
	chart := flag.String("chart", "", "a Helm chart directory to render and check")
	var valueFiles listFlag
	flag.Var(&valueFiles, "values", "a values file for -chart (repeatable; later ones win)")
	print := flag.Bool("print", false, "with -chart, write the rendered manifests to standard output")
	flag.Parse()

	if *chart != "" {
		os.Exit(checkChart(*chart, valueFiles, *print, *quiet))
	}

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

// checkChart renders and checks a chart; the exit status as main's.
func checkChart(dir string, valueFiles []string, print bool, quiet bool) int {
	rendered, err := RenderChart(dir, valueFiles)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", dir, err)
		return 1
	}
	if print {
		os.Stdout.Write(rendered)
	}
	docs, errs := CheckManifests(rendered)
	for _, e := range errs {
		fmt.Fprintf(os.Stderr, "%s: %v\n", dir, e)
	}
	if len(errs) > 0 {
		fmt.Fprintf(os.Stderr, "k8s-check: %d problem(s)\n", len(errs))
		return 1
	}
	if !quiet && !print {
		fmt.Printf("k8s-check: the chart %s renders %d valid manifest document(s)\n", dir, docs)
	}
	return 0
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
