/** 好差评: ratings from every channel, 差评整改 cases, metrics and the outbox. See docs/ratings.md. */
export { ratingsModule, outboxFromEnv, type RatingsModule, type RatingsOptions, type OutboxConfig } from './ratings-module.ts';
export { RatingService } from './rating-service.ts';
export { FileSink, HttpSink, OutboxStore, OutboxWorker, backoffMs, type OutboxEnvelope, type OutboxSink } from './outbox.ts';
