import { harnessWindows, type HarnessWindow } from './harness-windows.ts'

/**
 * The browser-side stand-in for the preload: the same named functions as `window.twofold`, carried
 * over HTTP instead of Electron IPC. Generated from the shared name tables so a channel added to the
 * API reaches the harness without anyone editing this file. Plain ES2020 because it is served as is.
 */
export function thinClientSource(basePath: string, window: HarnessWindow = 'manager'): string {
  const { channels, events } = harnessWindows[window]
  const config = JSON.stringify({ basePath: `${basePath}${window}/`, channels, events })
  return `'use strict';
(function () {
  var config = ${config};
  var listeners = {};
  var source = null;

  function unreachable() {
    return { ok: false, error: { code: 'internal', message: 'The test harness could not be reached.' } };
  }

  function invoke(channel, request) {
    return fetch(config.basePath + '__ipc/' + encodeURIComponent(channel), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request === undefined ? {} : request),
    }).then(function (response) {
      return response.json();
    }).catch(unreachable);
  }

  // One stream for every event, opened on the first subscription and kept open: React's strict mode
  // unsubscribes and resubscribes at once, and a reconnect in between could drop an event.
  function ensureSource() {
    if (source) return;
    source = new EventSource(config.basePath + '__events');
    Object.keys(listeners).forEach(function (event) {
      source.addEventListener(event, function (message) {
        var payload = JSON.parse(message.data);
        listeners[event].forEach(function (listener) { listener(payload); });
      });
    });
  }

  var api = {};
  Object.keys(config.channels).forEach(function (name) {
    var channel = config.channels[name];
    api[name] = function (request) { return invoke(channel, request); };
  });
  Object.keys(config.events).forEach(function (name) {
    var event = config.events[name];
    listeners[event] = new Set();
    api[name] = function (listener) {
      listeners[event].add(listener);
      ensureSource();
      return function () { listeners[event].delete(listener); };
    };
  });

  Object.defineProperty(window, 'twofold', { value: Object.freeze(api), enumerable: true });
})();
`
}
