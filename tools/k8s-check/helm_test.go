package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

// The chart of the repository (deploy/helm/cairn), rendered as an install.
const chartDir = "../../deploy/helm/cairn"

func values(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "values.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// render renders the chart with the values files and decodes and checks every document strictly.
func render(t *testing.T, files ...string) map[string]*Document {
	t.Helper()
	out, err := RenderChart(chartDir, files)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	docs, errs := DecodeStream(out)
	for _, doc := range docs {
		for _, e := range CheckObject(doc) {
			errs = append(errs, e)
		}
	}
	errs = append(errs, CheckReferences(docs)...)
	if len(errs) > 0 {
		t.Fatalf("rendered manifests are invalid: %v\n%s", errs, out)
	}
	byKind := map[string]*Document{}
	for _, d := range docs {
		byKind[d.TypeMeta.Kind] = d
	}
	return byKind
}

const key = "secretKey: 0123456789abcdef0123456789abcdef\n"

func TestTheDefaultsRunOneReplicaOnSQLiteWithAVolume(t *testing.T) {
	docs := render(t, values(t, key))
	d := docs["Deployment"].Object.(*appsv1.Deployment)
	if *d.Spec.Replicas != 1 || d.Spec.Strategy.Type != appsv1.RecreateDeploymentStrategyType {
		t.Errorf("replicas %d, strategy %s: want 1 and Recreate (one process owns the SQLite file)", *d.Spec.Replicas, d.Spec.Strategy.Type)
	}
	if docs["PersistentVolumeClaim"] == nil {
		t.Error("no PersistentVolumeClaim for the data dir")
	}
	for _, kind := range []string{"HorizontalPodAutoscaler", "PodDisruptionBudget", "Job", "Ingress"} {
		if docs[kind] != nil {
			t.Errorf("the defaults render a %s", kind)
		}
	}
	pod := d.Spec.Template.Spec
	c := pod.Containers[0]
	if c.ReadinessProbe.HTTPGet.Path != "/readyz" || c.LivenessProbe.HTTPGet.Path != "/healthz" {
		t.Errorf("probes: %v %v", c.ReadinessProbe.HTTPGet.Path, c.LivenessProbe.HTTPGet.Path)
	}
	if pod.SecurityContext.RunAsUser == nil || *pod.SecurityContext.RunAsUser != 10001 || !*c.SecurityContext.ReadOnlyRootFilesystem {
		t.Error("the server must run as uid 10001 on a read-only root file system")
	}
	secret := docs["Secret"].Object.(*corev1.Secret)
	if string(secret.Data["CAIRN_SECRET_KEY"]) != "0123456789abcdef0123456789abcdef" {
		t.Errorf("the secret key is not in the Secret: %v", keysOf(secret.Data))
	}
	if d.Spec.Template.Annotations["checksum/secret"] == "" || d.Spec.Template.Annotations["checksum/config"] == "" {
		t.Error("no checksums: pods would not roll when their settings change")
	}
}

func TestProductionRunsReplicasOnExternalServicesWithTheirSecretsInASecret(t *testing.T) {
	docs := render(t, filepath.Join(chartDir, "values-production.example.yaml"))
	for _, kind := range []string{"HorizontalPodAutoscaler", "PodDisruptionBudget", "Job", "Ingress", "Service", "ConfigMap"} {
		if docs[kind] == nil {
			t.Errorf("no %s", kind)
		}
	}
	if docs["Secret"] != nil || docs["PersistentVolumeClaim"] != nil {
		t.Error("with existingSecret and no persistence the chart makes neither a Secret nor a volume claim")
	}
	d := docs["Deployment"].Object.(*appsv1.Deployment)
	if d.Spec.Replicas != nil {
		t.Error("the autoscaler owns the replica count; the Deployment must not set it")
	}
	var secretRef string
	for _, from := range d.Spec.Template.Spec.Containers[0].EnvFrom {
		if from.SecretRef != nil {
			secretRef = from.SecretRef.Name
		}
	}
	if secretRef != "cairn-secrets" {
		t.Errorf("the pods read their secrets from %q, want the existing cairn-secrets", secretRef)
	}
	config := docs["ConfigMap"].Object.(*corev1.ConfigMap)
	for name, value := range config.Data {
		if strings.Contains(name, "SECRET") || strings.Contains(name, "PASSWORD") || strings.Contains(value, "@") {
			t.Errorf("a secret in the ConfigMap: %s=%s", name, value)
		}
	}
	job := docs["Job"].Object.(*batchv1.Job)
	if job.Annotations["helm.sh/hook"] != "pre-install,pre-upgrade" || job.Spec.Template.Spec.Containers[0].Args[0] != "migrate" {
		t.Errorf("the migration Job: hook %q, args %v", job.Annotations["helm.sh/hook"], job.Spec.Template.Spec.Containers[0].Args)
	}
	if job.Spec.Template.Labels["app.kubernetes.io/name"] == "cairn" {
		t.Error("the migration pod carries the server's selector labels: its Service would send it traffic")
	}
	ingress := docs["Ingress"].Object.(*networkingv1.Ingress)
	if len(ingress.Spec.TLS) != 1 || ingress.Spec.TLS[0].SecretName != "cairn-tls" || *ingress.Spec.IngressClassName != "nginx" {
		t.Errorf("ingress TLS and class: %+v %v", ingress.Spec.TLS, ingress.Spec.IngressClassName)
	}
}

func TestTheChartRefusesWhatCannotWork(t *testing.T) {
	cases := map[string]struct{ values, want string }{
		"sqlite replicas": {key + "replicaCount: 3\n", "more than one replica needs an external database"},
		"no secret key":   {"replicaCount: 1\n", "secretKey must be 32 characters"},
		"shared volume": {key + "replicaCount: 2\ndatabase:\n  url: postgresql://u:p@db/cairn\n",
			"persistence.enabled gives every replica one ReadWriteOnce volume"},
	}
	for name, c := range cases {
		_, err := RenderChart(chartDir, []string{values(t, c.values)})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error saying %q", name, err, c.want)
		}
	}
}

func TestTheChartsOwnSecretHoldsTheDatabaseURLAndTheMigrationReadsIt(t *testing.T) {
	docs := render(t, values(t, key+"replicaCount: 2\npersistence:\n  enabled: false\ndatabase:\n  url: postgresql://cairn:pw@db:5432/cairn\n"))
	secret := docs["Secret"].Object.(*corev1.Secret)
	if string(secret.Data["CAIRN_DATABASE_URL"]) != "postgresql://cairn:pw@db:5432/cairn" {
		t.Error("the database URL (with its password) belongs in the Secret")
	}
	if secret.Annotations["helm.sh/hook"] == "" {
		t.Error("the Secret must exist before the pre-install migration Job reads it")
	}
	job := docs["Job"].Object.(*batchv1.Job)
	if job.Spec.Template.Spec.Containers[0].EnvFrom[0].SecretRef.Name != secret.Name {
		t.Error("the migration Job does not read the chart's Secret")
	}
}
