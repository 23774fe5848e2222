package main

import (
	"fmt"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// CheckManifests decodes a stream (DecodeStream) and runs the checks of CheckObject on every
// document and CheckReferences across them. It answers how many documents decoded and every
// problem found, each naming its document.
func CheckManifests(data []byte) (int, []error) {
	docs, errs := DecodeStream(data)
	for _, doc := range docs {
		for _, e := range CheckObject(doc) {
			errs = append(errs, fmt.Errorf("%v: %v", doc, e))
		}
	}
	errs = append(errs, CheckReferences(docs)...)
	return len(docs), errs
}

// CheckObject runs the part of the API server's validation (k8s.io/kubernetes/pkg/apis/*/validation)
// that needs no cluster: names, labels, selectors against templates, containers, ports, probes,
// volumes, autoscaler bounds, disruption budgets.
func CheckObject(doc *Document) field.ErrorList {
	switch o := doc.Object.(type) {
	case *corev1.ConfigMap:
		errs := checkMeta(&o.ObjectMeta, true, validation.IsDNS1123Subdomain)
		return append(errs, checkKeys(field.NewPath("data"), keysOf(o.Data), keysOf(o.BinaryData))...)
	case *corev1.Secret:
		errs := checkMeta(&o.ObjectMeta, true, validation.IsDNS1123Subdomain)
		return append(errs, checkKeys(field.NewPath("data"), keysOf(o.Data), keysOf(o.StringData))...)
	case *corev1.Service:
		return append(checkMeta(&o.ObjectMeta, true, validation.IsDNS1035Label), checkService(o)...)
	case *corev1.ServiceAccount:
		return checkMeta(&o.ObjectMeta, true, validation.IsDNS1123Subdomain)
	case *corev1.Namespace:
		return checkMeta(&o.ObjectMeta, false, validation.IsDNS1123Label)
	case *appsv1.Deployment:
		return append(checkMeta(&o.ObjectMeta, true, validation.IsDNS1123Subdomain), checkDeployment(o)...)
	case *autoscalingv2.HorizontalPodAutoscaler:
		return append(checkMeta(&o.ObjectMeta, true, validation.IsDNS1123Subdomain), checkAutoscaler(o)...)
	case *policyv1.PodDisruptionBudget:
		return append(checkMeta(&o.ObjectMeta, true, validation.IsDNS1123Subdomain), checkDisruptionBudget(o)...)
	case *batchv1.Job:
		return append(checkMeta(&o.ObjectMeta, true, validation.IsDNS1123Subdomain), checkJob(o)...)
	case *networkingv1.Ingress:
		return append(checkMeta(&o.ObjectMeta, true, validation.IsDNS1123Subdomain), checkIngress(o)...)
	case *corev1.PersistentVolumeClaim:
		return append(checkMeta(&o.ObjectMeta, true, validation.IsDNS1123Subdomain), checkClaim(o)...)
	}
	return nil
}

// checkJob: a Job's pods must not restart in place forever (Never or OnFailure), the rest as any pod.
func checkJob(j *batchv1.Job) field.ErrorList {
	tmpl := field.NewPath("spec", "template")
	var errs field.ErrorList
	policy := j.Spec.Template.Spec.RestartPolicy
	if policy != corev1.RestartPolicyNever && policy != corev1.RestartPolicyOnFailure {
		errs = append(errs, field.NotSupported(tmpl.Child("spec", "restartPolicy"), policy, []string{"Never", "OnFailure"}))
	}
	spec := j.Spec.Template.Spec
	spec.RestartPolicy = "" // checked above; checkPodSpec knows only long-running pods
	errs = append(errs, checkLabels(tmpl.Child("metadata", "labels"), j.Spec.Template.Labels)...)
	return append(errs, checkPodSpec(tmpl.Child("spec"), &spec)...)
}

// checkIngress: every rule's paths have a type the API accepts and a backend Service with a port.
func checkIngress(in *networkingv1.Ingress) field.ErrorList {
	var errs field.ErrorList
	for i, rule := range in.Spec.Rules {
		rp := field.NewPath("spec", "rules").Index(i)
		if rule.Host != "" {
			errs = append(errs, invalid(rp.Child("host"), rule.Host, validation.IsDNS1123Subdomain(rule.Host))...)
		}
		if rule.HTTP == nil {
			continue
		}
		for j, p := range rule.HTTP.Paths {
			pp := rp.Child("http", "paths").Index(j)
			if p.PathType == nil {
				errs = append(errs, field.Required(pp.Child("pathType"), "Exact, Prefix or ImplementationSpecific"))
			} else if t := *p.PathType; t != networkingv1.PathTypeExact && t != networkingv1.PathTypePrefix && t != networkingv1.PathTypeImplementationSpecific {
				errs = append(errs, field.NotSupported(pp.Child("pathType"), t, []string{"Exact", "Prefix", "ImplementationSpecific"}))
			}
			if !strings.HasPrefix(p.Path, "/") {
				errs = append(errs, field.Invalid(pp.Child("path"), p.Path, "must be an absolute path"))
			}
			svc := p.Backend.Service
			if svc == nil {
				errs = append(errs, field.Required(pp.Child("backend", "service"), ""))
				continue
			}
			errs = append(errs, invalid(pp.Child("backend", "service", "name"), svc.Name, validation.IsDNS1035Label(svc.Name))...)
			if (svc.Port.Name == "") == (svc.Port.Number == 0) {
				errs = append(errs, field.Invalid(pp.Child("backend", "service", "port"), svc.Port, "exactly one of name and number"))
			}
		}
	}
	for i, tls := range in.Spec.TLS {
		if tls.SecretName == "" {
			errs = append(errs, field.Required(field.NewPath("spec", "tls").Index(i).Child("secretName"), ""))
		}
	}
	return errs
}

// checkClaim: a claim asks for at least one access mode and a storage size.
func checkClaim(c *corev1.PersistentVolumeClaim) field.ErrorList {
	var errs field.ErrorList
	spec := field.NewPath("spec")
	if len(c.Spec.AccessModes) == 0 {
		errs = append(errs, field.Required(spec.Child("accessModes"), ""))
	}
	if _, ok := c.Spec.Resources.Requests[corev1.ResourceStorage]; !ok {
		errs = append(errs, field.Required(spec.Child("resources", "requests", "storage"), ""))
	}
	return errs
}

func keysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

func invalid(path *field.Path, value any, msgs []string) field.ErrorList {
	var errs field.ErrorList
	for _, m := range msgs {
		errs = append(errs, field.Invalid(path, value, m))
	}
	return errs
}

func checkMeta(meta *metav1.ObjectMeta, namespaced bool, nameRule func(string) []string) field.ErrorList {
	path := field.NewPath("metadata")
	var errs field.ErrorList
	if meta.Name == "" {
		errs = append(errs, field.Required(path.Child("name"), ""))
	} else {
		errs = append(errs, invalid(path.Child("name"), meta.Name, nameRule(meta.Name))...)
	}
	if namespaced && meta.Namespace != "" {
		errs = append(errs, invalid(path.Child("namespace"), meta.Namespace, validation.IsDNS1123Label(meta.Namespace))...)
	}
	errs = append(errs, checkLabels(path.Child("labels"), meta.Labels)...)
	for key := range meta.Annotations {
		errs = append(errs, invalid(path.Child("annotations").Key(key), key, validation.IsQualifiedName(key))...)
	}
	return errs
}

func checkLabels(path *field.Path, labels map[string]string) field.ErrorList {
	var errs field.ErrorList
	for key, value := range labels {
		errs = append(errs, invalid(path.Key(key), key, validation.IsQualifiedName(key))...)
		errs = append(errs, invalid(path.Key(key), value, validation.IsValidLabelValue(value))...)
	}
	return errs
}

func checkKeys(path *field.Path, a, b []string) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	for _, key := range append(append([]string{}, a...), b...) {
		errs = append(errs, invalid(path.Key(key), key, validation.IsConfigMapKey(key))...)
		if seen[key] {
			errs = append(errs, field.Duplicate(path.Key(key), key))
		}
		seen[key] = true
	}
	return errs
}

