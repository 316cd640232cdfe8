import type { FunctionComponent } from 'react';
import type { Carrier } from '../core/carrier.js';
import type { EnvironmentInfo } from '../core/environment.js';
import type { Locale } from '../core/errors.js';
import type { OneTapOptions } from '../core/options.js';
import type { SignReason } from '../core/signFetch.js';
import type { OneTapStore } from '../core/store.js';
import type { OneTapEvent } from '../core/telemetry.js';
import type { OneTapConfig } from './config.js';

/**
 * One thing a flow did, as the debug recorder saw it, at `Date.now()`: a telemetry event (it
 * names its flow; what follows belongs to that flow); a JSONP request's start; its end, with
 * the provider's answer or the `Error` it failed with. Which request is which follows from the
 * flow's order (src/core/lookup.ts): after `requesting`, getphone, then the queries. The URL
 * is never kept: it carries the sign.
 */
export type DebugRecord =
  | readonly [at: number]
  | readonly [at: number, event: OneTapEvent]
  | readonly [at: number, end: 0, outcome: unknown];

/** One hook's records (the panel drops old flows), its store and latest config (both set each render), its recorder and panel. */
export interface DebugTap {
  records: DebugRecord[];
  store: OneTapStore;
  config: OneTapConfig;
  /**
   * The store's options with `onEvent` and `transport` wrapped to record; the partner's own are
   * still called. The sign phase is timed by the events (signing, then requesting or error); a
   * failed sign's HTTP status is on the store's error, which the panel reads.
   */
  record(options: OneTapOptions): OneTapOptions;
  DebugPanel: FunctionComponent;
}

// What the debug panel shows and copies, as data and as lines of text: one model, so that the
// panel and the report cannot say different things. Only codes, statuses, times and the flowId
// are read from the records: never a phone number (masked or not), never a sign, never a URL
// (a JSONP URL carries the sign).

/** One step of a flow, timed from the flow's start. */
export interface DebugPhase {
  /** ms since the flow began (its `lookup()`). */
  at: number;
  /** `confirm`: the POST to `confirmUrl`, from consent to the route's answer. */
  what: 'sign' | 'getphone' | 'query' | 'ready' | 'confirm' | 'success' | 'error';
  /** A sign's reason. */
  reason?: SignReason | undefined;
  /** A query's attempt under its sign (1 to 6 by default). */
  attempt?: number | undefined;
  /** How long the call took; undefined while it waits. */
  tookMs?: number | undefined;
  /** A query's answer; the provider's resCode of an error. */
  resCode?: string | undefined;
  /** The OneTapError code of a failed call, or of the flow's end. */
  code?: string | undefined;
  /** The sign endpoint's or the confirm route's HTTP status and its own error code, when it failed with one. */
  httpStatus?: number | undefined;
  serverCode?: string | undefined;
  /** `ready` and `success`: the carrier of the number (not the number). */
  carrier?: Carrier | undefined;
}

/** One flow: its id (the one the sign endpoint receives), when it began, its phases in order. */
export interface DebugFlow {
  flowId: string;
  startedAt: number;
  phases: DebugPhase[];
}

/**
 * The flows in `records`, oldest first. `errors` holds, by flowId, the error a flow ended
 * with, as the store had it (the panel collects them): a failed sign's HTTP status is there.
 */
