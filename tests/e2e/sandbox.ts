// The sandbox's admin endpoints (fault injection and reset), on the sandbox port, not the panel's.
import { expect, type APIRequestContext } from '@playwright/test';

export const SANDBOX_URL = 'http://127.0.0.1:8092';

export type Faults = {
  latency_ms?: number;
  fail_status?: null | 429 | 500 | 503;
  retry_after_s?: number;
  /** Latency and failure hit only changes (reads answer normally). */
  changes_only?: boolean;
  /** The next N calls answer 429 (Retry-After: 1). */
  burst_429?: number;
  /** This share of calls fails at random (429, 500, 503, or a change made and then answered 500). */
  random_fault_percent?: number;
  random_fault_seed?: number;
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

/** DocSpace's own switches, besides the shared ones. */
export type DocSpaceFaults = Faults & {
  /** The most people who may be Active; reactivating past it answers 402. */
  seat_limit?: number | null;
  /** Every request answers 502 with the reverse proxy's HTML page. */
  html_502?: boolean;
  rate_limit_per_minute?: number;
};

export class Sandbox {
  constructor(private readonly request: APIRequestContext, private readonly url: string = SANDBOX_URL) {}

  /** The changes each sandbox applied, per provider and person id. */
  async changes(): Promise<Record<string, Record<string, number>>> {
    const res = await this.request.get(`${this.url}/_sandbox/changes`);
    expect(res.ok(), `GET /_sandbox/changes -> ${res.status()}`).toBeTruthy();
    return res.json();
  }

  /** Up to `limit` of a provider's people who can sign in. */
  async people(provider: string, limit: number): Promise<{ id: string; email: string; name: string }[]> {
    const res = await this.request.get(`${this.url}/_sandbox/people/${provider}?state=active&limit=${limit}`);
    expect(res.ok(), `GET /_sandbox/people/${provider} -> ${res.status()}`).toBeTruthy();
    return res.json();
  }

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

  /** Sets one provider's faults as given (`/_sandbox/faults/{provider}`), leaving the others alone. */
  async setProviderFaults(provider: 'genesys' | 'acronis' | 'docspace' | 'scim', faults: object): Promise<void> {
    const res = await this.request.put(`${this.url}/_sandbox/faults/${provider}`, { data: faults });
    expect(res.ok(), `PUT /_sandbox/faults/${provider} -> ${res.status()} ${await res.text()}`).toBeTruthy();
  }

  setGenesysFaults(faults: GenesysFaults): Promise<void> {
    return this.setProviderFaults('genesys', faults);
  }

  setAcronisFaults(faults: AcronisFaults): Promise<void> {
    return this.setProviderFaults('acronis', faults);
  }

  setDocSpaceFaults(faults: DocSpaceFaults): Promise<void> {
    return this.setProviderFaults('docspace', faults);
  }

  clearFaults(): Promise<void> {
    return this.setFaults({});
  }
}
