package main

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// checkPodSpec covers what a Cairn pod uses: containers (names, images, ports, env, probes,
// resources, mounts), volumes, and the security context.
func checkPodSpec(path *field.Path, spec *corev1.PodSpec) field.ErrorList {
	var errs field.ErrorList
	volumes := map[string]bool{}
	for i, v := range spec.Volumes {
		p := path.Child("volumes").Index(i)
		errs = append(errs, invalid(p.Child("name"), v.Name, validation.IsDNS1123Label(v.Name))...)
		if volumes[v.Name] {
			errs = append(errs, field.Duplicate(p.Child("name"), v.Name))
		}
		volumes[v.Name] = true
	}
	if len(spec.Containers) == 0 {
		errs = append(errs, field.Required(path.Child("containers"), ""))
	}
	names := map[string]bool{}
	for i := range spec.Containers {
		c := &spec.Containers[i]
		p := path.Child("containers").Index(i)
		if names[c.Name] {
			errs = append(errs, field.Duplicate(p.Child("name"), c.Name))
		}
		names[c.Name] = true
		errs = append(errs, checkContainer(p, c, volumes)...)
	}
	switch spec.RestartPolicy {
	case "", corev1.RestartPolicyAlways:
	default:
		errs = append(errs, field.NotSupported(path.Child("restartPolicy"), spec.RestartPolicy, []string{"Always"}))
	}
	if sc := spec.SecurityContext; sc != nil {
		if sc.RunAsUser != nil {
			errs = append(errs, invalid(path.Child("securityContext", "runAsUser"), *sc.RunAsUser, validation.IsValidUserID(*sc.RunAsUser))...)
			if sc.RunAsNonRoot != nil && *sc.RunAsNonRoot && *sc.RunAsUser == 0 {
				errs = append(errs, field.Invalid(path.Child("securityContext", "runAsUser"), 0, "runAsNonRoot with user 0 never starts"))
			}
		}
		if sc.RunAsGroup != nil {
			errs = append(errs, invalid(path.Child("securityContext", "runAsGroup"), *sc.RunAsGroup, validation.IsValidGroupID(*sc.RunAsGroup))...)
		}
	}
	if g := spec.TerminationGracePeriodSeconds; g != nil && *g < 0 {
		errs = append(errs, field.Invalid(path.Child("terminationGracePeriodSeconds"), *g, "must be greater than or equal to 0"))
	}
	return errs
}

func checkContainer(path *field.Path, c *corev1.Container, volumes map[string]bool) field.ErrorList {
	var errs field.ErrorList
	errs = append(errs, invalid(path.Child("name"), c.Name, validation.IsDNS1123Label(c.Name))...)
	if c.Image == "" {
		errs = append(errs, field.Required(path.Child("image"), ""))
	}
	switch c.ImagePullPolicy {
	case "", corev1.PullAlways, corev1.PullIfNotPresent, corev1.PullNever:
	default:
		errs = append(errs, field.NotSupported(path.Child("imagePullPolicy"), c.ImagePullPolicy, []string{"Always", "IfNotPresent", "Never"}))
	}
	ports := map[string]bool{}
	for i, p := range c.Ports {
		pp := path.Child("ports").Index(i)
		errs = append(errs, invalid(pp.Child("containerPort"), p.ContainerPort, validation.IsValidPortNum(int(p.ContainerPort)))...)
		errs = append(errs, checkProtocol(pp.Child("protocol"), p.Protocol)...)
		if p.Name != "" {
			errs = append(errs, invalid(pp.Child("name"), p.Name, validation.IsValidPortName(p.Name))...)
			if ports[p.Name] {
				errs = append(errs, field.Duplicate(pp.Child("name"), p.Name))
			}
			ports[p.Name] = true
		}
	}
	for i, e := range c.Env {
		ep := path.Child("env").Index(i)
		errs = append(errs, invalid(ep.Child("name"), e.Name, validation.IsEnvVarName(e.Name))...)
		if e.Value != "" && e.ValueFrom != nil {
			errs = append(errs, field.Invalid(ep.Child("valueFrom"), "", "may not be specified when `value` is not empty"))
		}
		if f := e.ValueFrom; f != nil {
			if f.ConfigMapKeyRef != nil && f.SecretKeyRef != nil {
				errs = append(errs, field.Invalid(ep.Child("valueFrom"), "", "only one source may be set"))
			}
			if r := f.ConfigMapKeyRef; r != nil {
				errs = append(errs, checkKeyRef(ep.Child("valueFrom", "configMapKeyRef"), r.Name, r.Key)...)
			}
			if r := f.SecretKeyRef; r != nil {
				errs = append(errs, checkKeyRef(ep.Child("valueFrom", "secretKeyRef"), r.Name, r.Key)...)
			}
		}
	}
	for i, e := range c.EnvFrom {
		ep := path.Child("envFrom").Index(i)
		if (e.ConfigMapRef == nil) == (e.SecretRef == nil) {
			errs = append(errs, field.Invalid(ep, "", "exactly one of `configMapRef` and `secretRef` must be set"))
		}
		if e.ConfigMapRef != nil && e.ConfigMapRef.Name == "" {
			errs = append(errs, field.Required(ep.Child("configMapRef", "name"), ""))
		}
		if e.SecretRef != nil && e.SecretRef.Name == "" {
			errs = append(errs, field.Required(ep.Child("secretRef", "name"), ""))
		}
	}
	errs = append(errs, checkProbe(path.Child("readinessProbe"), c.ReadinessProbe, ports, false)...)
	errs = append(errs, checkProbe(path.Child("livenessProbe"), c.LivenessProbe, ports, true)...)
	errs = append(errs, checkProbe(path.Child("startupProbe"), c.StartupProbe, ports, true)...)
	for name, limit := range c.Resources.Limits {
		if request, ok := c.Resources.Requests[name]; ok && request.Cmp(limit) > 0 {
			errs = append(errs, field.Invalid(path.Child("resources", "requests").Key(string(name)), request.String(), "must be less than or equal to the limit "+limit.String()))
		}
	}
	for i, m := range c.VolumeMounts {
		mp := path.Child("volumeMounts").Index(i)
		if !volumes[m.Name] {
			errs = append(errs, field.NotFound(mp.Child("name"), m.Name))
		}
		if m.MountPath == "" {
			errs = append(errs, field.Required(mp.Child("mountPath"), ""))
		}
	}
	return errs
}