// checkSelector requires a non-empty, valid selector that selects `templateLabels` when labelsPath is given.
func checkSelector(path *field.Path, selector *metav1.LabelSelector, templateLabels map[string]string, labelsPath *field.Path) field.ErrorList {
	if selector == nil || (len(selector.MatchLabels) == 0 && len(selector.MatchExpressions) == 0) {
		return field.ErrorList{field.Required(path, "an empty selector would select every pod")}
	}
	errs := checkLabels(path.Child("matchLabels"), selector.MatchLabels)
	parsed, err := metav1.LabelSelectorAsSelector(selector)
	if err != nil {
		return append(errs, field.Invalid(path, selector, err.Error()))
	}
	if labelsPath != nil && !parsed.Matches(labels.Set(templateLabels)) {
		errs = append(errs, field.Invalid(labelsPath, templateLabels, fmt.Sprintf("`selector` (%s) does not match template `labels`", parsed)))
	}
	return errs
}

func checkIntOrPercent(path *field.Path, v *intstr.IntOrString) field.ErrorList {
	if v == nil {
		return nil
	}
	if v.Type == intstr.Int {
		if v.IntVal < 0 {
			return field.ErrorList{field.Invalid(path, v.IntVal, "must be greater than or equal to 0")}
		}
		return nil
	}
	return invalid(path, v.StrVal, validation.IsValidPercent(v.StrVal))
}

