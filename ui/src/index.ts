export * from './api.ts';
export * from './hall-stream.ts';
export * from './useHallStream.ts';
export * from './device-token.ts';
export * from './Qr.tsx';
export * from './i18n.ts';
export * from './format.ts';
export * from './hours-text.ts';
