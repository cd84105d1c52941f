/** Request shapes of the central REST API (the uplink and config shapes are the contract's). */
import { z } from 'zod';
import { IsoDate } from '@hall/contract';
import { CENTRAL_ROLES } from '../accounts/account-repository.ts';

export const LoginRequest = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }).strict();
export const CreateAccountRequest = z
  .object({
    username: z.string().regex(/^[a-z0-9_.-]{2,32}$/),
    password: z.string().min(8).max(200),
    role: z.enum(CENTRAL_ROLES),
  })
  .strict();
export const CreateHallRequest = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    name: z.string().min(1).max(80),
  })
  .strict();
export const HallIdParam = z.object({ id: z.string().min(1).max(64) });
export const DateQuery = z.object({ date: IsoDate.optional() }).strict();
