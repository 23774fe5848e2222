{{/* The release's resource names: <release>-cairn, or the release name when it already says cairn. */}}
{{- define "cairn.fullname" -}}
{{- if contains "cairn" .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-cairn" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "cairn.selectorLabels" -}}
app.kubernetes.io/name: cairn
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "cairn.labels" -}}
{{ include "cairn.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "cairn.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "cairn.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ .Values.serviceAccount.name | default (include "cairn.fullname" .) }}{{- else -}}{{ .Values.serviceAccount.name | default "default" }}{{- end -}}
{{- end -}}

{{/* The Secret the pods read: the user's, or the one this chart makes. */}}
{{- define "cairn.secretName" -}}
{{- .Values.existingSecret | default (include "cairn.fullname" .) -}}
{{- end -}}

{{/* "true" when the metadata lives in an external database (PostgreSQL), not in SQLite on the volume. */}}
{{- define "cairn.externalDatabase" -}}
{{- if or .Values.database.url (and .Values.existingSecret .Values.database.fromExistingSecret) -}}true{{- end -}}
{{- end -}}

{{/* More than one server process may run: fixed replicas above one, or an autoscaler. */}}
{{- define "cairn.scalesOut" -}}
{{- if or .Values.autoscaling.enabled (gt (int .Values.replicaCount) 1) -}}true{{- end -}}
{{- end -}}

{{/* Refuses what cannot work, with what to change. */}}
{{- define "cairn.validate" -}}
{{- if and (include "cairn.scalesOut" .) (not (include "cairn.externalDatabase" .)) -}}
{{- fail "more than one replica needs an external database: set database.url (or database.fromExistingSecret with existingSecret); SQLite is one process" -}}
{{- end -}}
{{- if and (include "cairn.scalesOut" .) .Values.persistence.enabled -}}
{{- fail "persistence.enabled gives every replica one ReadWriteOnce volume: set persistence.enabled=false for several replicas (the data dir then holds only model workers)" -}}
{{- end -}}
{{- if and (not .Values.existingSecret) (lt (len .Values.secretKey) 32) -}}
{{- fail "secretKey must be 32 characters or more (or name a Secret holding CAIRN_SECRET_KEY with existingSecret)" -}}
{{- end -}}
{{- end -}}
