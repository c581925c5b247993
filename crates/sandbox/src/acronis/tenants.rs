//! The fixed tenant tree of the Acronis sandbox and the walks over it: the root partner tenant
//! (the docs' `ede9f834-…`, named "Partner"), four customer tenants below it (the fourth, "Doe
//! Holdings", has nobody in it: it is there so a search for "doe" mixes a tenant and John Doe, as
//! in the docs' search example), and one customer tenant outside it (a sibling under a data-center parent the sandbox does not model), whose
//! people a search from the root must not find.
//!
//! ```text
//! (not modeled: 0f1e2d3c-4b5a-4968-8776-655443322110)
//! ├── Partner            ede9f834-70b3-476c-83d9-736f9f8c7dae  partner
//! │   ├── Customer A     7c1e2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e01  customer
//! │   ├── Customer B     7c1e2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e02  customer
//! │   ├── Customer C     7c1e2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e03  customer
//! │   └── Doe Holdings   7c1e2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e04  customer
//! └── Outside Customer   9e8d7c6b-5a49-4382-9160-f5e4d3c2b1a0  customer
//! ```
//!
//! Data only, plus read-only walks: this module must not hold state or people.

/// One tenant.
pub(crate) struct Tenant {
    /// A fixed lowercase UUID.
    pub(crate) id: &'static str,
    /// Its name.
    pub(crate) name: &'static str,
    /// `partner` or `customer`.
    pub(crate) kind: &'static str,
    /// The tenant above it.
    pub(crate) parent_id: &'static str,
}

/// The data center's tenant above the top-level ones (not modeled: no tenant has this id).
pub(crate) const UPSTREAM: &str = "0f1e2d3c-4b5a-4968-8776-655443322110";
/// The root partner tenant (John Doe's, as in the docs).
pub(crate) const ROOT: &str = "ede9f834-70b3-476c-83d9-736f9f8c7dae";
/// Customer A, below the root.
pub(crate) const CUSTOMER_A: &str = "7c1e2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e01";
/// Customer B, below the root.
pub(crate) const CUSTOMER_B: &str = "7c1e2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e02";
/// Customer C, below the root.
pub(crate) const CUSTOMER_C: &str = "7c1e2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e03";
/// Doe Holdings, below the root, with nobody in it.
pub(crate) const DOE_HOLDINGS: &str = "7c1e2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e04";
/// A customer outside the root's tree.
pub(crate) const OUTSIDE: &str = "9e8d7c6b-5a49-4382-9160-f5e4d3c2b1a0";

/// Every tenant, parents before children.
pub(crate) const TENANTS: [Tenant; 6] = [
    Tenant { id: ROOT, name: "Partner", kind: "partner", parent_id: UPSTREAM },
    Tenant { id: CUSTOMER_A, name: "Customer A", kind: "customer", parent_id: ROOT },
    Tenant { id: CUSTOMER_B, name: "Customer B", kind: "customer", parent_id: ROOT },
    Tenant { id: CUSTOMER_C, name: "Customer C", kind: "customer", parent_id: ROOT },
    Tenant { id: DOE_HOLDINGS, name: "Doe Holdings", kind: "customer", parent_id: ROOT },
    Tenant { id: OUTSIDE, name: "Outside Customer", kind: "customer", parent_id: UPSTREAM },
];

/// The tenant with this id.
pub(crate) fn tenant(id: &str) -> Option<&'static Tenant> {
    TENANTS.iter().find(|t| t.id == id)
}

/// Whether `id` is `top` or a tenant below it.
pub(crate) fn within(id: &str, top: &str) -> bool {
    let mut current = tenant(id);
    // The tree is shallow and acyclic; the bound only guards against a mistyped table.
    for _ in 0..=TENANTS.len() {
        match current {
            Some(t) if t.id == top => return true,
            Some(t) => current = tenant(t.parent_id),
            None => return false,
        }
    }
    false
}

/// Tenant names from the topmost modeled tenant down to and including `id`'s.
pub(crate) fn path(id: &str) -> Vec<String> {
    let mut names = vec![];
    let mut current = tenant(id);
    while let Some(t) = current.filter(|_| names.len() <= TENANTS.len()) {
        names.push(t.name.to_string());
        current = tenant(t.parent_id);
    }
    names.reverse();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_walks() {
        assert!(within(CUSTOMER_B, ROOT) && within(ROOT, ROOT) && !within(OUTSIDE, ROOT));
        assert!(!within(ROOT, CUSTOMER_A) && !within(UPSTREAM, ROOT));
        assert_eq!(path(CUSTOMER_A), ["Partner", "Customer A"]);
        assert_eq!(path(OUTSIDE), ["Outside Customer"]);
        assert!(path(UPSTREAM).is_empty());
        assert!(TENANTS.iter().all(|t| crate::codec::is_lower_uuid(t.id)));
    }
}
