// Log formats declared in formats/*.yaml: the dataset schema, the Glue table's partition
// projection and the schedule each one gets, with no code per format.
export {
  DEFAULT_FORMAT_SCHEDULE,
  loadDeclaredFormats,
  parseDeclaredFormat,
  projectionParameters,
} from "./declaration";
export type { DeclaredFormat, FormatProjection } from "./declaration";