export function flowsOf(
  records: readonly DebugRecord[],
  errors: ReadonlyMap<string, unknown> = new Map(),
): DebugFlow[] {
  const flows: DebugFlow[] = [];
  let flow: DebugFlow | undefined;
  let getphoneNext = false; // the first request after `requesting` is getphone, then queries
  for (const record of records) {
    const [at] = record;
    if (record.length === 2) {
      const { flowId, status, code, resCode, carrier } = record[1];
      if (flow?.flowId !== flowId) {
        flow = flows.find((known) => known.flowId === flowId);
        if (!flow) {
          // A flow's first event is its `signing`, sent as it starts.
          flow = { flowId, startedAt: at, phases: [] };
          flows.push(flow);
        }
      }
      const { phases } = flow;
      const since = at - flow.startedAt;
      if (status === 'signing') {
        // A flow signs for `initial`, then once more only after resCode 2.
        const again = phases.some((phase) => phase.what === 'sign');
        phases.push({ at: since, what: 'sign', reason: again ? 'token-expired' : 'initial' });
      } else if (status === 'requesting') {
        close(flow, 'sign', at);
        getphoneNext = true;
      } else if (status === 'confirming') phases.push({ at: since, what: 'confirm' });
      else if (status === 'ready' || status === 'success') {
        close(flow, 'confirm', at);
        phases.push({ at: since, what: status, carrier });
      } else if (status === 'error') {
        // Whichever call was waiting failed: the sign, or the confirm (its HTTP status and code).
        const failure = { ...failureOf(errors.get(flowId)), code };
        close(flow, 'sign', at, failure);
        close(flow, 'confirm', at, failure);
        phases.push({ at: since, what: status, code, resCode });
      }
      continue;
    }
    if (!flow) continue; // a request before any event: not a flow's
    if (record.length === 1) {
      const what = getphoneNext ? 'getphone' : 'query';
      getphoneNext = false;
      let attempt = 1; // the query's number under its sign
      for (let i = flow.phases.length - 1; i >= 0 && flow.phases[i]?.what !== 'sign'; i--)
        if (flow.phases[i]?.what === 'query') attempt++;
      flow.phases.push({ at: at - flow.startedAt, what, attempt: what === 'query' ? attempt : undefined });
      continue;
    }
    // A request's end: the one still waiting (they run one at a time: getphone, then each query).
    const outcome = record[2];
    const waiting = [...flow.phases]
      .reverse()
      .find((phase) => (phase.what === 'getphone' || phase.what === 'query') && phase.tookMs === undefined);
    if (!waiting) continue;
    let answer: Partial<DebugPhase> = {};
    if (outcome instanceof Error) answer = failureOf(outcome);
    else if (waiting.what === 'query') {
      try {
        answer = { resCode: resCodeOf(outcome) };
      } catch {
        answer = { code: 'BAD_RESPONSE' };
      }
    }
    close(flow, waiting.what, at, answer);
  }
  return flows;
}

/** Gives the latest phase of a kind that still waits its time and outcome. */
function close(
  flow: DebugFlow,
  what: DebugPhase['what'],
  at: number,
  outcome: Partial<DebugPhase> = {},
): void {
  const phase = [...flow.phases].reverse().find((p) => p.what === what && p.tookMs === undefined);
  if (phase) Object.assign(phase, { tookMs: at - flow.startedAt - phase.at }, outcome);
}

/** Drops the records of all but the newest `keep` flows, in place (a flow begins at its first event). */
export function keepNewestFlows(records: DebugRecord[], keep: number): void {
  const starts: number[] = [];
  const seen = new Set<string>();
  records.forEach((record, index) => {
    if (record.length !== 2 || seen.has(record[1].flowId)) return;
    seen.add(record[1].flowId);
    starts.push(index);
  });
  const from = starts[starts.length - keep];
  if (from) records.splice(0, from);
}

/** A failed call's code, and for the sign endpoint its HTTP status and own code. */
function failureOf(error: unknown): Partial<DebugPhase> {
  if (!error) return {};
  const { code, resCode, cause } = error as { code?: unknown; resCode?: string; cause?: unknown };
  const { status, code: serverCode } = (cause ?? {}) as { status?: unknown; code?: unknown };
  return {
    code: typeof code === 'string' ? code : 'ERROR',
    resCode,
    httpStatus: typeof status === 'number' ? status : undefined,
    serverCode: typeof serverCode === 'string' ? serverCode : undefined,
  };
}

// The panel's chunk imports nothing of the library's runtime: sharing a module with the entry
// would make the bundler split the entry's modules into new chunks, and cost every app bytes
// (rolldown orders them anew, which compresses worse). What it needs it reads for itself.

/** DEFAULT_BASE_URL (src/core/protocol.ts), which a test keeps equal. */
export const PROVIDER_DEFAULT = 'http://www.meiyuefu.com/getphone';

