// The 申报书 editor's collaboration panels: section history with diffs, comment threads, evidence.
export { CollaborationApiService, CollaborationRoutes, type EvidenceChange, type EvidenceUpload } from './collaboration-api.service';
export {
  type DiffOp,
  type DiffPart,
  type DisplaySegment,
  type SkippedSegment,
  type TextSegment,
  collapseUnchanged,
  diffSequences,
  diffSide,
  diffStats,
  diffText,
} from './text-diff';
export { type EvidenceTitleOf, type FieldChange, type FieldDiff, type SectionDiff, type SectionField, diffSectionFields, sectionFields } from './section-text';
export { type BodySegment, type MentionCandidate, type MentionQuery, filterMentionCandidates, insertMention, mentionQueryAt, mentionSegments, mentionedUserIds } from './mentions';
export { type CommentThread, commentSnippet, commentThreads } from './comment-threads';
export {
  type ChosenFile,
  EVIDENCE_ACCEPT,
  type EvidenceFailureView,
  type EvidenceGroup,
  describeEvidenceChangeFailure,
  describeEvidenceUploadFailure,
  evidenceBytes,
  evidenceFileIcon,
  evidenceFileProblem,
  evidenceTotalProblem,
  groupEvidence,
  shortDigest,
} from './evidence';
export { type VersionPair, comparisonAfterLoad, comparisonFor, describeRestoreFailure, orderedPair } from './history';
