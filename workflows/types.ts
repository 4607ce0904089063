/**
 * The rotation's public contract: its input (validated with zod inside the workflow so that a
 * bad start from the Web UI fails at once, naming the field), its messages and its status.
 * Nothing here ever carries token text: tokens are named by Signon id and keyed fingerprint.
 */
import { z } from 'zod';
import type { ApprovalRule } from './approval-rule.js';

export const ENVIRONMENTS = ['integration', 'staging', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const TRIGGERS = ['web-ui', 'cli', 'alertmanager', 'demo', 'test'] as const;

export const SEVEN_DAYS_SECONDS = 7 * 24 * 60 * 60;

export const rotationInputSchema = z
  .object({
    environment: z.enum(ENVIRONMENTS),
    apiUser: z.email({ message: 'apiUser must be the API user\'s email, e.g. "short-url-manager@alphagov.co.uk"' }),
    application: z.string().trim().min(1, 'application must name the server application, e.g. "publishing-api"'),
    trigger: z.enum(TRIGGERS).default('web-ui'),
    /** How long the approval gate (and each other wait for a person) lasts before giving up. */
    approvalTimeoutSeconds: z.number().int().positive().max(30 * 24 * 60 * 60).default(SEVEN_DAYS_SECONDS),
    /** The person who started it, if a person did: with APPROVER_NOT_STARTER they may not approve it. */
    startedBy: z.string().trim().min(1, 'startedBy must name a person (non-blank)').optional(),
  })
  .strict();

export type RotationInput = z.input<typeof rotationInputSchema>;
export type ValidRotationInput = z.output<typeof rotationInputSchema>;

export const STEPS = [
  'triage',
  'preflight',
  'awaitDisusedDecision',
  'createToken',
  'runSyncJob',
  'waitForHealthy',
  'verifyEnv',
  'apiSmokeCall',
  'awaitHandover',
  'awaitApproval',
  'revokeOld',
  'compensate',
  'done',
] as const;
export type StepName = (typeof STEPS)[number];

export type StepOutcome = 'running' | 'succeeded' | 'failed' | 'skipped';

export interface StepRecord {
  step: StepName;
  startedAt: string;
  endedAt?: string;
  outcome: StepOutcome;
  detail?: string;
}

export type RotationOutcome =
  | 'rotated'
  | 'revoked-disused'
  | 'already-rotated'
  | 'ignored'
  | 'handed-to-person'
  | 'rejected'
  | 'approval-timed-out'
  | 'failed';

export interface TokenRef {
  id: string;
  fingerprint: string;
  expiresAt: string;
}

/** A person's message to the rotation, as it was received (accepted or not). */
export interface DecisionRecord {
  kind: 'approve' | 'reject' | 'confirmHandover' | 'chooseDisusedAction';
  by: string;
  at: string;
  accepted: boolean;
  note?: string;
}

export interface RotationStatus {
  workflowInput: { environment: string; apiUser: string; application: string; trigger: string; startedBy?: string };
  /** Who may approve, from the worker's configuration; known once triage decides to rotate. */
  approvalRule?: ApprovalRule;
  currentStep: StepName;
  /** In words: what the rotation is doing or waiting for. */
  summary: string;
  steps: StepRecord[];
  consumerKind?: 'internal' | 'external';
  oldTokens: TokenRef[];
  newToken?: TokenRef;
  decisions: DecisionRecord[];
  outcome?: RotationOutcome;
  outcomeReason?: string;
}

export const personSchema = z.string().trim().min(1, 'by must name the person (non-blank)');

export const approveSchema = z.object({ by: personSchema, note: z.string().optional() }).strict();
export const rejectSchema = z.object({ by: personSchema, reason: z.string().optional() }).strict();
export const confirmHandoverSchema = z.object({ by: personSchema }).strict();
export const disusedDecisionSchema = z
  .object({ by: personSchema, choice: z.enum(['revoke-only', 'rotate']) })
  .strict();

export type ApproveSignal = z.infer<typeof approveSchema>;
export type RejectSignal = z.infer<typeof rejectSchema>;
export type ConfirmHandoverSignal = z.infer<typeof confirmHandoverSchema>;
export type DisusedDecisionSignal = z.infer<typeof disusedDecisionSchema>;
