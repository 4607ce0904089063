/**
 * Search attributes the rotation keeps current, so the Web UI's list can filter e.g.
 * `RotationEnvironment = "production" AND RotationStep = "awaitApproval"`. None is secret.
 * The dev-server launcher registers exactly these (name and type) before the worker starts.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const ROTATION_ENVIRONMENT = defineSearchAttributeKey('RotationEnvironment', SearchAttributeType.KEYWORD);
export const ROTATION_API_USER = defineSearchAttributeKey('RotationApiUser', SearchAttributeType.KEYWORD);
export const ROTATION_APPLICATION = defineSearchAttributeKey('RotationApplication', SearchAttributeType.KEYWORD);
export const ROTATION_STEP = defineSearchAttributeKey('RotationStep', SearchAttributeType.KEYWORD);
export const ROTATION_OUTCOME = defineSearchAttributeKey('RotationOutcome', SearchAttributeType.KEYWORD);

export const ROTATION_SEARCH_ATTRIBUTES = [
  ROTATION_ENVIRONMENT,
  ROTATION_API_USER,
  ROTATION_APPLICATION,
  ROTATION_STEP,
  ROTATION_OUTCOME,
] as const;
