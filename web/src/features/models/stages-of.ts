import { MODEL_STAGES, type ModelStage, type RegisteredModel } from "./api/model-queries";

/** The live stages a model has a version in (archived left out), in lifecycle order, with that version. */
export function stagesOf(model: Pick<RegisteredModel, "stages">): Array<{ stage: ModelStage; version: number }> {
  return MODEL_STAGES.filter((s) => s !== "archived" && model.stages[s] != null).map((stage) => ({ stage, version: model.stages[stage]! }));
}
