//! Roles and the capabilities they grant
//! (docs/config.md#policyroles-roles-and-capabilities).
//!
//! Capabilities are a fixed vocabulary so that a typo in a config is caught
//! at load time rather than silently granting nothing. A role is a set of
//! capabilities held as a bitmask: a permission check is one AND.

use crate::id_hash::IdMap;

/// A permission a role can grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Capability {
    /// Create leads.
    CreateLead,
    /// Hand a newly created lead over to the org's sales managers.
    HandoverToSales,
    /// Choose stages and sub-stages, move a lead through its workflow.
    ManageLifecycle,
    /// Assign a lead to another user of the same org.
    Assign,
    /// Org-to-org handover and cross silo (a sales licence).
    Handover,
    /// Act on every lead of the actor's own org, owned or not.
    ManageOrgLeads,
    /// Link two leads of one project.
    LinkLeads,
    /// Be given leads: be picked by assignment, become a lead's new owner.
    ReceiveLeads,
}

impl Capability {
    /// Every built-in capability, in documentation order.
    pub const ALL: [Capability; 8] = [
        Capability::CreateLead,
        Capability::HandoverToSales,
        Capability::ManageLifecycle,
        Capability::Assign,
        Capability::Handover,
        Capability::ManageOrgLeads,
        Capability::LinkLeads,
        Capability::ReceiveLeads,
    ];

    /// The stable snake_case name used in configs.
    pub const fn as_str(self) -> &'static str {
        match self {
            Capability::CreateLead => "create_lead",
            Capability::HandoverToSales => "handover_to_sales",
            Capability::ManageLifecycle => "manage_lifecycle",
            Capability::Assign => "assign",
            Capability::Handover => "handover",
            Capability::ManageOrgLeads => "manage_org_leads",
            Capability::LinkLeads => "link_leads",
            Capability::ReceiveLeads => "receive_leads",
        }
    }

    /// Looks a capability up by its config name.
    pub fn from_name(name: &str) -> Option<Capability> {
        Capability::ALL.into_iter().find(|c| c.as_str() == name)
    }

    const fn bit(self) -> u64 {
        1 << (self as u32)
    }
}

/// A set of capabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct CapabilitySet(u64);

impl CapabilitySet {
    /// The empty set.
    pub const EMPTY: CapabilitySet = CapabilitySet(0);

    /// A set holding exactly the given capabilities.
    pub fn of(capabilities: &[Capability]) -> Self {
        capabilities
            .iter()
            .fold(CapabilitySet::EMPTY, |set, c| set.with(*c))
    }

    /// This set plus `capability`.
    #[must_use]
    pub const fn with(self, capability: Capability) -> Self {
        CapabilitySet(self.0 | capability.bit())
    }

    /// Whether the set grants `capability`.
    pub const fn has(self, capability: Capability) -> bool {
        self.0 & capability.bit() != 0
    }

    /// The built-in capabilities in the set, in documentation order.
    pub fn iter(self) -> impl Iterator<Item = Capability> {
        Capability::ALL.into_iter().filter(move |c| self.has(*c))
    }

    /// Whether the set holds the capability at `index` of the engine's
    /// vocabulary (built-ins first, then workflow-defined names).
    pub const fn has_index(self, index: u8) -> bool {
        index < 64 && self.0 & (1 << index) != 0
    }

    /// This set plus the capability at `index` (ignored past 63).
    #[must_use]
    pub const fn with_index(self, index: u8) -> Self {
        if index < 64 {
            CapabilitySet(self.0 | (1 << index))
        } else {
            self
        }
    }
}

/// The most capabilities an engine knows: one bit each in a [`CapabilitySet`].
pub const MAX_CAPABILITIES: usize = 64;

/// An engine's capability vocabulary: the built-in names first (their
/// indexes are fixed), then each name a workflow action requires, in the
/// order first met. A role may only grant names listed here, which is how
/// a typo in a role is caught.
#[derive(Debug, Clone)]
pub(crate) struct CapabilityNames {
    names: Vec<Box<str>>,
}

