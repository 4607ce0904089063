/** The rotation's signals and query: what a person (UI or CLI) can say to it and ask of it. */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  ApproveSignal,
  ConfirmHandoverSignal,
  DecisionRecord,
  DisusedDecisionSignal,
  RejectSignal,
  RotationStatus,
} from './types.js';

/** The Web UI's way to approve: an approval that breaks the rules is recorded as refused. */
export const approveSignal = defineSignal<[ApproveSignal]>('approve');
/**
 * The CLI's way to approve: its validator refuses an approval that would not count (wrong
 * person, wrong moment) before anything reaches history, and the caller hears why.
 */
export const approveRotationUpdate = defineUpdate<DecisionRecord, [ApproveSignal]>('approveRotation');
export const rejectSignal = defineSignal<[RejectSignal]>('reject');
/** External consumers: a person confirms the new token reached the consumer securely. */
export const confirmHandoverSignal = defineSignal<[ConfirmHandoverSignal]>('confirmHandover');
/** Disused tokens: a person chooses revoke-only or rotate anyway. */
export const chooseDisusedActionSignal = defineSignal<[DisusedDecisionSignal]>('chooseDisusedAction');

export const statusQuery = defineQuery<RotationStatus>('status');
