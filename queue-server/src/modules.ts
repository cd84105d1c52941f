/**
 * The modules beyond the hall core (好差评, devices, the supervisor's tools, the kiosk's and counter's
 * routes, the uplink to the central server). Each is built once, in `server.ts`, in dependency order, from typed dependencies: a module that
 * needs another is handed it, never looks it up. What a module gives the server back:
 */
import type { FastifyInstance } from 'fastify';
import type { DeviceAgentOptions } from './devices/device-agent.ts';
import type { RatingsOptions } from './ratings/ratings-module.ts';
import type { SupervisorOptions } from './supervisor/supervisor-module.ts';
import type { UplinkOptions } from './uplink/uplink-module.ts';

export interface HallModule {
  /** Registers the module's REST routes (before the server listens). */
  register?(app: FastifyInstance): void;
  /** Starts background work once the server listens. */
  start?(): void | Promise<void>;
  /** Runs on every scheduler tick (the injected clock decides what is due). */
  tick?(): void;
  /** Fields added to `GET /health`. */
  health?(): Record<string, unknown>;
  close?(): void | Promise<void>;
}

/** Options for the modules (tests tune timings and sinks here). */
export interface ModuleOptions {
  ratings?: RatingsOptions;
  devices?: DeviceAgentOptions;
  supervisor?: SupervisorOptions;
  uplink?: UplinkOptions;
}
