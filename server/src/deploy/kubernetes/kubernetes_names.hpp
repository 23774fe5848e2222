#pragma once

#include <string>
#include <string_view>

/// Cairn's names (any characters, any length) made into the names Kubernetes accepts.
namespace cairn::deploy {

/// The name of every object of a deployment (ConfigMap, Secret, Deployment, Service, HPA, PDB):
/// "cairn-" + the endpoint name in lower case with anything outside [a-z0-9-] made '-', at most 63
/// characters. The prefix makes it a DNS-1035 label (a Service name must start with a letter) and
/// shows who owns the object. When the endpoint name had to change (other characters, upper case,
/// too long), eight hex digits of its SHA-256 are appended, so that two endpoint names that
/// sanitize alike ("Iris" and "iris") still get different objects.
std::string kubernetes_resource_name(std::string_view endpoint_name);

/// `text` as a label value: [A-Za-z0-9._-] with anything else made '-', at most 63 characters,
/// starting and ending with an alphanumeric (possibly empty). Label values only tag and select, so
/// unlike resource names they carry no hash: the exact names go in annotations.
std::string kubernetes_label_value(std::string_view text);

}  // namespace cairn::deploy
