export * from './errors.ts';
export * from './time.ts';
export * from './hall.ts';
export * from './ticket.ts';
export * from './api.ts';
export * from './events.ts';
export * from './privacy.ts';
export * from './ratings.ts';
