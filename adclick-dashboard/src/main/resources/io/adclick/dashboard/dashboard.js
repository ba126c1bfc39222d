// The advertiser dashboard: signs in with an API key, draws the advertiser's (or one ad's) clicks
// over a range with uPlot, lists the ads with their totals, and keeps a range that reaches now up
// to date by asking again every few seconds. It calls only the query API, with the key as Bearer;
// the key lives in this tab's session storage, never in a URL.
'use strict';

(function () {
  const KEY_STORAGE = 'adclick.apiKey';
  const LIVE_EVERY_MS = 5000;
  const MINUTE = 60e3;
  const HOUR = 60 * MINUTE;
  const DAY = 24 * HOUR;
  const STEP = { minute: MINUTE, hour: HOUR, day: DAY };
  const PRESETS = { '60m': HOUR, '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY };
  const ADS_LIMIT = 1000;
  const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

  const $ = (id) => document.getElementById(id);
  const counts = new Intl.NumberFormat();
  const times = {
    minute: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
    hour: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
    day: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }),
  };

  const state = {
    key: null,
    advertiserId: null,
    ads: [],
    view: { kind: 'overview' },
    sort: { key: 'clicks', dir: 'descending' },
    totals: [],
    shown: null, // the last answer drawn: { range, series }
    chart: null,
    chartGranularity: null,
    generation: 0, // bumped on every new view or range; a stale answer is dropped
    timer: null,
    busy: false,
  };

  /** A failed call: the server's status and its message. */
  class ApiError extends Error {
    constructor(status, message, retryAfter) {
      super(message);
      this.status = status;
      this.retryAfter = retryAfter;
    }
  }

  /** The server did not answer at all. */
  class Unreachable extends Error {}

  async function api(path, params, accept) {
    const url = new URL(path, window.location.origin);
    Object.entries(params || {}).forEach(([k, v]) => url.searchParams.set(k, v));
    let response;
    try {
      response = await fetch(url, {
        headers: { Authorization: 'Bearer ' + state.key, Accept: accept || 'application/json' },
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (e) {
      throw new Unreachable('the server did not answer');
    }
    if (!response.ok) {
      let message = 'the server answered ' + response.status;
      try {
        const body = await response.json();
        if (body && body.message) message = body.message;
      } catch (e) {
        // not JSON: a proxy's page, say; the status says enough
      }
      throw new ApiError(response.status, message, Number(response.headers.get('Retry-After')));
    }
    return accept === 'text/csv' ? response.text() : response.json();
  }

  // ---- ranges -------------------------------------------------------------------------------

  function granularityFor(spanMs) {
    if (spanMs <= 6 * HOUR) return 'minute';
    if (spanMs <= 8 * DAY) return 'hour';
    return 'day';
  }

  /** The range the controls ask for, or an error message. */
  function currentRange() {
    const choice = $('range').value;
    if (choice !== 'custom') {
      const span = PRESETS[choice];
      const granularity = granularityFor(span);
      // One step past now, so the bucket still counting is drawn; the server aligns both down.
      const to = Date.now() + STEP[granularity];
      return { from: to - span, to, granularity, live: true };
    }
    const from = Date.parse($('custom-from').value);
    const to = Date.parse($('custom-to').value);
    if (Number.isNaN(from) || Number.isNaN(to)) {
      return { error: 'Choose both a start and an end for the custom range.' };
    }
    if (to <= from) {
      return { error: 'The end of the range must come after its start.' };
    }
    const granularity = granularityFor(to - from);
    return { from, to, granularity, live: to > Date.now() };
  }

  function rangeParams(range) {
    return {
      from: new Date(range.from).toISOString(),
      to: new Date(range.to).toISOString(),
      granularity: range.granularity,
      tz: TZ,
    };
  }

  function localInputValue(ms) {
    const d = new Date(ms - new Date(ms).getTimezoneOffset() * MINUTE);
    return d.toISOString().slice(0, 16);
  }

  // ---- screens ------------------------------------------------------------------------------

  function showNotice(text) {
    const notice = $('notice');
    notice.textContent = text;
    notice.hidden = !text;
  }

  function setStatus(text, empty) {
    const status = $('status');
    status.textContent = text;
    status.classList.toggle('empty', Boolean(empty));
  }

  function showSignIn(message) {
    stopLive();
    state.key = null;
    sessionStorage.removeItem(KEY_STORAGE);
    $('dashboard').hidden = true;
    $('account').hidden = true;
    $('sign-in').hidden = false;
    showNotice(message || '');
    $('api-key').value = '';
    $('api-key').focus();
  }

  function showDashboard() {
    $('sign-in').hidden = true;
    $('account').hidden = false;
    $('dashboard').hidden = false;
    $('advertiser-id').textContent = String(state.advertiserId);
  }

  async function signIn(key) {
    state.key = key;
    $('sign-in-button').disabled = true;
    setStatus('');
    try {
      const answer = await api('/api/v1/ads');
      state.advertiserId = answer.advertiserId;
      state.ads = answer.ads;
      sessionStorage.setItem(KEY_STORAGE, key);
      showNotice('');
      showDashboard();
      route();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        showSignIn('That API key was not accepted. Check it and sign in again.');
      } else if (e instanceof Unreachable) {
        showSignIn('The adclick server cannot be reached. Check your connection and try again.');
      } else {
        showSignIn('Signing in failed: ' + e.message);
      }
    } finally {
      $('sign-in-button').disabled = false;
    }
  }

  /** The view the address names: the overview, or one ad's page. */
  function route() {
    const match = /^#\/ads\/(\d+)$/.exec(window.location.hash);
    state.view = match ? { kind: 'ad', adId: Number(match[1]) } : { kind: 'overview' };
    const ad = match ? state.ads.find((a) => a.id === state.view.adId) : null;
    $('crumbs').hidden = !match;
    $('ads-section').hidden = Boolean(match);
    $('view-title').textContent = match ? (ad ? ad.name : 'Ad ' + state.view.adId) : 'All ads';
    document.title = (match ? $('view-title').textContent : 'All ads') + ' · adclick';
    load();
  }

  // ---- loading and live updates -------------------------------------------------------------

  /** Loads the view afresh: a new range, view or sign-in. */
  function load() {
    stopLive();
    state.generation++;
    const range = currentRange();
    if (range.error) {
      setStatus(range.error);
      return;
    }
    $('chart').classList.add('stale');
    $('dashboard').setAttribute('aria-busy', 'true');
    setStatus('Loading…');
    refresh(state.generation, range, true);
  }

  /** Fetches the view's numbers and draws them; on a live range, asks again later. */
  async function refresh(generation, range, fresh) {
    state.busy = true;
    try {
      const params = rangeParams(range);
      const view = state.view;
      const seriesCall =
        view.kind === 'ad'
          ? api('/api/v1/ads/' + view.adId + '/metrics', params)
          : api('/api/v1/advertisers/' + state.advertiserId + '/metrics', params);
      const totalsCall =
        view.kind === 'ad'
          ? Promise.resolve(null)
          : api('/api/v1/advertisers/' + state.advertiserId + '/ads', {
              from: params.from,
              to: params.to,
              limit: ADS_LIMIT,
            });
      const [series, totals] = await Promise.all([seriesCall, totalsCall]);
      if (generation !== state.generation) return;
      showNotice('');
      draw(range, series, fresh);
      if (totals) drawAds(totals.ads);
      $('dashboard').removeAttribute('aria-busy');
      if (range.live) scheduleLive(generation);
      $('live').hidden = !range.live;
    } catch (e) {
      if (generation !== state.generation) return;
      if (e instanceof ApiError && e.status === 401) {
        showSignIn('Your API key is no longer accepted. Sign in again.');
        return;
      }
      if (e instanceof ApiError && e.status === 404 && state.view.kind === 'ad') {
        setStatus('');
        showNotice('There is no such ad among yours.');
        return;
      }
      if (e instanceof Unreachable) {
        showNotice('The adclick server cannot be reached. Retrying every 5 seconds.');
      } else if (e instanceof ApiError && e.status === 429) {
        setStatus('Many requests at once; trying again shortly.');
      } else {
        showNotice('Loading the numbers failed: ' + e.message);
        return;
      }
      // Try again, on any range: the server or the limit will be back.
      scheduleRetry(generation, range, fresh, e.retryAfter);
    } finally {
      state.busy = false;
    }
  }

  function scheduleLive(generation) {
    stopLive();
    state.timer = setTimeout(() => {
      if (generation !== state.generation) return;
      if (document.hidden || state.busy) {
        scheduleLive(generation);
        return;
      }
      // The same choice, moved on to now: a new minute comes into view as the old one leaves.
      const range = currentRange();
      if (range.error) return;
      refresh(generation, range, false);
    }, LIVE_EVERY_MS);
  }

  function scheduleRetry(generation, range, fresh, retryAfterSeconds) {
    stopLive();
    const wait = retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : LIVE_EVERY_MS;
    state.timer = setTimeout(() => {
      if (generation === state.generation) {
        refresh(generation, range.live ? currentRange() : range, fresh);
      }
    }, wait);
  }

  function stopLive() {
    if (state.timer !== null) {
      clearTimeout(state.timer);
      state.timer = null;
    }
  }

  // ---- drawing ------------------------------------------------------------------------------

  function draw(range, series, fresh) {
    state.shown = { range, series };
    const buckets = series.buckets;
    const format = times[series.granularity];
    $('total-clicks').textContent = counts.format(series.total);
    $('total-clicks').dataset.value = String(series.total);
    $('granularity').textContent = series.granularity;
    $('complete-through').textContent = series.completeThrough
      ? times.minute.format(new Date(series.completeThrough))
      : 'not yet';
    $('reconciled-through').textContent = series.reconciledThrough
      ? times.minute.format(new Date(series.reconciledThrough))
      : 'not yet';
    if (series.total === 0) {
      setStatus('No clicks in this range yet.', true);
    } else {
      setStatus(
        'Updated ' + times.minute.format(new Date()) + (range.live ? '; updating every 5 seconds' : ''),
      );
    }
    drawChart(series, fresh);
    $('chart').setAttribute(
      'aria-label',
      'Clicks per ' +
        series.granularity +
        ' from ' +
        format.format(new Date(series.from)) +
        ' to ' +
        format.format(new Date(series.to)) +
        ': ' +
        counts.format(series.total) +
        ' in all. The same numbers are in the table below the chart.',
    );
    drawSeriesTable(buckets, format);
  }

  /** uPlot's columns: time, final clicks, and the partial ones drawn apart (dashed). */
  function chartColumns(buckets) {
    const xs = [];
    const finals = [];
    const partials = [];
    buckets.forEach((b, i) => {
      xs.push(Date.parse(b.start) / 1000);
      finals.push(b.final ? b.clicks : null);
      partials.push(b.final ? null : b.clicks);
      // The dashed line starts where the solid one ends, so the two meet.
      if (!b.final && i > 0 && buckets[i - 1].final) partials[i - 1] = buckets[i - 1].clicks;
    });
    return [xs, finals, partials];
  }

  function drawChart(series, fresh) {
    const container = $('chart');
    const data = chartColumns(series.buckets);
    if (state.chart && state.chartGranularity === series.granularity && !fresh) {
      state.chart.setData(data);
    } else {
      if (state.chart) state.chart.destroy();
      container.textContent = '';
      state.chart = new uPlot(chartOptions(container), data, container);
      state.chartGranularity = series.granularity;
    }
    container.classList.remove('stale');
  }

  function chartOptions(container) {
    const styles = getComputedStyle(document.documentElement);
    const primary = styles.getPropertyValue('--primary').trim() || '#0b57d0';
    const partial = styles.getPropertyValue('--partial').trim() || '#a64b00';
    return {
      width: Math.max(280, container.clientWidth),
      height: 300,
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] } },
      series: [
        {},
        { label: 'Final', stroke: primary, width: 2, fill: 'rgba(11, 87, 208, 0.08)', points: { show: false } },
        // Points only where there is room for them (uPlot's default), so a partial bucket alone shows.
        { label: 'Partial', stroke: partial, width: 2, dash: [6, 4], points: { size: 6 } },
      ],
      axes: [
        {},
        {
          label: 'Clicks',
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 1e6, 1e7],
          values: (u, ticks) => ticks.map((t) => counts.format(t)),
        },
      ],
    };
  }

  function drawSeriesTable(buckets, format) {
    const body = $('series-table').tBodies[0];
    const rows = document.createDocumentFragment();
    buckets.forEach((b) => {
      const tr = document.createElement('tr');
      tr.append(cell(format.format(new Date(b.start))), cell(counts.format(b.clicks), 'number'));
      tr.lastChild.dataset.value = String(b.clicks);
      tr.append(cell(b.final ? 'final' : 'partial'));
      rows.append(tr);
    });
    body.replaceChildren(rows);
  }

  function drawAds(totals) {
    state.totals = totals;
    const byId = new Map(state.ads.map((a) => [a.id, { ...a, clicks: 0 }]));
    totals.forEach((t) => {
      const known = byId.get(t.adId);
      if (known) known.clicks = t.clicks;
      else byId.set(t.adId, { id: t.adId, name: t.name, status: '', clicks: t.clicks });
    });
    const rows = [...byId.values()].sort(compareAds);
    const body = $('ads-table').tBodies[0];
    const fragment = document.createDocumentFragment();
    if (rows.length === 0) {
      const tr = document.createElement('tr');
      const td = cell('You have no ads yet.');
      td.colSpan = 3;
      tr.append(td);
      fragment.append(tr);
    }
    rows.forEach((ad) => {
      const tr = document.createElement('tr');
      tr.dataset.adId = String(ad.id);
      const name = document.createElement('td');
      const link = document.createElement('a');
      link.href = '#/ads/' + ad.id;
      link.textContent = ad.name;
      name.append(link);
      const clicks = cell(counts.format(ad.clicks), 'number');
      clicks.dataset.value = String(ad.clicks);
      tr.append(name, cell(ad.status || ''), clicks);
      fragment.append(tr);
    });
    body.replaceChildren(fragment);
    document.querySelectorAll('#ads-table th').forEach((th) => {
      const key = th.querySelector('button').dataset.sort;
      th.setAttribute('aria-sort', key === state.sort.key ? state.sort.dir : 'none');
    });
  }

  function compareAds(a, b) {
    const { key, dir } = state.sort;
    const sign = dir === 'ascending' ? 1 : -1;
    let c;
    if (key === 'clicks') c = a.clicks - b.clicks;
    else c = String(a[key]).localeCompare(String(b[key]));
    return c !== 0 ? sign * c : a.id - b.id;
  }

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  // ---- CSV ----------------------------------------------------------------------------------

  /** The chart's series as CSV, as the server writes it. */
  function downloadSeriesCsv() {
    if (!state.shown) return;
    const { range, series } = state.shown;
    const params = rangeParams(range);
    const path =
      state.view.kind === 'ad'
        ? '/api/v1/ads/' + state.view.adId + '/metrics'
        : '/api/v1/advertisers/' + state.advertiserId + '/metrics';
    const who = state.view.kind === 'ad' ? 'ad-' + state.view.adId : 'advertiser-' + state.advertiserId;
    download(path, params, 'adclick-' + who + '-' + series.granularity + '-' + stamp(params.from) + '.csv');
  }

  /** The ads table's totals for the range as CSV, as the server writes it. */
  function downloadAdsCsv() {
    if (!state.shown) return;
    const params = rangeParams(state.shown.range);
    download(
      '/api/v1/advertisers/' + state.advertiserId + '/ads',
      { from: params.from, to: params.to, limit: ADS_LIMIT },
      'adclick-advertiser-' + state.advertiserId + '-ads-' + stamp(params.from) + '.csv',
    );
  }

  function stamp(iso) {
    return iso.slice(0, 16).replace(/[-:]/g, '');
  }

  /** Fetches with the key as a header and saves from a Blob: the key never goes into a link. */
  async function download(path, params, fileName) {
    try {
      const csv = await api(path, params, 'text/csv');
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      link.download = fileName;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (e) {
      showNotice(
        e instanceof Unreachable ? 'The adclick server cannot be reached; no CSV this time.' : 'The CSV failed: ' + e.message,
      );
    }
  }

  // ---- wiring -------------------------------------------------------------------------------

  function start() {
    $('sign-in-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('api-key').value.trim();
      if (!key) {
        showNotice('Enter your advertiser API key.');
        $('api-key').focus();
        return;
      }
      signIn(key);
    });
    $('sign-out').addEventListener('click', () => showSignIn(''));
    $('range').addEventListener('change', () => {
      const custom = $('range').value === 'custom';
      $('custom-range').hidden = !custom;
      if (custom) {
        stopLive(); // until the custom range is shown with its own button
        state.generation++;
        $('live').hidden = true;
        if (!$('custom-from').value) $('custom-from').value = localInputValue(Date.now() - DAY);
        if (!$('custom-to').value) $('custom-to').value = localInputValue(Date.now());
        $('custom-from').focus();
        return;
      }
      load();
    });
    $('range-form').addEventListener('submit', (event) => {
      event.preventDefault();
      load();
    });
    $('download-csv').addEventListener('click', downloadSeriesCsv);
    $('download-ads-csv').addEventListener('click', downloadAdsCsv);
    document.querySelectorAll('#ads-table th button').forEach((button) =>
      button.addEventListener('click', () => {
        const key = button.dataset.sort;
        const dir =
          state.sort.key === key
            ? state.sort.dir === 'ascending' ? 'descending' : 'ascending'
            : key === 'clicks' ? 'descending' : 'ascending';
        state.sort = { key, dir };
        drawAds(state.totals);
      }),
    );
    window.addEventListener('hashchange', () => {
      if (state.key) route();
    });
    window.addEventListener('resize', () => {
      if (state.chart) state.chart.setSize({ width: Math.max(280, $('chart').clientWidth), height: 300 });
    });
    const saved = sessionStorage.getItem(KEY_STORAGE);
    if (saved) signIn(saved);
    else showSignIn('');
  }

  start();
})();
