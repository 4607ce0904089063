/**
 * rotateSignonToken: the runbook as a durable workflow.
 *
 * triage -> preflight -> createToken -> (internal) runSyncJob -> waitForHealthy -> verifyEnv
 * -> apiSmokeCall | (external) apiSmokeCall -> hand-over confirmed by a person
 * -> approval gate -> revokeOld.
 *
 * Nothing a consumer still uses is ever revoked: the old token only after a person approves
 * verified evidence, the new one (as compensation) only while no consumer can have switched.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  setHandler,
} from '@temporalio/workflow';
import type { PreflightResult, RotationGrant } from '../activities/signon.js';
import { configReads, kubernetesWaits, podChecks, revokeCalls, signonCalls, smokeCalls } from './activity-proxies.js';
import { statusQuery } from './messages.js';
import { PeopleInbox, type AwaitedDecision } from './people.js';
import { RotationRecord } from './rotation-record.js';
import { triage } from './triage.js';
import {
  rotationInputSchema,
  type RotationInput,
  type RotationOutcome,
  type TokenRef,
  type ValidRotationInput,
} from './types.js';

export interface RotationResult {
  outcome: RotationOutcome;
  reason: string;
  newToken?: TokenRef;
  revokedTokenIds: string[];
}

/** Thrown inside the workflow when a person rejects; caught below to compensate. */
class RotationStopped extends Error {
  constructor(readonly outcome: 'rejected' | 'approval-timed-out', message: string) {
    super(message);
  }
}

