// The sandbox's admin endpoints (fault injection and reset), on the sandbox port, not the panel's.
import { expect, type APIRequestContext } from '@playwright/test';

export const SANDBOX_URL = 'http://127.0.0.1:8092';

export type Faults = {
  latency_ms?: number;
  fail_status?: null | 429 | 500 | 503;
  retry_after_s?: number;
  /** Latency and failure hit only changes (reads answer normally). */
  changes_only?: boolean;
};

/** Okta's own switches, besides the shared ones. */
export type OktaFaults = Faults & {
  /** Okta's rate budget per minute window (X-Rate-Limit-*; real 429s when used up). */
  rate_limit_per_minute?: number;
  /** How long activation and deactivation show `transitioningToStatus`. */
  transition_ms?: number;
};

/** Genesys Cloud's own switches, besides the shared ones. */
export type GenesysFaults = Faults & {
  rate_limit_per_minute?: number;
  token_lifetime_s?: number;
  /** Changes to people in these divisions answer 403 missing.permissions. */
  denied_divisions?: string[];
  /** The next PATCH or DELETE first meets somebody else's edit (version + 1), so it gets a 409. */
  conflict_next_change?: boolean;
};

/** Acronis's own switches, besides the shared ones. */
export type AcronisFaults = Faults & {
  token_lifetime_s?: number;
  /** Every issued token stops working at once (the proxy must fetch a new one). */
  expire_tokens_now?: boolean;
  /** The next change first meets somebody else's edit (version + 1), so it gets a 409. */
  conflict_next_change?: boolean;
};

export class Sandbox {
  constructor(private readonly request: APIRequestContext, private readonly url: string = SANDBOX_URL) {}

  /** Restores the seeded users and clears every fault. */
  async reset(): Promise<void> {
    const res = await this.request.post(`${this.url}/_sandbox/reset`);
    expect(res.ok(), `POST /_sandbox/reset -> ${res.status()} ${await res.text()}`).toBeTruthy();
  }

  async setFaults(faults: Faults): Promise<void> {
    const body = { latency_ms: 0, fail_status: null, retry_after_s: 30, changes_only: false, ...faults };
    const res = await this.request.put(`${this.url}/_sandbox/faults`, { data: body });
    expect(res.ok(), `PUT /_sandbox/faults -> ${res.status()} ${await res.text()}`).toBeTruthy();
  }

  /** Sets one provider's faults (`/_sandbox/faults/{provider}`), leaving the others alone. */
  async setOktaFaults(faults: OktaFaults): Promise<void> {
    const body = { latency_ms: 0, fail_status: null, retry_after_s: 30, changes_only: false, ...faults };
    const res = await this.request.put(`${this.url}/_sandbox/faults/okta`, { data: body });
    expect(res.ok(), `PUT /_sandbox/faults/okta -> ${res.status()} ${await res.text()}`).toBeTruthy();
  }

  /** Sets Genesys Cloud's faults (`/_sandbox/faults/genesys`), leaving the others alone. */
  async setGenesysFaults(faults: GenesysFaults): Promise<void> {
    const res = await this.request.put(`${this.url}/_sandbox/faults/genesys`, { data: faults });
    expect(res.ok(), `PUT /_sandbox/faults/genesys -> ${res.status()} ${await res.text()}`).toBeTruthy();
  }

  /** Sets Acronis's faults (`/_sandbox/faults/acronis`), leaving the others alone. */
  async setAcronisFaults(faults: AcronisFaults): Promise<void> {
    const res = await this.request.put(`${this.url}/_sandbox/faults/acronis`, { data: faults });
    expect(res.ok(), `PUT /_sandbox/faults/acronis -> ${res.status()} ${await res.text()}`).toBeTruthy();
  }

  clearFaults(): Promise<void> {
    return this.setFaults({});
  }
}