func checkService(s *corev1.Service) field.ErrorList {
	spec := field.NewPath("spec")
	var errs field.ErrorList
	switch s.Spec.Type {
	case "", corev1.ServiceTypeClusterIP, corev1.ServiceTypeNodePort, corev1.ServiceTypeLoadBalancer, corev1.ServiceTypeExternalName:
	default:
		errs = append(errs, field.NotSupported(spec.Child("type"), s.Spec.Type, []string{"ClusterIP", "NodePort", "LoadBalancer", "ExternalName"}))
	}
	if len(s.Spec.Ports) == 0 && s.Spec.Type != corev1.ServiceTypeExternalName {
		errs = append(errs, field.Required(spec.Child("ports"), ""))
	}
	errs = append(errs, checkLabels(spec.Child("selector"), s.Spec.Selector)...)
	names := map[string]bool{}
	for i, p := range s.Spec.Ports {
		path := spec.Child("ports").Index(i)
		if len(s.Spec.Ports) > 1 || p.Name != "" {
			if p.Name == "" {
				errs = append(errs, field.Required(path.Child("name"), "required when a Service has several ports"))
			}
			errs = append(errs, invalid(path.Child("name"), p.Name, validation.IsDNS1123Label(p.Name))...)
			if names[p.Name] {
				errs = append(errs, field.Duplicate(path.Child("name"), p.Name))
			}
			names[p.Name] = true
		}
		errs = append(errs, invalid(path.Child("port"), p.Port, validation.IsValidPortNum(int(p.Port)))...)
		errs = append(errs, checkProtocol(path.Child("protocol"), p.Protocol)...)
		if p.TargetPort.Type == intstr.String {
			errs = append(errs, invalid(path.Child("targetPort"), p.TargetPort.StrVal, validation.IsValidPortName(p.TargetPort.StrVal))...)
		} else if p.TargetPort.IntVal != 0 {
			errs = append(errs, invalid(path.Child("targetPort"), p.TargetPort.IntVal, validation.IsValidPortNum(int(p.TargetPort.IntVal)))...)
		}
	}
	return errs
}

func checkProtocol(path *field.Path, p corev1.Protocol) field.ErrorList {
	switch p {
	case "", corev1.ProtocolTCP, corev1.ProtocolUDP, corev1.ProtocolSCTP:
		return nil
	}
	return field.ErrorList{field.NotSupported(path, p, []string{"TCP", "UDP", "SCTP"})}
}

