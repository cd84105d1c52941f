/** 好差评: ratings from every channel, 差评整改 cases, metrics and the outbox. See docs/ratings.md. */
export { ratingsExtension, outboxFromEnv, type RatingsExtension, type RatingsExtensionOptions, type OutboxConfig } from './extension.ts';
export { RatingService, type RatingsRegistry } from './rating-service.ts';
export { FileSink, HttpSink, OutboxStore, OutboxWorker, backoffMs, type OutboxEnvelope, type OutboxSink } from './outbox.ts';
