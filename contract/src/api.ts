import { z } from 'zod';
import { Channel, Priority, TicketForm, TicketStatus, RatingLevel } from './ticket.ts';
import { IsoDate } from './time.ts';

const Id = z.string().min(1).max(64);

/** A password someone chooses (change, reset, hand-over); the policy itself is checked by the server. */
export const NewPassword = z.string().min(1).max(128);

export const LoginRequest = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }).strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

export const IssueTicketRequest = z
  .object({
    serviceId: Id.optional(),
    categoryId: Id.optional(),
    /** Every matter of a 一事一次办 bundle; the first decides the queue. */
    serviceIds: z.array(Id).max(20).optional(),
    /** A configured 一事一次办 bundle: its matters, one visit, one number. */
    bundleId: Id.optional(),
    /** 绿色通道: the group the citizen belongs to (implies priority `green`); never the document number. */
    priorityGroup: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,31}$/)
      .optional(),
    channel: Channel.optional(),
    priority: Priority.optional(),
    /** Any string of 1–128 characters: the same key returns the same ticket. */
    idempotencyKey: z.string().min(1).max(128).optional(),
    printerId: Id.optional(),
    form: TicketForm.optional(),
    appointmentCode: z.string().max(40).optional(),
  })
  .strict()
  .refine((r) => r.serviceId !== undefined || r.categoryId !== undefined || (r.serviceIds?.length ?? 0) > 0 || r.bundleId !== undefined, {
    message: 'serviceId, categoryId or bundleId is required',
  });
export type IssueTicketRequest = z.infer<typeof IssueTicketRequest>;

export const ListTicketsQuery = z.object({ date: IsoDate.optional(), status: TicketStatus.optional() }).strict();

export const PauseRequest = z.object({ reason: z.string().trim().min(1).max(100) }).strict();
export const TransferRequest = z
  .object({
    categoryId: Id.optional(),
    windowId: Id.optional(),
    note: z.string().max(200).optional(),
  })
  .strict()
  .refine((r) => (r.categoryId === undefined) !== (r.windowId === undefined), { message: 'give exactly one of categoryId or windowId' });
export type TransferRequest = z.infer<typeof TransferRequest>;

export const AllocationRequest = z
  .object({
    categories: z.array(Id).min(1).max(32),
    until: z.string().datetime({ offset: true }).optional(),
    pinned: z.boolean().optional(),
  })
  .strict();
export type AllocationRequest = z.infer<typeof AllocationRequest>;

export const CallSpecificRequest = z
  .object({ ticketId: Id.optional(), number: z.string().max(8).optional() })
  .strict()
  .refine((r) => r.ticketId !== undefined || r.number !== undefined, { message: 'ticketId or number is required' });

export const RequeueRequest = z.object({ ticketId: Id, position: z.enum(['head', 'offset', 'tail']).optional() }).strict();

/** A window sets the status of one matter of the ticket it holds. */
export const MatterUpdateRequest = z.object({ status: z.enum(['accepted', 'done', 'transferred', 'needs_documents']) }).strict();
export type MatterUpdateRequest = z.infer<typeof MatterUpdateRequest>;

export const SignInRequest = z.object({ categories: z.array(Id).max(32).optional() }).strict();
/**
 * AB岗: the colleague taking over signs in here. `newPassword` is for an account whose password was handed
 * to them (`mustChangePassword`): such a hand-over is refused with PASSWORD_CHANGE_REQUIRED until it carries
 * one, and for any other account it is refused with PASSWORD_CHANGE_NOT_REQUIRED.
 */
export const HandOverRequest = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256), newPassword: NewPassword.optional() })
  .strict();

export const RatingRequest = z
  .object({
    token: z.string().min(10).max(100),
    level: RatingLevel,
    reasons: z.array(z.number().int().min(0).max(7)).max(8).optional(),
    comment: z.string().max(500).optional(),
  })
  .strict();
export type RatingRequest = z.infer<typeof RatingRequest>;

export const DateQuery = z.object({ date: IsoDate.optional() }).strict();

export const PairRequest = z.object({ code: z.string().min(4).max(32) }).strict();
export const PairingCodeRequest = z
  .object({ kind: z.enum(['kiosk', 'display']), name: z.string().min(1).max(40), deviceId: Id.optional() })
  .strict();
export const CreateUserRequest = z
  .object({
    username: z.string().regex(/^[a-z][a-z0-9_.-]{1,31}$/),
    displayName: z.string().trim().min(1).max(20),
    role: z.enum(['staff', 'supervisor', 'admin']),
    password: z.string().min(1).max(128),
    certified: z.array(Id).max(32).default([]),
  })
  .strict();

/** Change one's own password (the policy is checked by the server: length, not a common password). */
export const ChangePasswordRequest = z.object({ currentPassword: z.string().min(1).max(256), newPassword: NewPassword }).strict();
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

/** An admin sets someone's password; its owner must change it at the next sign-in. */
export const ResetPasswordRequest = z.object({ newPassword: NewPassword }).strict();

/** What an admin sees of an account (never the hash). */
export interface AccountSummary {
  username: string;
  displayName: string;
  role: 'staff' | 'supervisor' | 'admin';
  certified: string[];
  disabled: boolean;
  mustChangePassword: boolean;
  passwordChangedAt: string | null;
  createdAt: string;
}
