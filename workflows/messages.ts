/** The rotation's signals and query: what a person (UI or CLI) can say to it and ask of it. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type {
  ApproveSignal,
  ConfirmHandoverSignal,
  DisusedDecisionSignal,
  RejectSignal,
  RotationStatus,
} from './types.js';

export const approveSignal = defineSignal<[ApproveSignal]>('approve');
export const rejectSignal = defineSignal<[RejectSignal]>('reject');
/** External consumers: a person confirms the new token reached the consumer securely. */
export const confirmHandoverSignal = defineSignal<[ConfirmHandoverSignal]>('confirmHandover');
/** Disused tokens: a person chooses revoke-only or rotate anyway. */
export const chooseDisusedActionSignal = defineSignal<[DisusedDecisionSignal]>('chooseDisusedAction');

export const statusQuery = defineQuery<RotationStatus>('status');
