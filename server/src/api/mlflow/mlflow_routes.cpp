#include "api/mlflow/mlflow_routes.hpp"

#include "api/mlflow/mlflow_json.hpp"

namespace cairn::api::mlflow {

MlflowRoute::MlflowRoute(std::string method, std::string path, FieldsEndpoint handler, Lane lane)
    : method(std::move(method)),
      path(std::move(path)),
      endpoint(
          [handler = std::move(handler)](http::Request& req, const service::Caller& caller) -> Result<http::Response> {
            CAIRN_TRY_ASSIGN(auto fields, request_fields(req));
            return handler(req, caller, fields);
          }),
      lane(lane) {}

MlflowRoute::MlflowRoute(std::string method, std::string path, Endpoint handler, Lane lane)
    : method(std::move(method)), path(std::move(path)), endpoint(std::move(handler)), lane(lane) {}

void add_mlflow_routes(Api& api, std::vector<MlflowRoute> routes) {
  for (auto& route : routes) {
    api.add(std::move(route.method), std::move(route.path), AuthMode::required, std::move(route.endpoint),
            ErrorStyle::mlflow, route.lane);
  }
}

}  // namespace cairn::api::mlflow
