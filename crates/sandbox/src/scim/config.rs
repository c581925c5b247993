//! `GET /v2/ServiceProviderConfig` (RFC 7644 §4, RFC 7643 §5 and its §8.5 example): what this
//! service provider supports. PATCH yes; filtering yes, at most 200 results a page; entity tags
//! yes (no with the `no_etags` fault); sorting, bulk and password changes no; authentication by
//! an OAuth bearer token (RFC 6750). `meta` has only `resourceType` and `location`. This module
//! must not change anything.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use super::search::MAX_COUNT;
use super::wire::{AuthScheme, Bulk, FilterSupport, Meta, ServiceProviderConfig, Supported, CONFIG_SCHEMA};
use super::{scim_json, Ctx};

/// The handler.
pub(crate) async fn service_provider_config(State(ctx): State<Ctx>) -> Response {
    let etags = !ctx.scim.with_state(|s| s.faults.no_etags);
    let config = ServiceProviderConfig {
        schemas: vec![CONFIG_SCHEMA.into()],
        patch: Supported { supported: true },
        bulk: Bulk { supported: false, max_operations: 0, max_payload_size: 0 },
        filter: FilterSupport { supported: true, max_results: MAX_COUNT as u64 },
        change_password: Supported { supported: false },
        sort: Supported { supported: false },
        etag: Supported { supported: etags },
        authentication_schemes: vec![AuthScheme {
            kind: "oauthbearertoken".into(),
            name: "OAuth Bearer Token".into(),
            description: "Authentication scheme using the OAuth Bearer Token Standard".into(),
            spec_uri: "http://www.rfc-editor.org/info/rfc6750".into(),
            primary: true,
        }],
        meta: Meta {
            resource_type: "ServiceProviderConfig".into(),
            created: None,
            last_modified: None,
            location: format!("{}/ServiceProviderConfig", ctx.base),
            version: None,
        },
    };
    scim_json(StatusCode::OK, &config)
}