/** What the page is on, read now, as the pre-check reads it (src/core/environment.ts). */
const detectEnvironment = (): EnvironmentInfo => ({
  pageProtocol: globalThis.location?.protocol,
  connectionType: (globalThis.navigator as { connection?: { type?: string } } | undefined)?.connection?.type,
});

/** A query answer's resCode, as the protocol's envelope has it (an object, or it as JSON). */
function resCodeOf(answer: unknown): string {
  const envelope = typeof answer === 'string' ? JSON.parse(answer) : answer;
  const resCode = (envelope as { resCode?: unknown } | null)?.resCode;
  if (typeof resCode !== 'number' && typeof resCode !== 'string') throw new TypeError('no resCode');
  return String(resCode).trim();
}

/** What the pre-check saw. */
export interface PrecheckView {
  /** The page's protocol; undefined with no page. */
  page: string | undefined;
  /** The provider's protocol and host, from `baseUrl`. */
  provider: string;
  /** `navigator.connection.type`; undefined where the browser reports none. */
  connection: string | undefined;
  /** Whether the page's policy (CSP) was seen blocking a script. */
  blocked: boolean;
}

/** The provider's origin (`http://host:port`) for a baseUrl, the default provider's without one. */
export const providerOrigin = (baseUrl: string | undefined): string =>
  /^\w+:\/\/[^/?#]+/.exec(baseUrl ?? PROVIDER_DEFAULT)?.[0] ?? '';

/** The pre-check's view for these options, read now. */
export function precheckView(
  options: {
    baseUrl?: string | undefined;
    environment?: Partial<EnvironmentInfo> | undefined;
    checkConnection?: boolean | undefined;
  },
  flows: readonly DebugFlow[],
  policyBlocked: boolean,
): PrecheckView {
  const env = { ...detectEnvironment(), ...options.environment };
  const base = /^(\w+:)\/\/([^/?#]*)/.exec(options.baseUrl ?? PROVIDER_DEFAULT);
  return {
    page: env.pageProtocol,
    provider: base ? `${base[1]} ${base[2]}` : '?',
    connection: env.connectionType,
    // CSP_BLOCKED: the error a policy-blocked script gets, where the library reports it.
    blocked: policyBlocked || flows.some((flow) => flow.phases.some((p) => p.code === 'CSP_BLOCKED')),
  };
}

/** The panel's texts. */
export interface DebugLabels {
  title: string;
  copy: string;
  copied: string;
  copyByHand: string;
  precheck: string;
  page: string;
  provider: string;
  connection: string;
  notReported: string;
  blocked: string;
  yes: string;
  notSeen: string;
  current: string;
  last: string;
  noFlow: string;
  sign: string;
  'token-expired': string;
  initial: string;
  getphone: string;
  /** `{attempt}` is filled in. */
  query: string;
  confirm: string;
  answered: string;
  failed: string;
  waiting: string;
  ready: string;
  success: string;
  error: string;
  /** What to do, per error code (short, from docs/errors.md); keyed by string, new codes included. */
  todo: Record<string, string>;
  todoOther: string;
}

export const DEBUG_LABELS: Record<Locale, DebugLabels> = {
  'zh-CN': {
    title: '调试信息（one-tap-phone）',
    copy: '复制报告',
    copied: '已复制',
    copyByHand: '无法自动复制：请选中下面的文字复制',
    precheck: '预检查',
    page: '页面协议',
    provider: '取号服务',
    connection: '网络类型',
    notReported: '浏览器未报告',
    blocked: '页面安全策略（CSP）拦截脚本',
    yes: '是',
    notSeen: '未发现',
    current: '当前流程',
    last: '上一流程',
    noFlow: '还没有流程：点击按钮开始',
    sign: '签名',
    initial: '首次',
    'token-expired': '令牌过期后重签',
    getphone: 'getphone',
    query: 'query 第 {attempt} 次',
    confirm: '确认接口（confirmUrl）',
    answered: '已应答',
    failed: '失败',
    waiting: '等待应答',
    ready: '取到号码',
    success: '已登录',
    error: '错误',
    todo: {
      SIGN_FAILED: '检查签名接口的应答（HTTP 状态、错误码）和服务端日志中此 flowId 的记录',
      MISSING_PARAMS: 'appId 或签名没有到达取号服务：检查是否有代理丢掉了查询参数',
      TOKEN_EXPIRED: '若每次都如此：服务端的 aesKey 或 appId 与悦服下发的不一致',
      RESULT_UNAVAILABLE: '通常是 Wi-Fi、VPN、电脑或不支持的运营商：请提供短信登录',
      NETWORK: '检查 baseUrl、页面 CSP 的 script-src 和取号服务的状态',
      TIMEOUT: '网络较慢：重试，或提供短信登录',
      BAD_RESPONSE: '取号服务的应答不符合协议：把 resCode 报告给取号服务',
      NOT_CELLULAR: '浏览器报告 Wi-Fi 或有线网络：请切换到移动数据，或使用短信登录',
      MIXED_CONTENT: 'https: 页面不能加载 http: 的 baseUrl：向悦服索取 https: 地址',
      CSP_BLOCKED: '页面的 CSP 拦截了取号脚本：把取号服务的源加入 script-src',
      ABORTED: '已取消（取消、卸载或新的流程）：无需处理',
      NO_ACCOUNT: '确认接口的 account 认不出此浏览器的账号：用户先用短信登录，再记住此浏览器',
      NUMBER_MISMATCH: '取到的号码与此浏览器记住的账号的手机号不符：用户用短信登录',
      SIGN_USED: '签名已确认过（重复提交或重放）：重试会取新签名',
      SIGN_EXPIRED: '签名到达确认接口时已过期：对照 readyTtlMs 与服务端的 maxAgeMs',
      RATE_LIMITED: '确认接口的 limit 拒绝了请求：稍后重试',
      CONFIRM_FAILED: '检查确认接口的应答（HTTP 状态、错误码、是否 JSON）和服务端日志',
    },
    todoOther: '见 docs/errors.md',
  },
  en: {
    title: 'Debug (one-tap-phone)',
    copy: 'Copy report',
    copied: 'Copied',
    copyByHand: 'Could not copy: select the text below and copy it',
    precheck: 'Pre-check',
    page: 'page',
    provider: 'provider',
    connection: 'connection',
    notReported: 'not reported by the browser',
    blocked: 'script blocked by the page’s policy (CSP)',
    yes: 'yes',
    notSeen: 'not seen',
    current: 'Current flow',
    last: 'Last flow',
    noFlow: 'No flow yet: tap the button',
    sign: 'sign',
    initial: 'initial',
    'token-expired': 'after token expired',
    getphone: 'getphone',
    query: 'query {attempt}',
    confirm: 'confirm route (confirmUrl)',
    answered: 'answered',
    failed: 'failed',
    waiting: 'waiting',
    ready: 'ready',
    success: 'success',
    error: 'error',
    todo: {
      SIGN_FAILED: 'check the sign endpoint’s answer (HTTP status, code) and your server log for this flowId',
      MISSING_PARAMS: 'appId or the sign did not reach the provider: a proxy dropping the query string?',
      TOKEN_EXPIRED: 'if every flow ends here: the server’s aesKey or appId is not the pair Yuefu issued',
      RESULT_UNAVAILABLE: 'usually Wi-Fi, a VPN, a desktop or an unserved carrier: offer SMS',
      NETWORK: 'check baseUrl, the page’s CSP script-src and the provider’s status',
      TIMEOUT: 'a slow network: retry, or offer SMS',
      BAD_RESPONSE: 'the provider answered outside its protocol: report the resCode to it',
      NOT_CELLULAR: 'the browser reports Wi-Fi or Ethernet: switch to mobile data, or use SMS',
      MIXED_CONTENT: 'an https: page cannot load an http: baseUrl: ask Yuefu for an https: address',
      CSP_BLOCKED: 'the page’s CSP blocked the provider’s script: add its origin to script-src',
      ABORTED: 'cancelled (a cancel, an unmount or a new flow): nothing to do',
      NO_ACCOUNT:
        'the confirm route’s account() named no account for this browser: the user logs in by SMS first',
      NUMBER_MISMATCH: 'the confirmed number is not the phone of the account this browser names: SMS',
      SIGN_USED: 'the sign was confirmed already (a double submit or a replay): a retry gets a new one',
      SIGN_EXPIRED:
        'the sign reached the confirm route too old: compare readyTtlMs with the server’s maxAgeMs',
      RATE_LIMITED: 'the confirm route’s limit refused: retry later',
      CONFIRM_FAILED: 'check the confirm route’s answer (HTTP status, code, JSON) and your server log',
    },
    todoOther: 'see docs/errors.md',
  },
};

/** A line of the panel and of the report; `tone` is for the panel's colours only. */
export interface DebugLine {
  text: string;
  tone?: 'heading' | 'error' | 'hint' | undefined;
}

const ms = (value: number) => `${Math.round(value)} ms`;

/** One phase as a line, and the what-to-do line under an error. */
function phaseLines(phase: DebugPhase, labels: DebugLabels): DebugLine[] {
  const { what, code, resCode } = phase;
  const name =
    what === 'sign'
      ? `${labels.sign} (${labels[phase.reason ?? 'initial']})`
      : what === 'query'
        ? labels.query.replace('{attempt}', String(phase.attempt))
        : labels[what];
  const outcome: string[] = [];
  if (what === 'ready' || what === 'success') outcome.push(phase.carrier ?? '');
  else if (what === 'error') outcome.push(code ?? '', resCode ? `resCode ${resCode}` : '');
  else if (phase.tookMs === undefined) outcome.push(labels.waiting);
  else if (code) {
    const http = phase.httpStatus
      ? `HTTP ${phase.httpStatus}${phase.serverCode ? ` ${phase.serverCode}` : ''}`
      : '';
    outcome.push(`${labels.failed} ${code}`, http, resCode ? `resCode ${resCode}` : '', ms(phase.tookMs));
  } else outcome.push(resCode ? `resCode ${resCode}` : labels.answered, ms(phase.tookMs));
  const lines: DebugLine[] = [
    {
      text: `+${ms(phase.at)}  ${name}: ${outcome.filter(Boolean).join(', ')}`,
      tone: code ? 'error' : undefined,
    },
  ];
  if (what === 'error')
    lines.push({ text: `  → ${(code && labels.todo[code]) || labels.todoOther}`, tone: 'hint' });
  return lines;
}

/** Everything the panel shows, as lines; the report is the same lines joined. */
export function reportLines(
  view: PrecheckView,
  flows: readonly DebugFlow[],
  labels: DebugLabels,
  context: { now: number; userAgent: string | undefined },
): DebugLine[] {
  const lines: DebugLine[] = [
    { text: labels.title, tone: 'heading' },
    { text: new Date(context.now).toISOString() },
  ];
  if (context.userAgent) lines.push({ text: context.userAgent });
  lines.push(
    { text: labels.precheck, tone: 'heading' },
    { text: `${labels.page}: ${view.page ?? labels.notReported}` },
    { text: `${labels.provider}: ${view.provider}` },
    { text: `${labels.connection}: ${view.connection ?? labels.notReported}` },
    {
      text: `${labels.blocked}: ${view.blocked ? labels.yes : labels.notSeen}`,
      tone: view.blocked ? 'error' : undefined,
    },
  );
  const [current, last] = flows.slice(-2).reverse();
  if (!current) lines.push({ text: labels.noFlow, tone: 'hint' });
  for (const [title, flow] of [
    [labels.current, current],
    [labels.last, last],
  ] as const) {
    if (!flow) continue;
    lines.push({
      text: `${title} · flowId ${flow.flowId} · ${new Date(flow.startedAt).toISOString()}`,
      tone: 'heading',
    });
    for (const phase of flow.phases) lines.push(...phaseLines(phase, labels));
  }
  return lines;
}

/** The report to copy: the panel's lines as plain text. */
export const reportText = (lines: readonly DebugLine[]): string =>
  `${lines.map((line) => line.text).join('\n')}\n`;
