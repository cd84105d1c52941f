/** Failures in the console's language: chosen by code and parameters, never parsed from message text. */
export { describeError } from '@hall/ui';
