-- Which input field (column or tensor) a rejected request got wrong, as its 400 named it: the
-- monitoring issue's data-quality view counts validation failures per column.
ALTER TABLE inference_requests ADD COLUMN error_field TEXT NOT NULL DEFAULT '';