func checkDeployment(d *appsv1.Deployment) field.ErrorList {
	spec := field.NewPath("spec")
	var errs field.ErrorList
	if d.Spec.Replicas != nil && *d.Spec.Replicas < 0 {
		errs = append(errs, field.Invalid(spec.Child("replicas"), *d.Spec.Replicas, "must be greater than or equal to 0"))
	}
	tmpl := spec.Child("template")
	errs = append(errs, checkSelector(spec.Child("selector"), d.Spec.Selector, d.Spec.Template.Labels, tmpl.Child("metadata", "labels"))...)
	errs = append(errs, checkLabels(tmpl.Child("metadata", "labels"), d.Spec.Template.Labels)...)
	strategy := d.Spec.Strategy.Type
	if strategy == "" {
		strategy = appsv1.RollingUpdateDeploymentStrategyType // the API server's default
	}
	switch strategy {
	case appsv1.RecreateDeploymentStrategyType:
		if d.Spec.Strategy.RollingUpdate != nil {
			errs = append(errs, field.Forbidden(spec.Child("strategy", "rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"))
		}
	case appsv1.RollingUpdateDeploymentStrategyType:
		if ru := d.Spec.Strategy.RollingUpdate; ru != nil {
			path := spec.Child("strategy", "rollingUpdate")
			errs = append(errs, checkIntOrPercent(path.Child("maxSurge"), ru.MaxSurge)...)
			errs = append(errs, checkIntOrPercent(path.Child("maxUnavailable"), ru.MaxUnavailable)...)
			if isZero(ru.MaxSurge) && isZero(ru.MaxUnavailable) {
				errs = append(errs, field.Invalid(path.Child("maxUnavailable"), ru.MaxUnavailable, "may not be 0 when `maxSurge` is 0"))
			}
		}
	default:
		errs = append(errs, field.NotSupported(spec.Child("strategy", "type"), d.Spec.Strategy.Type, []string{"Recreate", "RollingUpdate"}))
	}
	return append(errs, checkPodSpec(tmpl.Child("spec"), &d.Spec.Template.Spec)...)
}

func isZero(v *intstr.IntOrString) bool {
	return v != nil && ((v.Type == intstr.Int && v.IntVal == 0) || (v.Type == intstr.String && v.StrVal == "0%"))
}

func checkAutoscaler(h *autoscalingv2.HorizontalPodAutoscaler) field.ErrorList {
	spec := field.NewPath("spec")
	var errs field.ErrorList
	if h.Spec.ScaleTargetRef.Kind == "" {
		errs = append(errs, field.Required(spec.Child("scaleTargetRef", "kind"), ""))
	}
	if h.Spec.ScaleTargetRef.Name == "" {
		errs = append(errs, field.Required(spec.Child("scaleTargetRef", "name"), ""))
	}
	min := int32(1)
	if h.Spec.MinReplicas != nil {
		min = *h.Spec.MinReplicas
		if min < 1 {
			errs = append(errs, field.Invalid(spec.Child("minReplicas"), min, "must be greater than or equal to 1"))
		}
	}
	if h.Spec.MaxReplicas < min {
		errs = append(errs, field.Invalid(spec.Child("maxReplicas"), h.Spec.MaxReplicas, "must be greater than or equal to `minReplicas`"))
	}
	for i, m := range h.Spec.Metrics {
		errs = append(errs, checkMetric(spec.Child("metrics").Index(i), m)...)
	}
	if b := h.Spec.Behavior; b != nil {
		for name, rules := range map[string]*autoscalingv2.HPAScalingRules{"scaleUp": b.ScaleUp, "scaleDown": b.ScaleDown} {
			if rules != nil && rules.StabilizationWindowSeconds != nil {
				w := *rules.StabilizationWindowSeconds
				errs = append(errs, invalid(spec.Child("behavior", name, "stabilizationWindowSeconds"), w, validation.IsInRange(int(w), 0, 3600))...)
			}
		}
	}
	return errs
}

func checkMetric(path *field.Path, m autoscalingv2.MetricSpec) field.ErrorList {
	set := map[autoscalingv2.MetricSourceType]bool{
		autoscalingv2.ResourceMetricSourceType: m.Resource != nil, autoscalingv2.PodsMetricSourceType: m.Pods != nil,
		autoscalingv2.ObjectMetricSourceType: m.Object != nil, autoscalingv2.ExternalMetricSourceType: m.External != nil,
		autoscalingv2.ContainerResourceMetricSourceType: m.ContainerResource != nil,
	}
	var errs field.ErrorList
	if _, known := set[m.Type]; !known {
		return field.ErrorList{field.NotSupported(path.Child("type"), m.Type, []string{"Resource", "Pods", "Object", "External", "ContainerResource"})}
	}
	for t, present := range set {
		if present != (t == m.Type) {
			errs = append(errs, field.Invalid(path, t, fmt.Sprintf("exactly the field of `type` %s must be set", m.Type)))
		}
	}
	var target *autoscalingv2.MetricTarget
	switch {
	case m.Pods != nil:
		target = &m.Pods.Target
		if m.Pods.Metric.Name == "" {
			errs = append(errs, field.Required(path.Child("pods", "metric", "name"), ""))
		}
	case m.Resource != nil:
		target = &m.Resource.Target
		if m.Resource.Name == "" {
			errs = append(errs, field.Required(path.Child("resource", "name"), ""))
		}
	}
	if target != nil {
		switch target.Type {
		case autoscalingv2.UtilizationMetricType:
			if target.AverageUtilization == nil || *target.AverageUtilization < 1 {
				errs = append(errs, field.Required(path.Child("target", "averageUtilization"), "at least 1 for type Utilization"))
			}
		case autoscalingv2.AverageValueMetricType:
			if target.AverageValue == nil || target.AverageValue.Sign() <= 0 {
				errs = append(errs, field.Required(path.Child("target", "averageValue"), "positive for type AverageValue"))
			}
		case autoscalingv2.ValueMetricType:
			if target.Value == nil || target.Value.Sign() <= 0 {
				errs = append(errs, field.Required(path.Child("target", "value"), "positive for type Value"))
			}
		default:
			errs = append(errs, field.NotSupported(path.Child("target", "type"), target.Type, []string{"Utilization", "Value", "AverageValue"}))
		}
	}
	return errs
}

func checkDisruptionBudget(p *policyv1.PodDisruptionBudget) field.ErrorList {
	spec := field.NewPath("spec")
	errs := checkSelector(spec.Child("selector"), p.Spec.Selector, nil, nil)
	if (p.Spec.MinAvailable == nil) == (p.Spec.MaxUnavailable == nil) {
		errs = append(errs, field.Invalid(spec, "", "exactly one of `minAvailable` and `maxUnavailable` must be set"))
	}
	errs = append(errs, checkIntOrPercent(spec.Child("minAvailable"), p.Spec.MinAvailable)...)
	return append(errs, checkIntOrPercent(spec.Child("maxUnavailable"), p.Spec.MaxUnavailable)...)
}
