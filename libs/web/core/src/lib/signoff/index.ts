// Sign-off in sequence (issue 5): the data service and the pure view helpers of the sign-off pages.
export { SignoffApiService, SignoffRoutes } from './signoff-api.service';
export {
  ACTION_LABELS,
  type ActionContext,
  type ActiveOrg,
  SIGNATURE_KIND_LABELS,
  SIGNATURE_STATUS,
  type TodoContext,
  type TransitionErrorView,
  actorRelationOf,
  allowedActions,
  beijingInputToIso,
  describeTransitionError,
  effectiveDeadlineOf,
  eventLabel,
  fillDeclaration,
  needsComment,
  paragraphsOf,
  shortHash,
  todoOf,
  validSignatures,
} from './signoff-view';
