/**
 * What people tell a rotation, and whether it counts. Every message is recorded, accepted or
 * not, so the status query and the history say who decided what. An approval counts only
 * once verification has finished (approving before the evidence exists proves nothing) and
 * only from a person the approval rule allows.
 *
 * Approvals come two ways. The Web UI's signal cannot be refused by Temporal, so a signal
 * that breaks the rules is recorded as refused and the rotation keeps waiting. The CLI's
 * update is checked by a validator first: a refused update never reaches history (that is
 * what validators are for), the caller gets the reason, and the worker's log records it.
 */
import { ApplicationFailure, log, setHandler } from '@temporalio/workflow';
import type { z } from 'zod';
import { checkApprover, type ApprovalRule } from './approval-rule.js';
import { approveRotationUpdate, approveSignal, chooseDisusedActionSignal, confirmHandoverSignal, rejectSignal } from './messages.js';
import type { RotationRecord } from './rotation-record.js';
import { approveSchema, confirmHandoverSchema, disusedDecisionSchema, rejectSchema, type DecisionRecord } from './types.js';

export type AwaitedDecision = 'nothing' | 'disusedDecision' | 'handover' | 'approval' | 'closed';

export class PeopleInbox {
  /** What the rotation currently waits for; other messages are recorded and ignored. */
  awaiting: AwaitedDecision = 'nothing';
  approvedBy?: string;
  rejection?: { by: string; reason?: string };
  handoverConfirmedBy?: string;
  disusedChoice?: { by: string; choice: 'revoke-only' | 'rotate' };
  /** Set from the worker's configuration before any approval can count. */
  approvalRule?: ApprovalRule;

  constructor(
    private readonly record: RotationRecord,
    private readonly startedBy: string | undefined,
  ) {
    setHandler(approveSignal, (message) => {
      const by = this.validPerson('approve', approveSchema, message);
      if (by === undefined) return;
      const refusal = this.approvalRefusal(by);
      if (refusal !== undefined) {
        this.refuse('approve', by, refusal);
        return;
      }
      this.accept(by, message.note);
    });

    setHandler(approveRotationUpdate, (message) => this.accept(message.by.trim(), message.note), {
      validator: (message) => {
        const parsed = approveSchema.safeParse(message);
        if (!parsed.success) throw ApplicationFailure.nonRetryable(`malformed approval: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`, 'ApprovalRefused');
        const refusal = this.approvalRefusal(parsed.data.by);
        if (refusal !== undefined) {
          log.warn('refused an approval update', { by: parsed.data.by, reason: refusal });
          throw ApplicationFailure.nonRetryable(`approval by ${parsed.data.by} refused: ${refusal}`, 'ApprovalRefused');
        }
      },
    });

    // A person may stop a rotation at any time before revocation starts.
    setHandler(rejectSignal, (message) => {
      const by = this.validPerson('reject', rejectSchema, message);
      if (by === undefined) return;
      if (this.awaiting === 'closed') {
        this.refuse('reject', by, 'arrived after revocation started or the rotation finished');
        return;
      }
      this.rejection = { by, reason: message.reason };
      this.record.decide({ kind: 'reject', by, accepted: true, note: message.reason });
    });

    setHandler(confirmHandoverSignal, (message) => {
      const by = this.validPerson('confirmHandover', confirmHandoverSchema, message);
      if (by === undefined) return;
      if (this.awaiting !== 'handover') {
        this.refuse('confirmHandover', by, 'the rotation is not waiting for a hand-over');
        return;
      }
      this.handoverConfirmedBy = by;
      this.record.decide({ kind: 'confirmHandover', by, accepted: true });
    });

    setHandler(chooseDisusedActionSignal, (message) => {
      const by = this.validPerson('chooseDisusedAction', disusedDecisionSchema, message);
      if (by === undefined) return;
      if (this.awaiting !== 'disusedDecision') {
        this.refuse('chooseDisusedAction', by, 'the rotation is not asking about a disused token');
        return;
      }
      // Revoke-only revokes at once, so choosing it is an approval and must pass the same rule.
      if (message.choice === 'revoke-only') {
        const check = checkApprover(this.approvalRule, by, this.startedBy);
        if (!check.allowed) {
          this.refuse('chooseDisusedAction', by, `revoke-only needs an approver: ${check.reason}`);
          return;
        }
      }
      this.disusedChoice = { by, choice: message.choice };
      this.record.decide({ kind: 'chooseDisusedAction', by, accepted: true, note: message.choice });
    });
  }

  /** Why an approval by this person would not count now, or undefined when it would. */
  private approvalRefusal(by: string): string | undefined {
    if (this.awaiting !== 'approval') {
      return this.awaiting === 'closed'
        ? 'arrived after the rotation stopped waiting for approval'
        : 'arrived before verification finished; approve again once the rotation awaits approval';
    }
    if (this.approvedBy !== undefined) return `already approved by ${this.approvedBy}`;
    const check = checkApprover(this.approvalRule, by, this.startedBy);
    return check.allowed ? undefined : check.reason;
  }

  private accept(by: string, note: string | undefined): DecisionRecord {
    this.approvedBy = by;
    return this.record.decide({ kind: 'approve', by, accepted: true, ...(note !== undefined ? { note } : {}) });
  }

  /** Returns the person's name, or records the refusal and returns undefined when the message is malformed. */
  private validPerson<Schema extends z.ZodType<{ by: string }>>(
    kind: 'approve' | 'reject' | 'confirmHandover' | 'chooseDisusedAction',
    schema: Schema,
    message: unknown,
  ): string | undefined {
    const parsed = schema.safeParse(message);
    if (parsed.success) return parsed.data.by;
    const by = typeof (message as { by?: unknown } | null)?.by === 'string' ? (message as { by: string }).by : '(nobody)';
    this.refuse(kind, by, `malformed: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`).join('; ')}`);
    return undefined;
  }

  private refuse(kind: 'approve' | 'reject' | 'confirmHandover' | 'chooseDisusedAction', by: string, note: string): void {
    this.record.decide({ kind, by, accepted: false, note });
  }
}