impl CapabilityNames {
    pub(crate) fn builtin() -> Self {
        CapabilityNames {
            names: Capability::ALL.iter().map(|c| c.as_str().into()).collect(),
        }
    }

    /// The index of `name`, adding it if new; `None` once the vocabulary
    /// is full.
    pub(crate) fn intern(&mut self, name: &str) -> Option<u8> {
        if let Some(index) = self.get(name) {
            return Some(index);
        }
        let index = u8::try_from(self.names.len())
            .ok()
            .filter(|&i| usize::from(i) < MAX_CAPABILITIES)?;
        self.names.push(name.into());
        Some(index)
    }

    pub(crate) fn get(&self, name: &str) -> Option<u8> {
        let index = self.names.iter().position(|n| &**n == name)?;
        u8::try_from(index).ok()
    }
}

/// A role known to an engine, by its index in the engine's role table.
/// Resolve one with [`crate::Engine::role`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RoleId(pub(crate) u32);

impl RoleId {
    /// The index of the role in the engine's role table.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The name of the reserved actor for automatic transitions.
pub const SYSTEM_ROLE: &str = "system";

/// The built-in roles and their default capabilities
/// (docs/config.md#policyroles-roles-and-capabilities).
pub(crate) fn builtin_roles() -> [(&'static str, CapabilitySet); 5] {
    use Capability::*;
    [
        ("basic", CapabilitySet::of(&[CreateLead, HandoverToSales])),
        (
            "professional",
            CapabilitySet::of(&[CreateLead, ManageLifecycle, Assign, Handover, ReceiveLeads]),
        ),
        (
            "manager",
            CapabilitySet::of(&[
                CreateLead,
                ManageLifecycle,
                Assign,
                Handover,
                ManageOrgLeads,
                ReceiveLeads,
            ]),
        ),
        (
            "super_user",
            CapabilitySet::of(&[CreateLead, ManageLifecycle, Assign, LinkLeads, ManageOrgLeads]),
        ),
        (SYSTEM_ROLE, CapabilitySet::EMPTY),
    ]
}

/// The role table of an engine: built-in roles with config overrides plus
/// the roles a config adds.
#[derive(Debug, Clone)]
pub(crate) struct RoleTable {
    names: Vec<Box<str>>,
    capabilities: Vec<CapabilitySet>,
    index: IdMap<Box<str>, RoleId>,
    /// The reserved `system` role, looked up once.
    system: Option<RoleId>,
}

impl RoleTable {
    /// The built-in table with `overrides` applied in order (a later entry
    /// for the same name wins). Validation happened before.
    pub(crate) fn new(overrides: &[(String, CapabilitySet)]) -> Self {
        let mut table = RoleTable {
            names: Vec::new(),
            capabilities: Vec::new(),
            index: IdMap::default(),
            system: None,
        };
        for (name, capabilities) in builtin_roles() {
            table.set(name, capabilities);
        }
        for (name, capabilities) in overrides {
            table.set(name, *capabilities);
        }
        table.system = table.get(SYSTEM_ROLE);
        table
    }

    fn set(&mut self, name: &str, capabilities: CapabilitySet) {
        match self.index.get(name) {
            Some(id) => {
                if let Some(slot) = self.capabilities.get_mut(id.0 as usize) {
                    *slot = capabilities;
                }
            }
            None => {
                let id = RoleId(self.names.len() as u32);
                self.names.push(name.into());
                self.capabilities.push(capabilities);
                self.index.insert(name.into(), id);
            }
        }
    }

    pub(crate) fn get(&self, name: &str) -> Option<RoleId> {
        self.index.get(name).copied()
    }

    pub(crate) fn name(&self, role: RoleId) -> &str {
        self.names.get(role.0 as usize).map_or("", |n| n)
    }

    /// Whether `role` is the reserved system actor's.
    pub(crate) fn is_system(&self, role: RoleId) -> bool {
        self.system == Some(role)
    }

    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    pub(crate) fn capabilities(&self, role: RoleId) -> CapabilitySet {
        self.capabilities
            .get(role.0 as usize)
            .copied()
            .unwrap_or(CapabilitySet::EMPTY)
    }
}
