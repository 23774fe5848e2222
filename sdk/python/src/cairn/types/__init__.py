"""Typed answers of the native API, one dataclass per schema of ``api/openapi.yaml``."""

from ._base import ApiModel
from .alerting import (
    Alert,
    AlertAnalytics,
    AlertChannel,
    AlertDetail,
    AlertList,
    AlertNotification,
    AlertPreview,
    AlertRule,
    AlertRuleTemplate,
    BulkAlertResults,
    ChannelTestResult,
    NotificationPolicy,
    Silence,
)
from .deployments import Deployment, DeploymentSource, DeploymentStatus, Environment, LogLine, Prediction, WorkerStatus
from .monitoring import LabelsReceipt, Monitor, MonitorReference, MonitorReport, RecordsReceipt
from .registry import ModelFile, ModelVersion, ModelVersionSource, RegisteredModel
from .tenancy import ApiKey, ApiKeyUsage, ApiKeyWithSecret, Organization, Project
from .tracking import Experiment, LatestMetric, Run

__all__ = [
    "ApiModel",
    "Alert",
    "AlertAnalytics",
    "AlertChannel",
    "AlertDetail",
    "AlertList",
    "AlertNotification",
    "AlertPreview",
    "AlertRule",
    "AlertRuleTemplate",
    "BulkAlertResults",
    "ChannelTestResult",
    "NotificationPolicy",
    "Silence",
    "ApiKey",
    "ApiKeyUsage",
    "ApiKeyWithSecret",
    "Deployment",
    "DeploymentSource",
    "DeploymentStatus",
    "Environment",
    "Experiment",
    "LabelsReceipt",
    "LatestMetric",
    "LogLine",
    "ModelFile",
    "ModelVersion",
    "ModelVersionSource",
    "Monitor",
    "MonitorReference",
    "MonitorReport",
    "Organization",
    "Prediction",
    "Project",
    "RecordsReceipt",
    "RegisteredModel",
    "Run",
    "WorkerStatus",
]
