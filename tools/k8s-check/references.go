package main

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

type objectKey struct{ kind, namespace, name string }

// CheckReferences checks what ties the objects of one stream together, which the API server
// accepts but which leaves a deployment that never works: a Service or PodDisruptionBudget that
// selects no pod of the stream's Deployments, an autoscaler aimed at a Deployment that is not
// there, a container reading a ConfigMap or Secret (or a key of one) that the stream lacks.
// References to objects of kinds the stream has none of are left alone (they may exist already).
func CheckReferences(docs []*Document) []error {
	keys := map[objectKey]map[string]bool{}
	kinds := map[string]bool{}
	var deployments []*appsv1.Deployment
	for _, doc := range docs {
		switch o := doc.Object.(type) {
		case *corev1.ConfigMap:
			keys[objectKey{"ConfigMap", o.Namespace, o.Name}] = setOf(keysOf(o.Data), keysOf(o.BinaryData))
		case *corev1.Secret:
			keys[objectKey{"Secret", o.Namespace, o.Name}] = setOf(keysOf(o.Data), keysOf(o.StringData))
		case *appsv1.Deployment:
			keys[objectKey{"Deployment", o.Namespace, o.Name}] = nil
			deployments = append(deployments, o)
		}
		kinds[doc.TypeMeta.Kind] = true
	}

	var errs []error
	selectsPods := func(doc *Document, ns string, selector labels.Selector) {
		for _, d := range deployments {
			if d.Namespace == ns && selector.Matches(labels.Set(d.Spec.Template.Labels)) {
				return
			}
		}
		if len(deployments) > 0 {
			errs = append(errs, fmt.Errorf("%v: selector %q selects the pods of no Deployment in this stream", doc, selector))
		}
	}
	for _, doc := range docs {
		switch o := doc.Object.(type) {
		case *corev1.Service:
			if len(o.Spec.Selector) > 0 {
				selectsPods(doc, o.Namespace, labels.SelectorFromSet(o.Spec.Selector))
			}
		case *policyv1.PodDisruptionBudget:
			if s, err := metav1.LabelSelectorAsSelector(o.Spec.Selector); err == nil && o.Spec.Selector != nil {
				selectsPods(doc, o.Namespace, s)
			}
		case *autoscalingv2.HorizontalPodAutoscaler:
			ref := o.Spec.ScaleTargetRef
			if _, ok := keys[objectKey{ref.Kind, o.Namespace, ref.Name}]; !ok && kinds[ref.Kind] {
				errs = append(errs, fmt.Errorf("%v: spec.scaleTargetRef: no %s %q in this stream", doc, ref.Kind, ref.Name))
			}
		case *appsv1.Deployment:
			errs = append(errs, checkPodReferences(doc, o.Namespace, &o.Spec.Template.Spec, keys, kinds)...)
		}
	}
	return errs
}

func setOf(lists ...[]string) map[string]bool {
	set := map[string]bool{}
	for _, l := range lists {
		for _, k := range l {
			set[k] = true
		}
	}
	return set
}

func checkPodReferences(doc *Document, ns string, spec *corev1.PodSpec, keys map[objectKey]map[string]bool, kinds map[string]bool) []error {
	var errs []error
	ref := func(where, kind, name, key string, optional *bool) {
		if !kinds[kind] || (optional != nil && *optional) {
			return
		}
		have, ok := keys[objectKey{kind, ns, name}]
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("%v: %s: no %s %q in this stream", doc, where, kind, name))
		case key != "" && !have[key]:
			errs = append(errs, fmt.Errorf("%v: %s: %s %q has no key %q", doc, where, kind, name, key))
		}
	}
	for i, c := range spec.Containers {
		at := fmt.Sprintf("spec.template.spec.containers[%d]", i)
		for j, e := range c.Env {
			if e.ValueFrom == nil {
				continue
			}
			where := fmt.Sprintf("%s.env[%d] (%s)", at, j, e.Name)
			if r := e.ValueFrom.ConfigMapKeyRef; r != nil {
				ref(where, "ConfigMap", r.Name, r.Key, r.Optional)
			}
			if r := e.ValueFrom.SecretKeyRef; r != nil {
				ref(where, "Secret", r.Name, r.Key, r.Optional)
			}
		}
		for j, e := range c.EnvFrom {
			where := fmt.Sprintf("%s.envFrom[%d]", at, j)
			if r := e.ConfigMapRef; r != nil {
				ref(where, "ConfigMap", r.Name, "", r.Optional)
			}
			if r := e.SecretRef; r != nil {
				ref(where, "Secret", r.Name, "", r.Optional)
			}
		}
	}
	return errs
}
