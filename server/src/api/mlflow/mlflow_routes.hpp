#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/api.hpp"

namespace cairn::api::mlflow {

/// An MLflow endpoint given the request's fields (request_fields: the JSON body, or the query string
/// of a GET), read before it runs.
using FieldsEndpoint =
    std::function<Result<http::Response>(http::Request&, const service::Caller&, const nlohmann::json& fields)>;

/// One row of an MLflow route table: authenticated, answering MLflow's error shape. A handler that
/// takes the fields gets them read first (malformed ones are 400 INVALID_PARAMETER_VALUE before it
/// runs); one that reads the request itself (a file body, path keys only) takes the request alone.
struct MlflowRoute {
  MlflowRoute(std::string method, std::string path, FieldsEndpoint handler, Lane lane = Lane::worker);
  MlflowRoute(std::string method, std::string path, Endpoint handler, Lane lane = Lane::worker);

  std::string method;
  std::string path;
  Endpoint endpoint;
  Lane lane;
};

/// Adds a family's routes in the table's order.
void add_mlflow_routes(Api& api, std::vector<MlflowRoute> routes);

}  // namespace cairn::api::mlflow
