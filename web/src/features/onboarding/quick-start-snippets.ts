/** The Quick start page's snippets, filled with this server's URL, the project and (once made) a key. */
export interface QuickStartSnippets {
  mlflow: string;
  sdk: string;
  curl: string;
}

export const KEY_PLACEHOLDER = "<your API key>";

export function quickStartSnippets(origin: string, org: string, project: string, key: string | null): QuickStartSnippets {
  const token = key ?? KEY_PLACEHOLDER;
  const tracking = `${origin}/p/${org}/${project}`;
  return {
    mlflow: [
      "pip install mlflow scikit-learn",
      `export MLFLOW_TRACKING_URI=${tracking}`,
      `export MLFLOW_TRACKING_TOKEN=${token}`,
      "",
      "python - <<'EOF'",
      "import mlflow",
      "from sklearn.datasets import load_iris",
      "from sklearn.linear_model import LogisticRegression",
      "",
      'mlflow.set_experiment("quick-start")',
      "with mlflow.start_run():",
      "    X, y = load_iris(return_X_y=True)",
      "    model = LogisticRegression(max_iter=200).fit(X, y)",
      '    mlflow.log_param("max_iter", 200)',
      '    mlflow.log_metric("accuracy", model.score(X, y))',
      '    mlflow.sklearn.log_model(model, name="model", registered_model_name="iris")',
      "EOF",
    ].join("\n"),
    sdk: [
      "pip install ./sdk/python   # from a checkout of Cairn",
      "",
      "from itertools import islice",
      "from cairn import Cairn",
      "",
      `client = Cairn(url="${origin}", api_key="${token}", org="${org}", project="${project}")`,
      'for run in islice(client.runs.search(order_by=["attributes.start_time DESC"]), 5):',
      "    print(run.name, run.status, run.metrics)",
    ].join("\n"),
    curl: [
      `curl -H "Authorization: Bearer ${token}" \\`,
      `  ${origin}/api/v1/orgs/${org}/projects/${project}/experiments`,
    ].join("\n"),
  };
}
