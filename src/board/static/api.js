// The board's HTTP API as the page uses it (see the contract in the server's README/docs).

/** A URL for an API path with query parameters (URL-encoded). */
export function apiUrl(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) q.set(k, String(v));
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

/** GETs JSON; throws an Error carrying the server's {error} message on a non-2xx answer. */
export async function getJson(path, params) {
  const url = apiUrl(path, params);
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) {
    let msg = `${res.status} ${res.statusText}`;
    try { const body = await res.json(); if (body && body.error) msg = `${res.status}: ${body.error}`; } catch { /* not JSON */ }
    const err = new Error(`${url}: ${msg}`);
    err.status = res.status;
    throw err;
  }
  return res.json();
}

export const api = {
  runs: () => getJson('/api/runs'),
  scalars: (run, tag, points) => getJson('/api/scalars', { run, tag, points }),
  /** Every point of a series, after the server has read all of it (for downloads). */
  scalarsAll: (run, tag) => getJson('/api/scalars', { run, tag, points: 1000000, wait: 1 }),
  histograms: (run, tag, points) => getJson('/api/histograms', { run, tag, points }),
  images: (run, tag) => getJson('/api/images', { run, tag }),
  imageUrl: (run, tag, index) => apiUrl('/api/image', { run, tag, index }),
  audio: (run, tag) => getJson('/api/audio', { run, tag }),
  audioUrl: (run, tag, index) => apiUrl('/api/audio_clip', { run, tag, index }),
  text: (run, tag) => getJson('/api/text', { run, tag }),
  graph: (run) => getJson('/api/graph', { run }),
};