func checkKeyRef(path *field.Path, name, key string) field.ErrorList {
	var errs field.ErrorList
	if name == "" {
		errs = append(errs, field.Required(path.Child("name"), ""))
	}
	return append(errs, invalid(path.Child("key"), key, validation.IsConfigMapKey(key))...)
}

// checkProbe: `succeedOnce` for liveness and startup probes, whose successThreshold must be 1.
func checkProbe(path *field.Path, probe *corev1.Probe, ports map[string]bool, succeedOnce bool) field.ErrorList {
	if probe == nil {
		return nil
	}
	var errs field.ErrorList
	handlers := 0
	for _, set := range []bool{probe.HTTPGet != nil, probe.TCPSocket != nil, probe.Exec != nil, probe.GRPC != nil} {
		if set {
			handlers++
		}
	}
	if handlers != 1 {
		errs = append(errs, field.Required(path, "exactly one handler (httpGet, tcpSocket, exec, grpc)"))
	}
	if h := probe.HTTPGet; h != nil {
		if h.Path == "" || h.Path[0] != '/' {
			errs = append(errs, field.Invalid(path.Child("httpGet", "path"), h.Path, "must be an absolute path"))
		}
		errs = append(errs, checkPortRef(path.Child("httpGet", "port"), h.Port, ports)...)
	}
	if t := probe.TCPSocket; t != nil {
		errs = append(errs, checkPortRef(path.Child("tcpSocket", "port"), t.Port, ports)...)
	}
	numbers := []struct {
		name  string
		value int32
	}{{"initialDelaySeconds", probe.InitialDelaySeconds}, {"periodSeconds", probe.PeriodSeconds},
		{"timeoutSeconds", probe.TimeoutSeconds}, {"failureThreshold", probe.FailureThreshold},
		{"successThreshold", probe.SuccessThreshold}}
	for _, n := range numbers {
		if n.value < 0 {
			errs = append(errs, field.Invalid(path.Child(n.name), n.value, "must be greater than or equal to 0"))
		}
	}
	if succeedOnce && probe.SuccessThreshold > 1 {
		errs = append(errs, field.Invalid(path.Child("successThreshold"), probe.SuccessThreshold, "must be 1 for liveness and startup probes"))
	}
	return errs
}

// checkPortRef: a named port must be one the container declares (the kubelet cannot probe it
// otherwise, and the pod never becomes ready).
func checkPortRef(path *field.Path, port intstr.IntOrString, ports map[string]bool) field.ErrorList {
	if port.Type == intstr.String {
		if !ports[port.StrVal] {
			return field.ErrorList{field.NotFound(path, port.StrVal)}
		}
		return nil
	}
	return invalid(path, port.IntVal, validation.IsValidPortNum(int(port.IntVal)))
}
