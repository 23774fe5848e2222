package main

import (
	"os"
	"strings"
	"testing"
)

func problems(t *testing.T, data []byte) []string {
	t.Helper()
	_, errs := CheckManifests(data)
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Error()
	}
	return out
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// expectProblem requires a problem that mentions every one of `parts`.
func expectProblem(t *testing.T, got []string, parts ...string) {
	t.Helper()
	for _, p := range got {
		all := true
		for _, part := range parts {
			all = all && strings.Contains(p, part)
		}
		if all {
			return
		}
	}
	t.Errorf("no problem mentions %q; got %q", parts, got)
}

func TestRenderedManifestsPass(t *testing.T) {
	n, errs := CheckManifests(readTestdata(t, "good.yaml"))
	if len(errs) > 0 {
		t.Fatalf("unexpected problems: %v", errs)
	}
	if n != 6 {
		t.Fatalf("decoded %d documents, want 6", n)
	}
}

func TestMisspeltFieldFailsNamingTheDocumentAndField(t *testing.T) {
	got := problems(t, readTestdata(t, "bad-unknown-field.yaml"))
	if len(got) != 1 {
		t.Fatalf("want exactly one problem, got %q", got)
	}
	expectProblem(t, got, "document 3", "Deployment", `unknown field "spec.template.spec.containers[0].imagePullPolicyy"`)
}

func TestSelectorThatMissesThePodsFails(t *testing.T) {
	got := problems(t, readTestdata(t, "bad-selector.yaml"))
	expectProblem(t, got, "Deployment", "does not match template `labels`")
	expectProblem(t, got, "Service", "selects the pods of no Deployment")
	expectProblem(t, got, "PodDisruptionBudget", "selects the pods of no Deployment")
}

func TestOneFaultAtATime(t *testing.T) {
	good := string(readTestdata(t, "good.yaml"))
	cases := []struct {
		name, old, new string
		want           []string
	}{
		{"wrong type", "containerPort: 8080", `containerPort: "8080"`, []string{"containerPort", "int32"}},
		{"config value read as a boolean", `FEATURE_FLAG: "true"`, "FEATURE_FLAG: true", []string{"ConfigMap", "bool"}},
		{"bad quantity", `memory: "2Gi"`, `memory: "2 GB"`, []string{"Deployment", "quantities must match"}},
		{"field in the wrong case", "containerPort: 8080", "containerport: 8080", []string{`unknown field`, "containerport"}},
		{"duplicate key", "  minReplicas: 3\n", "  minReplicas: 3\n  minReplicas: 4\n", []string{"document 5", `"minReplicas" already set`}},
		{"autoscaler bounds", "maxReplicas: 10", "maxReplicas: 2", []string{"spec.maxReplicas", "minReplicas"}},
		{"missing secret key", "key: CAIRN_TOKEN", "key: CAIRN_TOKN", []string{"CAIRN_TOKN", `Secret "cairn-fraud-scorer" has no key`}},
		{"probe on an undeclared port", "path: /v2/health/live\n              port: http", "path: /v2/health/live\n              port: web", []string{"livenessProbe.httpGet.port", "web"}},
		{"container name", "- name: model-server", "- name: Model_Server", []string{"containers[0].name", "Model_Server"}},
		{"label value", `cairn.dev/revision: "42"`, `cairn.dev/revision: "4 2"`, []string{"metadata.labels[cairn.dev/revision]"}},
		{"name not a DNS label", "kind: Service\nmetadata:\n  name: cairn-fraud-scorer", "kind: Service\nmetadata:\n  name: 9-fraud", []string{"Service", "metadata.name"}},
		{"unknown kind", "kind: PodDisruptionBudget", "kind: PodDisruptionBudgets", []string{"unknown apiVersion/kind"}},
		{"pdb with both bounds", "  minAvailable: 1", "  minAvailable: 1\n  maxUnavailable: 1", []string{"exactly one of `minAvailable`"}},
		{"scale target elsewhere", "    kind: Deployment\n    name: cairn-fraud-scorer", "    kind: Deployment\n    name: cairn-fraud", []string{"scaleTargetRef", `no Deployment "cairn-fraud"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if strings.Count(good, c.old) < 1 {
				t.Fatalf("test data has no %q", c.old)
			}
			got := problems(t, []byte(strings.Replace(good, c.old, c.new, 1)))
			expectProblem(t, got, c.want...)
		})
	}
}

const goodDockerfile = `# syntax=docker/dockerfile:1
FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y cmake
COPY . /src
RUN cmake -S /src -B /build && cmake --build /build

FROM debian:bookworm-slim
COPY --from=build /build/cairn /usr/local/bin/cairn
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["cairn"]
`

func TestDockerfileRules(t *testing.T) {
	if errs := CheckDockerfile([]byte(goodDockerfile), DefaultDockerfileRules()); len(errs) > 0 {
		t.Fatalf("good Dockerfile: %v", errs)
	}
	cases := []struct {
		name, old, new, want string
	}{
		{"root user", "USER 10001:10001", "USER root", "runs as root"},
		{"no user", "USER 10001:10001\n", "", "no USER"},
		{"shell-form entrypoint", `ENTRYPOINT ["cairn"]`, "ENTRYPOINT cairn serve", "shell form"},
		{"other program", `ENTRYPOINT ["cairn"]`, `ENTRYPOINT ["/bin/sh"]`, "does not run cairn"},
		{"port", "EXPOSE 8080", "EXPOSE 9090", "does not EXPOSE 8080"},
		{"unknown stage", "--from=build", "--from=builder", "names no earlier stage"},
		{"one stage", "FROM debian:bookworm-slim\n", "", "multi-stage"},
		{"lint: casing", "FROM debian:bookworm AS build", "FROM debian:bookworm as build", "FromAsCasing"},
		{"bad instruction", "EXPOSE 8080", "EXPOSE", "EXPOSE"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(goodDockerfile, c.old) {
				t.Fatalf("test Dockerfile has no %q", c.old)
			}
			errs := CheckDockerfile([]byte(strings.Replace(goodDockerfile, c.old, c.new, 1)), DefaultDockerfileRules())
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			expectProblem(t, got, c.want)
		})
	}
}
