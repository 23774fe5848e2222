-- Saved views of an experiment's runs grid (issue 13): the grid state a view restores (columns,
-- order, filter, sort, group-by, charts) as a JSON object the server validates for shape and size
-- only, shared with the project or kept to its creator. owner_key is the creator's id for a private
-- view and '' for a project view, so names are unique per experiment and owner: one shared
-- "Baseline" per experiment, and one private "Baseline" per member.

CREATE TABLE saved_views (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  visibility TEXT NOT NULL,        -- private | project
  owner_key TEXT NOT NULL,         -- created_by for private views, '' for project views
  created_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  state TEXT NOT NULL,             -- the grid state, a JSON object
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (experiment_id, owner_key, name)
);
CREATE INDEX saved_views_by_experiment ON saved_views (experiment_id, name, id);
