// The API side: autocannon, one connection per drafter, each an autosave loop on its own application
// that sends the version its previous save answered.
import autocannon from 'autocannon';
import { SECTION_KEY } from './prepare.mjs';
import { draftText } from './text.mjs';

/**
 * Runs `seconds` of autosaves. Each autocannon connection is bound to one drafter in `setupClient`
 * (client.setRequests, autocannon's per-connection API): its request's setupRequest builds the next
 * body from the drafter's last saved version, and onResponse takes the new one from `{ version }`.
 * Latencies of 200s are collected exactly (autocannon's own histogram rounds to whole ms).
 */
export async function runApi({ baseUrl, drafters, seconds, record = true, onStart }) {
  const url = new URL(baseUrl);
  const latencies = [];
  const statuses = {};
  let bound = 0;

  const requestFor = (drafter) => ({
    method: 'PUT',
    path: `/api/applications/${drafter.applicationId}/sections/${SECTION_KEY}`,
    headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${drafter.token}` },
    setupRequest: (request) => {
      request.body = JSON.stringify({ content: { text: draftText(drafter.no, drafter.saves) }, version: drafter.version });
      return request;
    },
    onResponse: (status, body) => {
      drafter.saves++;
      if (status === 200) {
        drafter.version = JSON.parse(body).version;
        return;
      }
      // Someone (a request in flight when a previous run stopped) saved in between: continue from there.
      const current = safeJson(body)?.current?.version;
      if (Number.isInteger(current)) drafter.version = current;
    },
  });

  const instance = autocannon({
    url: url.origin,
    connections: drafters.length,
    pipelining: 1,
    duration: seconds,
    timeout: 30,
    // Replaced per connection in setupClient; this one is never sent.
    requests: [{ method: 'GET', path: '/api/health' }],
    setupClient: (client) => {
      const drafter = drafters[bound++ % drafters.length];
      client.setRequests([requestFor(drafter)]);
    },
  });
  onStart?.(() => instance.stop());
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    if (record && statusCode === 200) latencies.push(responseTime);
  });
  const startedAt = performance.now();
  const result = await instance;
  const elapsed = (performance.now() - startedAt) / 1000;
  const ok = statuses[200] ?? 0;
  const non200 = Object.entries(statuses).reduce((sum, [status, n]) => sum + (status === '200' ? 0 : n), 0);
  return {
    seconds: elapsed,
    saves: ok,
    non200,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    latencies,
    autocannon: { requestsAverage: result.requests.average, latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99 }, errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx },
  };
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
