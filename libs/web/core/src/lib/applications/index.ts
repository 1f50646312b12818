// The 申报书 editor's data service and pure view logic (issue 4).
export { ApplicationRoutes, ApplicationsApiService } from './applications-api.service';
export {
  AUTOSAVE_DELAY_MS,
  type AutosaveConflict,
  type AutosaveOptions,
  type AutosaveScheduler,
  type AutosaveState,
  type AutosaveStatus,
  type SaveOutcome,
  SectionAutosave,
  sameContent,
  saveOutcomeOf,
} from './section-autosave';
export { type MergePlace, flattenContent, mergeContent, mergePlaces, placeText, setAtPath } from './merge';
export { DraftKeeper, type DraftStorage, type KeptDraft, draftKey } from './draft-keeper';
export {
  APPLICATION_STATE_KEYS,
  EDITABLE_STATES,
  applicationStateKey,
  type AccessInput,
  type IssueTarget,
  type ReadOnlyReason,
  type SaveIndicator,
  type SectionAccess,
  countryRiskOf,
  fieldDomId,
  issueCountBySection,
  issueTarget,
  issuesByField,
  matchesCountry,
  mayAssign,
  saveIndicator,
  sectionAccess,
  sectionDomId,
  shanghaiClock,
} from './editor-view';
export { type ApplicationDocument, documentUrl, downloadPercent, filenameFromDisposition } from './document-download';
