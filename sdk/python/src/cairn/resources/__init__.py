"""The resources of :class:`cairn.Cairn`, one module per area of the native API."""

from .alerts import AlertChannels, AlertRules, Alerts, NotificationPolicies, Silences
from .api_keys import ApiKeys
from .deployments import Deployments
from .experiments import Experiments
from .model_versions import ModelVersions
from .models import Models
from .monitors import Monitors
from .orgs import Orgs
from .projects import Projects
from .runs import Runs

__all__ = [
    "AlertChannels",
    "AlertRules",
    "Alerts",
    "NotificationPolicies",
    "Silences",
    "ApiKeys",
    "Deployments",
    "Experiments",
    "ModelVersions",
    "Models",
    "Monitors",
    "Orgs",
    "Projects",
    "Runs",
]
