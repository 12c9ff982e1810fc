// activate(), shared by both entry points (extension.ts for Node, extensionWeb.ts for the browser):
// builds the shared services, then activates each feature.
import type * as vscode from 'vscode';
import { features } from './features';
import { type Platform } from './platform/platform';
import { Services } from './services';

type Features = typeof features;
/** What each feature's activate() returns, by feature name: the extension's API (the integration tests use it). */
export type ExtensionApi = { services: Services; activationMs: number } & {
  [K in keyof Features]: ReturnType<Features[K]['activate']>;
};

export function activateExtension(context: vscode.ExtensionContext, platform: Platform): ExtensionApi {
  const started = performance.now();
  const services = new Services(context, platform);
  context.subscriptions.push(services);
  const api = { services } as ExtensionApi;
  // Each feature registers its providers and commands; nothing heavy loads until it is used.
  for (const name of Object.keys(features) as (keyof Features)[]) {
    (api as Record<string, unknown>)[name] = features[name].activate(context, services);
  }
  api.activationMs = performance.now() - started;
  // The notes are read just after activation, off its path, so that the first hover finds them ready.
  const warmUp = setTimeout(() => void services.ready(), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(warmUp) });
  return api;
}
