package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// Document is one decoded manifest: its position in the stream and the typed object.
type Document struct {
	Index    int // 1-based among the non-empty documents of its stream
	TypeMeta metav1.TypeMeta
	Name     string
	Object   any // *corev1.ConfigMap, *appsv1.Deployment, ...
}

func (d *Document) String() string {
	return fmt.Sprintf("document %d (%s %s %q)", d.Index, d.TypeMeta.APIVersion, d.TypeMeta.Kind, d.Name)
}

// newObject answers an empty object of the Go type the API server decodes apiVersion/kind into.
// Only the kinds Cairn renders are known: anything else is a mistake in a Cairn manifest.
func newObject(tm metav1.TypeMeta) (any, bool) {
	switch tm.APIVersion + "/" + tm.Kind {
	case "v1/ConfigMap":
		return &corev1.ConfigMap{}, true
	case "v1/Secret":
		return &corev1.Secret{}, true
	case "v1/Service":
		return &corev1.Service{}, true
	case "v1/ServiceAccount":
		return &corev1.ServiceAccount{}, true
	case "v1/Namespace":
		return &corev1.Namespace{}, true
	case "apps/v1/Deployment":
		return &appsv1.Deployment{}, true
	case "autoscaling/v2/HorizontalPodAutoscaler":
		return &autoscalingv2.HorizontalPodAutoscaler{}, true
	case "policy/v1/PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}, true
	case "v1/PersistentVolumeClaim":
		return &corev1.PersistentVolumeClaim{}, true
	case "batch/v1/Job":
		return &batchv1.Job{}, true
	case "networking.k8s.io/v1/Ingress":
		return &networkingv1.Ingress{}, true
	}
	return nil, false
}

// DecodeStream splits a multi-document YAML stream and decodes each document strictly: YAML with
// duplicate keys, fields the type does not have (case-sensitive, as the API server matches them)
// and values of the wrong type are errors. Empty documents are skipped.
func DecodeStream(data []byte) ([]*Document, []error) {
	reader := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	var docs []*Document
	var errs []error
	for index := 1; ; {
		raw, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("document %d: %v", index, err))
			break
		}
		if len(bytes.TrimSpace(stripComments(raw))) == 0 {
			continue
		}
		doc, err := decodeDocument(index, raw)
		if err != nil {
			errs = append(errs, err)
		} else {
			docs = append(docs, doc)
		}
		index++
	}
	return docs, errs
}

func decodeDocument(index int, raw []byte) (*Document, error) {
	js, err := yaml.YAMLToJSONStrict(raw)
	if err != nil {
		return nil, fmt.Errorf("document %d: not valid YAML: %v", index, err)
	}
	doc := &Document{Index: index}
	// TypeMeta and the name first (leniently), only to know which type to decode strictly.
	var head struct {
		metav1.TypeMeta `json:",inline"`
		Metadata        struct {
			Name string `json:"name"`
		} `json:"metadata"`
	}
	if err := kjson.UnmarshalCaseSensitivePreserveInts(js, &head); err != nil {
		return nil, fmt.Errorf("document %d: not a Kubernetes object: %v", index, err)
	}
	doc.TypeMeta, doc.Name = head.TypeMeta, head.Metadata.Name
	if doc.TypeMeta.APIVersion == "" || doc.TypeMeta.Kind == "" {
		return nil, fmt.Errorf("%v: apiVersion and kind are required", doc)
	}
	obj, ok := newObject(doc.TypeMeta)
	if !ok {
		return nil, fmt.Errorf("%v: unknown apiVersion/kind %s %s", doc, doc.TypeMeta.APIVersion, doc.TypeMeta.Kind)
	}
	strict, err := kjson.UnmarshalStrict(js, obj, kjson.DisallowDuplicateFields, kjson.DisallowUnknownFields)
	if err != nil {
		return nil, fmt.Errorf("%v: %v", doc, err)
	}
	if len(strict) > 0 {
		msgs := make([]string, len(strict))
		for i, e := range strict {
			msgs[i] = e.Error()
		}
		return nil, fmt.Errorf("%v: %s", doc, strings.Join(msgs, "; "))
	}
	doc.Object = obj
	return doc, nil
}

// stripComments drops comment-only lines, so that a document of comments counts as empty.
func stripComments(raw []byte) []byte {
	var out bytes.Buffer
	for _, line := range bytes.Split(raw, []byte("\n")) {
		if t := bytes.TrimSpace(line); len(t) > 0 && t[0] != '#' && !bytes.Equal(t, []byte("---")) {
			out.Write(line)
			out.WriteByte('\n')
		}
	}
	return out.Bytes()
}