export async function rotateSignonToken(rawInput: RotationInput): Promise<RotationResult> {
  const parsed = rotationInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`);
    throw ApplicationFailure.nonRetryable(`Invalid rotation input: ${problems.join('; ')}`, 'InvalidRotationInput');
  }
  return new Rotation(parsed.data).run();
}

class Rotation {
  private readonly record: RotationRecord;
  private readonly people: PeopleInbox;
  private readonly timeoutMs: number;
  private newToken?: TokenRef;
  /** The user's tokens for the application as preflight found them; compensation needs it. */
  private grant?: RotationGrant;
  /** Set once a consumer may be reading the new token: from then on it is never revoked. */
  private newTokenMayBeInUse = false;

  constructor(private readonly input: ValidRotationInput) {
    this.record = new RotationRecord(input);
    this.people = new PeopleInbox(this.record, input.startedBy);
    this.timeoutMs = input.approvalTimeoutSeconds * 1000;
    setHandler(statusQuery, () => this.record.status);
  }

  async run(): Promise<RotationResult> {
    const decision = triage(this.input);
    this.record.begin('triage', 'Applying the runbook\'s triage rules');
    if (decision.action !== 'rotate') {
      this.record.end('succeeded', decision.reason);
      return this.finish(decision.action === 'ignore' ? 'ignored' : 'handed-to-person', decision.reason);
    }
    this.record.end('succeeded', 'rotate');

    try {
      return await this.rotate();
    } catch (error) {
      return await this.stop(error);
    }
  }

  private async rotate(): Promise<RotationResult> {
    const approvalRule = await configReads.approvalRule({ environment: this.input.environment });
    this.people.approvalRule = approvalRule;
    this.record.status.approvalRule = approvalRule;

    const state = await this.record.step(
      'preflight',
      'Reading the API user and its live tokens from Signon',
      () => signonCalls.preflight({ apiUser: this.input.apiUser, application: this.input.application }),
      (result) => `${result.liveTokens.length} live token(s); last synced ${result.lastSyncedAt ?? 'never'}; ${result.consumerKind} consumer`,
    );
    this.record.status.consumerKind = state.consumerKind;
    this.record.status.oldTokens = state.liveTokens;
    this.grant = grantOf(state);

    const byName = triage({ ...this.input, apiUserName: state.apiUserName });
    if (byName.action !== 'rotate') return this.finish(byName.action === 'ignore' ? 'ignored' : 'handed-to-person', byName.reason);

    if (state.suspended) return this.finish('ignored', `${state.apiUserName} is suspended: the sync task skips it and nothing uses its tokens`);
    if (state.retired) return this.finish('ignored', `${state.applicationName} is retired`);
    if (state.alreadyFresh) {
      return this.finish('already-rotated', 'The newest live token already outlives the alert threshold; nothing to do');
    }
    if (state.disused && state.liveTokens.length > 0) {
      const choice = await this.askAboutDisusedToken(state);
      if (choice === 'revoke-only') return this.revoke(state, 'revoked-disused');
    }
    this.throwIfRejected();

    this.newToken = await this.record.step(
      'createToken',
      `Creating a new ${state.applicationName} token for ${state.apiUserName}`,
      () => signonCalls.createToken(grantOf(state)),
      (token) => `token ${token.id} (${token.fingerprint}) expires ${token.expiresAt}`,
    );
    this.record.status.newToken = this.newToken;
    this.throwIfRejected();

    if (state.consumerKind === 'internal') await this.verifyInternalConsumers(state, this.newToken);
    else await this.verifyExternalConsumer(state, this.newToken);

    await this.waitForPerson('approval', 'awaitApproval', `Verified. Waiting for a person to approve revoking the old token (${state.liveTokens.length} live)`);
    if (this.people.approvedBy === undefined) {
      throw new RotationStopped('approval-timed-out', `No approval within ${this.input.approvalTimeoutSeconds} s; the old token was left live`);
    }
    return this.revoke(state, 'rotated');
  }

  private async verifyInternalConsumers(state: PreflightResult, newToken: TokenRef): Promise<void> {
    // The Job may apply the Secret even if this activity later fails, so the new token is
    // treated as in use from the moment the sync is attempted.
    this.newTokenMayBeInUse = true;
    await this.record.step('runSyncJob', 'Running the Secret sync Job now (kubectl create job --from=cronjob)', () => kubernetesWaits.runSyncJob(), (job) => `Job ${job.jobName} succeeded${job.created ? '' : ' (adopted)'}`);
    this.throwIfRejected();
    const { consumers, tokenInSecret } = await this.record.step(
      'waitForHealthy',
      `Waiting for Secret ${state.secretName} and its consumers' rollouts`,
      () => kubernetesWaits.waitForHealthy({ secretName: state.secretName, expectedFingerprint: newToken.fingerprint, grant: grantOf(state) }),
      (result) =>
        `consumers: ${result.consumers.map((consumer) => `${consumer.deployment}/${consumer.container} ${consumer.envVar}`).join(', ')}` +
        (result.tokenInSecret ? `; the Secret holds ${result.tokenInSecret.id}, made by a create Signon finished late: keeping that one` : ''),
    );
    // The consumers switch to whatever the sync wrote; that is the token to verify and keep.
    const kept = tokenInSecret ?? newToken;
    this.newToken = kept;
    this.record.status.newToken = kept;
    this.throwIfRejected();
    await this.record.step(
      'verifyEnv',
      'Checking that every running consumer pod sees the new token',
      () => podChecks.verifyEnv({ consumers, expectedFingerprint: kept.fingerprint }),
      (result) => `${result.pods.length} pod(s) hold ${kept.fingerprint}`,
    );
    this.throwIfRejected();
    await this.smokeCall(kept);
  }

  private async verifyExternalConsumer(state: PreflightResult, newToken: TokenRef): Promise<void> {
    await this.smokeCall(newToken);
    await this.waitForPerson(
      'handover',
      'awaitHandover',
      `${state.apiUserName} is outside GOV.UK: send them the new token securely (CLI: handover-token), then confirm the hand-over`,
    );
    if (this.people.handoverConfirmedBy === undefined) {
      throw new RotationStopped('approval-timed-out', `Nobody confirmed the hand-over within ${this.input.approvalTimeoutSeconds} s`);
    }
    this.newTokenMayBeInUse = true;
  }

  private async smokeCall(newToken: TokenRef): Promise<void> {
    await this.record.step(
      'apiSmokeCall',
      `Calling ${this.input.application} with the new token`,
      () => smokeCalls.apiSmokeCall({ application: this.input.application, tokenId: newToken.id }),
      (result) => `HTTP ${result.status} in ${result.durationMs} ms`,
    );
    this.throwIfRejected();
  }

  private async askAboutDisusedToken(state: PreflightResult): Promise<'revoke-only' | 'rotate'> {
    await this.waitForPerson(
      'disusedDecision',
      'awaitDisusedDecision',
      `Not used since ${state.lastSyncedAt ?? 'ever'}: choose revoke-only or rotate (signal chooseDisusedAction)`,
    );
    const choice = this.people.disusedChoice?.choice;
    if (choice === undefined) {
      throw new RotationStopped('approval-timed-out', `Nobody chose between revoke-only and rotate within ${this.input.approvalTimeoutSeconds} s`);
    }
    return choice;
  }

  /** Waits for one kind of decision, a rejection, or the timeout; the step records which. */
  private async waitForPerson(awaiting: AwaitedDecision, step: 'awaitApproval' | 'awaitHandover' | 'awaitDisusedDecision', summary: string): Promise<void> {
    this.throwIfRejected();
    this.people.awaiting = awaiting;
    this.record.begin(step, summary);
    const decided = await condition(
      () => this.people.rejection !== undefined || this.decisionArrived(awaiting),
      this.timeoutMs,
    );
    this.people.awaiting = 'nothing';
    this.record.end(decided ? 'succeeded' : 'failed', decided ? undefined : 'timed out');
    this.throwIfRejected();
  }

  private decisionArrived(awaiting: AwaitedDecision): boolean {
    if (awaiting === 'approval') return this.people.approvedBy !== undefined;
    if (awaiting === 'handover') return this.people.handoverConfirmedBy !== undefined;
    return this.people.disusedChoice !== undefined;
  }

  private throwIfRejected(): void {
    const rejection = this.people.rejection;
    if (rejection) {
      throw new RotationStopped('rejected', `Rejected by ${rejection.by}${rejection.reason ? `: ${rejection.reason}` : ''}`);
    }
  }

  private async revoke(state: PreflightResult, outcome: 'rotated' | 'revoked-disused'): Promise<RotationResult> {
    this.people.awaiting = 'closed';
    const oldTokenIds = state.liveTokens.map((token) => token.id);
    const kept = outcome === 'rotated' ? this.newToken : undefined;
    const result = await this.record.step(
      'revokeOld',
      `Revoking ${oldTokenIds.length} superseded token(s)`,
      () => revokeCalls.revokeOld({ grant: grantOf(state), tokens: state.liveTokens, ...(kept ? { keep: kept } : {}) }),
      (revoked) => `revoked ${revoked.revoked.join(', ') || 'none'}; already revoked ${revoked.alreadyRevoked.join(', ') || 'none'}`,
    );
    const who = outcome === 'rotated' ? `approved by ${this.people.approvedBy}` : `revoke-only chosen by ${this.people.disusedChoice?.by}`;
    const revokedTokenIds = [...result.revoked, ...result.alreadyRevoked];
    const strays = revokedTokenIds.length - oldTokenIds.length;
    const strayNote = strays > 0 ? ` and ${strays} unused duplicate(s) a late Signon create left` : '';
    return this.finish(outcome, `Revoked ${oldTokenIds.length} old token(s)${strayNote}, ${who}`, revokedTokenIds);
  }

  /** Rejection, timeout, failure or cancellation: compensate, record, and end accordingly. */
  private async stop(error: unknown): Promise<RotationResult> {
    this.people.awaiting = 'closed';
    const compensated = await CancellationScope.nonCancellable(() => this.compensate());
    const revokedTokenIds = compensated ? [compensated] : [];
    if (error instanceof RotationStopped) {
      return this.finish(error.outcome, `${error.message}. ${this.newTokenFate(compensated)}`, revokedTokenIds);
    }
    const reason = `${describe(error)}. ${this.newTokenFate(compensated)}`;
    this.finish('failed', reason, revokedTokenIds);
    if (isCancellation(error)) throw error;
    throw ApplicationFailure.nonRetryable(`Rotation failed at ${this.failedStep()}: ${reason}`, 'RotationFailed');
  }

  /** Revokes the new token only while no consumer can be using it; returns its id if revoked. */
  private async compensate(): Promise<string | undefined> {
    const newToken = this.newToken;
    if (!newToken || this.newTokenMayBeInUse) return undefined;
    const grant = this.grant;
    if (!grant) return undefined;
    await this.record.step('compensate', 'Revoking the unused new token', () => revokeCalls.revokeUnusedNewToken({ grant, tokens: [newToken] }));
    return newToken.id;
  }

  private newTokenFate(compensatedId: string | undefined): string {
    if (!this.newToken) return 'No new token was created; the old token is untouched';
    if (compensatedId) return `The unused new token ${compensatedId} was revoked; the old token is untouched`;
    return `The new token ${this.newToken.id} stays live because consumers may already use it; the old token is untouched`;
  }

  private failedStep(): string {
    return this.record.status.steps.findLast((step) => step.outcome === 'failed')?.step ?? this.record.status.currentStep;
  }

  private finish(outcome: RotationOutcome, reason: string, revokedTokenIds: string[] = []): RotationResult {
    this.record.finish(outcome, reason);
    return { outcome, reason, newToken: this.newToken, revokedTokenIds };
  }
}

function grantOf(state: PreflightResult): RotationGrant {
  return { apiUserId: state.apiUserId, applicationId: state.applicationId, knownTokenIds: state.knownTokenIds };
}

/** The innermost message of an activity failure is the one that names what went wrong. */
function describe(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}
